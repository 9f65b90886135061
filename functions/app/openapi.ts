/** The OpenAPI 3.1 document at /openapi.json: info, tags and security schemes around the routes. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./auth.js";

/** IDEMPOTENCY_TTL_HOURS when unset (functions/config.ts has the same default). */
export const DEFAULT_IDEMPOTENCY_TTL_HOURS = 24;

const description = (ttlHours: number) => `The authoritative, verifiable history of sister-city relationships.

Every status change is an immutable, sourced, hash-chained event. Reads of one pair are folded from its
events (consistent); lists and counts come from a read model, and each entry says the version it reflects.

**Errors** are RFC 9457 \`application/problem+json\` with \`type\`, \`title\`, \`status\` and \`detail\`;
validation errors (422) list \`errors[]\`, each with \`in\` (body, query, header, path), a JSON
\`pointer\` and a \`detail\`.

**Concurrency**: every pair response carries an \`ETag\` (the stream version, e.g. \`"3"\`). Send it back
as \`If-Match\` when recording an event: if the pair has moved on, the answer is 412 with
\`currentVersion\` and the current \`ETag\`, and nothing is written.

**Retries**: send an \`Idempotency-Key\` (8–128 visible ASCII characters) with a write. A retry with the
same key and the same request returns the original answer (201, header \`Idempotency-Replayed: true\`)
and writes nothing; the same key with a different request is refused with 422. Keys are remembered for
${ttlHours} hours (IDEMPOTENCY_TTL_HOURS, default ${DEFAULT_IDEMPOTENCY_TTL_HOURS}); after that a key
may be used again.

**Limits**: request bodies up to 256 KiB (413 above); a stored event up to 400 KiB (413 with the limit).

**Who recorded it**: \`recordedBy\` is the caller's identity (the bearer token's operator locally; the IAM
principal or JWT subject in AWS), never a field of the body.`;

export function registerDocument(
  app: OpenAPIHono<AppEnv>,
  options: { readonly idempotencyTtlHours: number },
) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description:
      "Locally: the token in LEDGER_TOKEN (printed at start when generated). In AWS with the JWT authorizer: an access token from the configured issuer; the subject becomes recordedBy.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "sigv4", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description:
      "In AWS with the IAM authorizer: sign the request with AWS Signature Version 4 (service execute-api); the principal ARN becomes recordedBy.",
    "x-amazon-apigateway-authtype": "awsSigv4",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Sister City Ledger",
      version: "0.1.0",
      description: description(options.idempotencyTtlHours),
    },
    tags: [
      { name: "pairs", description: "Register pairs, record what happened to them, read them back" },
      { name: "queries", description: "Lists and counts from the read model" },
      { name: "meta", description: "Health and this document" },
    ],
    "x-idempotency-ttl-hours": options.idempotencyTtlHours,
  });
}
