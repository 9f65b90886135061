/** Pair routes: register, record, read (folded from events), history. Lists are in queries.ts. */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import type { Context } from "hono";
import { AsOfDate, latestDay, type Command } from "../../../domain/index.js";
import type { Ledger, WriteResult } from "../../application/ledger.js";
import { scheduledOf } from "../../application/view.js";
import type { EventStore } from "../../ports/event-store.js";
import { requireIdentity, type AppEnv, type AuthConfig } from "../auth.js";
import { ledgerErrorProblem, problem, sendProblem, validationProblem } from "../problem.js";
import {
  HistorySchema,
  PairIdParam,
  PairViewSchema,
  RecordEventBody,
  RegisterPairBody,
  TimeQuerySchema,
  WriteResultSchema,
  commonErrors,
  problemResponse,
  recordEventExamples,
} from "../schemas/index.js";
import { jsonContent, lazyRequest, once } from "../schemas/lazy.js";
import { defaultHook } from "../validation.js";

export interface PairRoutesDeps {
  readonly ledger: Ledger;
  readonly eventStore: EventStore;
  readonly auth: AuthConfig;
}

const etag = (version: number) => `"${version}"`;

/** If-Match: `"3"`, `W/"3"` or `3`; undefined when absent; NaN when unreadable. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

const writeHeaders = once(() =>
  z.object({
    "if-match": z.string().optional().openapi({
      description: "the ETag you last saw: refused with 412 if the pair has moved on since",
      example: '"1"',
    }),
    "idempotency-key": z
      .string()
      .regex(/^[\x21-\x7e]{8,128}$/, "8–128 visible ASCII characters")
      .optional()
      .openapi({
        description:
          "retry-safe key (8–128 visible ASCII characters, e.g. a UUID): a retry with the same key and request returns the original answer and writes nothing; the same key with another request is refused (422). Keys are remembered for IDEMPOTENCY_TTL_HOURS (default 24 h).",
        example: "0193a7c2-5b1e-7c3a-9f00-3d2b1e0c4a55",
      }),
  }),
);

const ETAG_HEADER = {
  description: 'the pair\'s version, e.g. "2": send it back as If-Match',
  required: true,
  schema: { type: "string" as const, pattern: '^"\\d+"$' },
};

const written = (description: string) => ({
  description,
  headers: {
    ETag: ETAG_HEADER,
    "Idempotency-Replayed": {
      description: '"true" when this answers a retry with the same Idempotency-Key (nothing was written)',
      schema: { type: "string" as const, enum: ["true"] },
    },
  },
  content: jsonContent(WriteResultSchema),
});

const writeErrors = {
  400: problemResponse("malformed JSON or an unreadable If-Match", 400),
  401: problemResponse("no identity: send a bearer token (or, in AWS, a signed request or a JWT)", 401),
  409: problemResponse("conflicts with the pair's state or timeline", 409),
  413: problemResponse(
    "the body is over 256 KiB, or the event over the 400 KiB item limit (`limit` says which)",
    413,
  ),
  415: problemResponse("the body is not JSON", 415),
  422: problemResponse(
    "invalid fields (one pointer each), or an Idempotency-Key used for another request",
    422,
  ),
  ...commonErrors,
};

/** Either scheme: a bearer token (local, or a JWT in AWS) or a SigV4-signed request (IAM in AWS). */
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { sigv4: [] }];

const registerRoute = createRoute({
  method: "post",
  path: "/pairs",
  operationId: "registerPair",
  summary: "Register a pair (its establishment event)",
  description:
    "Registering the same two cities again, in either order, is a conflict (409), not a second pair.",
  tags: ["pairs"],
  security: SECURITY,
  request: lazyRequest({
    headers: () => writeHeaders().omit({ "if-match": true }),
    body: () => ({ required: true, content: { "application/json": { schema: RegisterPairBody() } } }),
  }),
  responses: {
    201: {
      ...written("registered (or the original answer to a retry)"),
      headers: {
        ...written("").headers,
        Location: { description: "the pair's URL", required: true, schema: { type: "string" as const } },
      },
    },
    ...writeErrors,
  },
});

