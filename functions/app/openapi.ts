/** The OpenAPI 3.1 document at /openapi.json: info, tags and security schemes around the routes. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./auth.js";
import { problem } from "./problem.js";

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
  const config = {
    openapi: "3.1.0",
    info: {
      title: "Sister City Ledger",
      version: "0.1.0",
      description: description(options.idempotencyTtlHours),
    },
    // Relative: the server this document was fetched from (also below an API Gateway stage path).
    servers: [{ url: "./", description: "the deployment that serves this document" }],
    tags: [
      { name: "pairs", description: "Register pairs, record what happened to them, read them back" },
      { name: "queries", description: "Lists and counts from the read model" },
      { name: "audit", description: "Verify the hash chains, take digests, export, replay (authenticated)" },
      { name: "meta", description: "Health and this document" },
    ],
    "x-idempotency-ttl-hours": options.idempotencyTtlHours,
  };
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get("/openapi.json", (c) => {
    document ??= completeOperations(app.getOpenAPI31Document(config));
    return c.json(document);
  });
}

type Operation = {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, unknown>;
  [key: string]: unknown;
};

/** `get /pairs/{pairId}/events` → `getPairsPairIdEvents`: for operations that name none. */
const derivedId = (method: string, path: string) =>
  method +
  path
    .split(/[/{}-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");

/**
 * What every operation has, filled in where a route leaves it out: an operationId (generators
 * name functions after it), `security: []` on the public ones (so linters and the docs UI see
 * they need no credentials), and the 422 every route answers for an unknown query parameter.
 */
export function completeOperations<D extends { paths?: Record<string, unknown> }>(doc: D): D {
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      op.operationId ??= derivedId(method, path);
      op.security ??= [];
      op.responses ??= {};
      op.responses["422"] ??= problemResponseObject(
        "an unknown query parameter (this operation takes only those listed)",
      );
    }
  return doc;
}

const unknownParameterExample = problem("validation", "1 invalid field(s) in the query parameters", {
  errors: [
    { in: "query", pointer: "/stauts", detail: 'unknown query parameter "stauts": this route takes …' },
  ],
});

const problemResponseObject = (description: string) => ({
  description,
  content: {
    "application/problem+json": {
      schema: { $ref: "#/components/schemas/Problem" },
      example: unknownParameterExample,
    },
  },
});
