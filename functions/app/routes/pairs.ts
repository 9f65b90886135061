/** Pair routes: register, record, read (folded from events), history, list (read model). */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import {
  AsOfDate,
  latestDay,
  toDomainEvent,
  viewOf,
  headerOf,
  summarizeEvent,
  type Command,
  type DomainEvent,
} from "../../../domain/index.js";
import type { Ledger, WriteResult } from "../../application/ledger.js";
import type { EventStore } from "../../ports/event-store.js";
import type { ReadModelStore } from "../../ports/read-model.js";
import { requireIdentity, type AppEnv, type AuthConfig } from "../auth.js";
import { ledgerErrorProblem, problem, sendProblem } from "../problem.js";
import {
  HistorySchema,
  ListQuerySchema,
  PairIdParam,
  PairListSchema,
  PairViewSchema,
  RecordEventBody,
  RegisterPairBody,
  TimeQuerySchema,
  WriteResultSchema,
  problemResponse,
} from "../schemas.js";
import { defaultHook } from "../validation.js";

export interface PairRoutesDeps {
  readonly ledger: Ledger;
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
  readonly auth: AuthConfig;
}

const etag = (version: number) => `"${version}"`;

/** If-Match: `"3"`, `W/"3"` or `3`; undefined when absent; NaN when unreadable. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  return m ? Number(m[1]) : Number.NaN;
}

const writeHeaders = z.object({
  "if-match": z.string().optional().openapi({ description: "the version you last saw, as its ETag", example: '"1"' }),
  "idempotency-key": z
    .string()
    .regex(/^[\x21-\x7e]{8,128}$/, "8–128 visible ASCII characters")
    .optional()
    .openapi({ description: "retry-safe key; the same key returns the original result", example: "5b0e9c1e-…" }),
});

const writeResponses = {
  201: { description: "recorded", content: { "application/json": { schema: WriteResultSchema } } },
  400: problemResponse("malformed request"),
  401: problemResponse("no identity"),
  409: problemResponse("conflicts with the pair's state or timeline"),
  412: problemResponse("If-Match is stale"),
  413: problemResponse("too large"),
  415: problemResponse("not JSON"),
  422: problemResponse("invalid fields"),
};

const registerRoute = createRoute({
  method: "post",
  path: "/pairs",
  summary: "Register a pair (its establishment event)",
  tags: ["pairs"],
  security: [{ bearer: [] }],
  request: {
    headers: writeHeaders.omit({ "if-match": true }),
    body: { required: true, content: { "application/json": { schema: RegisterPairBody } } },
  },
  responses: writeResponses,
});

const recordRoute = createRoute({
  method: "post",
  path: "/pairs/{pairId}/events",
  summary: "Record a status change, a decision or a retraction",
  tags: ["pairs"],
  security: [{ bearer: [] }],
  request: {
    params: PairIdParam,
    headers: writeHeaders,
    body: { required: true, content: { "application/json": { schema: RecordEventBody } } },
  },
  responses: {
    ...writeResponses,
    200: { description: "already so: nothing recorded", content: { "application/json": { schema: WriteResultSchema } } },
    404: problemResponse("no such pair"),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/pairs/{pairId}",
  summary: "A pair's status, folded from its events; as of a date and/or as known at a time",
  tags: ["pairs"],
  request: { params: PairIdParam, query: TimeQuerySchema },
  responses: {
    200: { description: "the pair", content: { "application/json": { schema: PairViewSchema } } },
    404: problemResponse("no such pair"),
    422: problemResponse("invalid query"),
  },
});

const historyRoute = createRoute({
  method: "get",
  path: "/pairs/{pairId}/events",
  summary: "A pair's history as stored, with hashes",
  tags: ["pairs"],
  request: { params: PairIdParam },
  responses: {
    200: { description: "the events in version order", content: { "application/json": { schema: HistorySchema } } },
    404: problemResponse("no such pair"),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/pairs",
  summary: "List pairs from the read model; filter by country, city, status or name",
  tags: ["pairs"],
  request: { query: ListQuerySchema },
  responses: {
    200: { description: "a page of pairs", content: { "application/json": { schema: PairListSchema } } },
    422: problemResponse("invalid query"),
  },
});

function toCommand(body: z.infer<typeof RecordEventBody>): Command {
  const { type, ...data } = body;
  if (type === "retracted") return { kind: "retract", data: data as Extract<Command, { kind: "retract" }>["data"] };
  return { kind: "record", type, data } as Command;
}

export function pairRoutes(deps: PairRoutesDeps) {
  const { ledger, eventStore, readModel } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook });
  const auth = requireIdentity(deps.auth);
  app.on("POST", ["/pairs", "/pairs/*"], auth);

  const respond = (c: Parameters<Parameters<typeof app.openapi>[1]>[0], r: WriteResult, created = false) => {
    const status = r.events.length > 0 || r.replayed ? 201 : 200;
    c.header("etag", etag(r.version));
    if (created) c.header("location", `/pairs/${r.pairId}`);
    if (r.replayed) c.header("idempotency-replayed", "true");
    return c.json({ pairId: r.pairId, version: r.version, events: [...r.events], replayed: r.replayed }, status) as never;
  };

  return app
    .openapi(registerRoute, async (c) => {
      const data = c.req.valid("json");
      const out = await ledger.execute(undefined, { kind: "register", data }, {
        recordedBy: c.get("identity"),
        idempotencyKey: c.req.valid("header")["idempotency-key"],
      });
      if (!out.ok) return sendProblem(c, ledgerErrorProblem(out.error)) as never;
      return respond(c, out.value, true);
    })
    .openapi(recordRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const headers = c.req.valid("header");
      const expectedVersion = parseIfMatch(headers["if-match"]);
      if (Number.isNaN(expectedVersion))
        return sendProblem(c, problem(400, "bad-if-match", "If-Match is not a version", 'send the ETag you received, e.g. "2"')) as never;
      const out = await ledger.execute(pairId, toCommand(c.req.valid("json")), {
        recordedBy: c.get("identity"),
        expectedVersion,
        idempotencyKey: headers["idempotency-key"],
      });
      if (!out.ok) {
        const p = ledgerErrorProblem(out.error);
        const h: Record<string, string> = out.error.code === "VERSION_MISMATCH" ? { etag: etag(out.error.current) } : {};
        return sendProblem(c, p, h) as never;
      }
      return respond(c, out.value);
    })
    .openapi(getRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const q = c.req.valid("query");
      const asOf = q.asOf === undefined ? undefined : AsOfDate.safeParse(q.asOf);
      if (asOf && !asOf.success)
        return sendProblem(c, problem(422, "validation", "The request is not valid", "asOf is not a valid date", {
          errors: [{ pointer: "asOf", detail: "must be a real date: 1944, 2022-03 or 2022-03-09" }],
        })) as never;
      const events = (await eventStore.readStream(pairId)).map(toDomainEvent);
      const first = events[0];
      if (!first || first.type !== "established")
        return sendProblem(c, ledgerErrorProblem({ code: "PAIR_NOT_FOUND", pairId, message: `no pair ${pairId} is registered` })) as never;
      const view = viewOf(headerOf(first), events.map(summarizeEvent), { asOf: asOf?.data, knownAt: q.knownAt });
      c.header("etag", etag(events.at(-1)?.version ?? 0));
      return c.json({ ...view, ...(q.asOf ? { asOf: latestDay(q.asOf) } : {}), ...(q.knownAt ? { knownAt: q.knownAt } : {}) }, 200);
    })
    .openapi(historyRoute, async (c) => {
      const { pairId } = c.req.valid("param");
      const events = await eventStore.readStream(pairId);
      if (events.length === 0)
        return sendProblem(c, ledgerErrorProblem({ code: "PAIR_NOT_FOUND", pairId, message: `no pair ${pairId} is registered` })) as never;
      const version = events.at(-1)?.version ?? 0;
      c.header("etag", etag(version));
      return c.json({ pairId, version, events }, 200);
    })
    .openapi(listRoute, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      let page;
      try {
        page = await readModel.list(filter, { limit, cursor });
      } catch (e) {
        if (cursor && e instanceof SyntaxError)
          return sendProblem(c, problem(400, "bad-cursor", "The cursor is not valid", "use the cursor from a previous page")) as never;
        throw e;
      }
      const next = page.cursor
        ? `/pairs?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), limit: String(limit), cursor: page.cursor })}`
        : undefined;
      return c.json({ items: [...page.items], ...(page.cursor ? { cursor: page.cursor, next } : {}) }, 200);
    });
}

export type { DomainEvent };