const recordRoute = createRoute({
  method: "post",
  path: "/pairs/{pairId}/events",
  operationId: "recordEvent",
  summary: "Record a status change, a decision or a retraction",
  tags: ["pairs"],
  security: SECURITY,
  request: lazyRequest({
    params: PairIdParam,
    headers: writeHeaders,
    body: () => ({
      required: true,
      content: { "application/json": { schema: RecordEventBody(), examples: recordEventExamples } },
    }),
  }),
  responses: {
    200: written("already so (e.g. the same event again): nothing recorded"),
    201: written("recorded (or the original answer to a retry)"),
    ...writeErrors,
    404: problemResponse("no such pair", 404),
    412: {
      ...problemResponse(
        "If-Match is stale: `currentVersion` and the ETag header say where the pair is",
        412,
      ),
      headers: { ETag: ETAG_HEADER },
    },
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/pairs/{pairId}",
  operationId: "getPair",
  summary: "A pair's status, folded from its events; as of a date and/or as known at a time",
  tags: ["pairs"],
  request: lazyRequest({ params: PairIdParam, query: TimeQuerySchema }),
  responses: {
    200: {
      description: "the pair",
      headers: { ETag: ETAG_HEADER },
      content: jsonContent(PairViewSchema),
    },
    404: problemResponse("no such pair", 404),
    422: problemResponse("invalid pair id, asOf or knownAt", 422),
    ...commonErrors,
  },
});

const historyRoute = createRoute({
  method: "get",
  path: "/pairs/{pairId}/events",
  operationId: "getPairHistory",
  summary: "A pair's history as stored, with hashes",
  tags: ["pairs"],
  request: lazyRequest({ params: PairIdParam }),
  responses: {
    200: {
      description: "the events in version order",
      headers: { ETag: ETAG_HEADER },
      content: jsonContent(HistorySchema),
    },
    404: problemResponse("no such pair", 404),
    422: problemResponse("invalid pair id", 422),
    ...commonErrors,
  },
});

function toCommand(body: z.infer<ReturnType<typeof RecordEventBody>>): Command {
  const { type, ...data } = body;
  if (type === "retracted")
    return { kind: "retract", data: data as Extract<Command, { kind: "retract" }>["data"] };
  return { kind: "record", type, data } as Command;
}

export function pairRoutes(deps: PairRoutesDeps) {
  const { ledger, eventStore } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook });
  const auth = requireIdentity(deps.auth);
  app.on("POST", ["/pairs", "/pairs/*"], auth);

  const respond = <S extends 200 | 201>(c: Context<AppEnv>, r: WriteResult, status: S, created = false) => {
    c.header("etag", etag(r.version));
    if (created) c.header("location", `/pairs/${r.pairId}`);
    if (r.replayed) c.header("idempotency-replayed", "true");
    return c.json(
      { pairId: r.pairId, version: r.version, events: [...r.events], replayed: r.replayed },
      status,
    );
  };

  return app
    .openapi(registerRoute, async (c) => {
      const data = c.req.valid("json");
      const out = await ledger.execute(
        undefined,
        { kind: "register", data },
        {
          recordedBy: c.get("identity"),
          idempotencyKey: c.req.valid("header")["idempotency-key"],
        },
      );
      if (!out.ok) {
        // A registration names no existing pair and no version: these two cannot happen here.
        if (out.error.code === "PAIR_NOT_FOUND" || out.error.code === "VERSION_MISMATCH")
          throw new Error(`a registration answered ${out.error.code}`);
        return sendProblem(c, ledgerErrorProblem(out.error));
      }
      return respond(c, out.value, 201, true);
    })
    .openapi(recordRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const headers = c.req.valid("header");
      const expectedVersion = parseIfMatch(headers["if-match"]);
      if (Number.isNaN(expectedVersion))
        return sendProblem(c, problem("bad-if-match", 'send the ETag you received, e.g. "2"'));
      const out = await ledger.execute(pairId, toCommand(c.req.valid("json")), {
        recordedBy: c.get("identity"),
        expectedVersion,
        idempotencyKey: headers["idempotency-key"],
      });
      if (!out.ok) {
        const p = ledgerErrorProblem(out.error);
        const h: Record<string, string> =
          out.error.code === "VERSION_MISMATCH" ? { etag: etag(out.error.current) } : {};
        return sendProblem(c, p, h);
      }
      return out.value.events.length > 0 || out.value.replayed
        ? respond(c, out.value, 201)
        : respond(c, out.value, 200);
    })
    .openapi(getRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const q = c.req.valid("query");
      const asOf = q.asOf === undefined ? undefined : AsOfDate.safeParse(q.asOf);
      if (asOf && !asOf.success)
        return sendProblem(
          c,
          validationProblem(
            [{ in: "query", pointer: "/asOf", detail: "must be a real date: 1944, 2022-03 or 2022-03-09" }],
            "query parameters",
          ),
        );
      // Without asOf, the status is today's: a decision dated later is listed as scheduled.
      const today = ledger.today();
      const reading = await ledger.view(pairId, { asOf: asOf?.data ?? today, knownAt: q.knownAt });
      if (!reading)
        return sendProblem(
          c,
          problem("pair-not-found", `no pair ${pairId} is registered`, { code: "PAIR_NOT_FOUND", pairId }),
        );
      const { view } = reading;
      const scheduled = asOf ? [] : [...scheduledOf(reading, today, q.knownAt)];
      c.header("etag", etag(reading.version));
      return c.json(
        {
          ...view,
          ...(scheduled.length > 0 ? { scheduled } : {}),
          ...(q.asOf ? { asOf: latestDay(q.asOf) } : {}),
          ...(q.knownAt ? { knownAt: q.knownAt } : {}),
        },
        200,
      );
    })
    .openapi(historyRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const events = await eventStore.readStream(pairId);
      if (events.length === 0)
        return sendProblem(
          c,
          problem("pair-not-found", `no pair ${pairId} is registered`, { code: "PAIR_NOT_FOUND", pairId }),
        );
      const version = events.at(-1)?.version ?? 0;
      c.header("etag", etag(version));
      return c.json({ pairId, version, events }, 200);
    });
}
