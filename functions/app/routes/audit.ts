/**
 * Audit routes (all authenticated): verify a pair or the whole ledger (bounded), the current
 * digest, publish a digest, download an NDJSON export, start and read a replay report.
 * Everything is computed from the events table (the chain), never from the read model.
 */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { stream } from "hono/streaming";
import { uuidv7 } from "uuidv7";
import { CountryCode, PAIR_ID_PATTERN } from "../../../domain/index.js";
import type { DigestPublisher } from "../../audit/digest.js";
import { takeDigest } from "../../audit/digest.js";
import { exportNdjson, type ExportScope } from "../../audit/export.js";
import { capReport } from "../../audit/report.js";
import { runReplay, type ReplayReport } from "../../audit/replay.js";
import { LimitExceededError } from "../../audit/stream-scan.js";
import { verifyLedger, verifyPair } from "../../audit/verify.js";
import type { EventStore } from "../../ports/event-store.js";
import type { ReadModelStore } from "../../ports/read-model.js";
import { requireIdentity, type AppEnv, type AuthConfig } from "../auth.js";
import { problem, sendProblem, validationProblem } from "../problem.js";
import { streamed } from "../responses.js";
import {
  LedgerDigestSchema,
  LedgerVerificationSchema,
  PairIdParam,
  PairVerificationSchema,
  PublishedDigestSchema,
  ReplayEntrySchema,
  ReplayStartedSchema,
  commonErrors,
  problemResponse,
} from "../schemas/index.js";
import { defaultHook } from "../validation.js";

/** Replays started over HTTP, kept in this process (a Lambda container or the local server). */
export interface ReplayEntry {
  readonly id: string;
  readonly status: "running" | "done" | "failed";
  readonly startedAt: string;
  readonly startedBy: string;
  readonly report?: ReplayReport;
  readonly error?: string;
}

export type ReplayRegistry = Map<string, ReplayEntry>;

export interface AuditDeps {
  /** Where POST /audit/digests publishes; without one it answers 503. */
  readonly publisher?: DigestPublisher;
  /** Whole-ledger work over HTTP stops past this many events (default 100,000): use the CLI. */
  readonly maxEvents?: number;
  readonly clock?: () => Date;
  readonly replays?: ReplayRegistry;
  /**
   * Run POST /audit/replays within the request and answer 200 with the report (bounded by
   * maxEvents). For Lambda: work after the response would be frozen, and the next GET may reach
   * another instance. Locally replays run in the background (202, then poll).
   */
  readonly inlineReplays?: boolean;
}

export interface AuditRoutesDeps {
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
  readonly auth: AuthConfig;
  /** Optional: the app's deps may carry it (see functions/audit). */
  readonly audit?: AuditDeps;
}

export const DEFAULT_MAX_AUDIT_EVENTS = 100_000;
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { sigv4: [] }];
const ok = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  401: problemResponse("no identity: audits need authentication", 401),
  ...commonErrors,
};

const routes = {
  verifyPair: createRoute({
    method: "get",
    path: "/audit/pairs/{pairId}/verify",
    summary: "Verify one pair's hash chain (versions from 1, prevHash links, recomputed hashes)",
    tags: ["audit"],
    security: SECURITY,
    request: { params: PairIdParam },
    responses: {
      200: ok("the verification; `ok` false names each break", PairVerificationSchema),
      404: problemResponse("no such pair", 404),
      ...errors,
    },
  }),
  verifyAll: createRoute({
    method: "get",
    path: "/audit/verify",
    summary: "Verify every stream of the ledger (bounded; use `ledger verify` for large ledgers)",
    tags: ["audit"],
    security: SECURITY,
    responses: {
      200: ok("the verification and the current digest", LedgerVerificationSchema),
      422: problemResponse("too many events for HTTP", 422),
      ...errors,
    },
  }),
  digest: createRoute({
    method: "get",
    path: "/audit/digest",
    summary: "The current ledger digest: Merkle root over every stream head, with the heads",
    tags: ["audit"],
    security: SECURITY,
    responses: {
      200: ok(
        "the digest (save it: `ledger verify --against` checks the ledger still extends it)",
        LedgerDigestSchema,
      ),
      422: problemResponse("too many events for HTTP", 422),
      ...errors,
    },
  }),
  publish: createRoute({
    method: "post",
    path: "/audit/digests",
    summary:
      "Take a digest and publish it outside the events table (data folder locally, Object Lock bucket in AWS)",
    tags: ["audit"],
    security: SECURITY,
    responses: {
      201: ok("published; Location says where", PublishedDigestSchema),
      422: problemResponse("too many events for HTTP", 422),
      503: problemResponse("no digest destination is configured", 503),
      ...errors,
    },
  }),
  export: createRoute({
    method: "get",
    path: "/audit/export",
    summary: "Export events as NDJSON (one pair, a country, or everything), ending with a manifest",
    description: "Check it offline with `ledger verify-export <file>`.",
    tags: ["audit"],
    security: SECURITY,
    request: {
      query: z.object({
        pair: z.string().regex(PAIR_ID_PATTERN).optional(),
        country: CountryCode.optional(),
      }),
    },
    responses: {
      200: {
        description: "header line, one line per event, manifest line",
        // A plain schema (not zod): the body is lines of JSON, not one JSON value.
        content: { "application/x-ndjson": { schema: { type: "string" as const } } },
      },
      422: problemResponse("both pair and country, or an invalid one", 422),
      ...errors,
    },
  }),
  startReplay: createRoute({
    method: "post",
    path: "/audit/replays",
    summary:
      "Replay the events and compare them with the read model (locally in the background; in AWS within the request)",
    tags: ["audit"],
    security: SECURITY,
    responses: {
      200: ok("done within the request (AWS): the report", ReplayEntrySchema),
      422: problemResponse("too many events for HTTP", 422),
      202: ok("started; poll Location", ReplayStartedSchema),
      ...errors,
    },
  }),
  getReplay: createRoute({
    method: "get",
    path: "/audit/replays/{id}",
    summary: "A replay's status and, when done, its report",
    tags: ["audit"],
    security: SECURITY,
    request: {
      params: z.object({
        id: z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name: "id", in: "path" } }),
      }),
    },
    responses: {
      200: ok("running, done (with the report) or failed", ReplayEntrySchema),
      404: problemResponse("no such replay here", 404),
      ...errors,
    },
  }),
};

const tooLarge = (e: LimitExceededError) =>
  problem("too-many-events", `${e.message}: run \`ledger verify\` or the replay function`, {
    limit: e.limit,
  });

export function auditRoutes(deps: AuditRoutesDeps) {
  const audit = deps.audit ?? {};
  const maxEvents = audit.maxEvents ?? DEFAULT_MAX_AUDIT_EVENTS;
  const clock = audit.clock ?? (() => new Date());
  const replays: ReplayRegistry = audit.replays ?? new Map();
  const app = new OpenAPIHono<AppEnv>({ defaultHook });
  app.use("/audit/*", requireIdentity(deps.auth));
  const bounded = async <T>(c: Parameters<typeof sendProblem>[0], work: () => Promise<T>) => {
    try {
      return { value: await work() };
    } catch (e) {
      if (e instanceof LimitExceededError) return { response: sendProblem(c, tooLarge(e)) };
      throw e;
    }
  };

  return app
    .openapi(routes.verifyPair, async (c) => {
      const { pairId } = c.req.valid("param");
      const v = await verifyPair(deps.eventStore, pairId);
      if (v.events === 0) return sendProblem(c, problem("pair-not-found", `no events for ${pairId}`));
      return c.json(v, 200);
    })
    .openapi(routes.verifyAll, async (c) => {
      const r = await bounded(c, () => verifyLedger(deps.eventStore, { maxEvents, clock }));
      return r.response ?? c.json(r.value, 200);
    })
    .openapi(routes.digest, async (c) => {
      const r = await bounded(c, () => takeDigest(deps.eventStore, { maxEvents, clock }));
      return r.response ?? c.json(r.value, 200);
    })
    .openapi(routes.publish, async (c) => {
      if (!audit.publisher)
        return sendProblem(
          c,
          problem(
            "no-digest-destination",
            "no digest destination is configured (DIGEST_DIR or DIGEST_BUCKET)",
          ),
        );
      const r = await bounded(c, () => takeDigest(deps.eventStore, { maxEvents, clock }));
      if (r.response) return r.response;
      const { location } = await audit.publisher.publish(r.value);
      const { heads: _heads, ...digest } = r.value;
      c.header("location", location);
      return c.json({ location, digest }, 201);
    })
    .openapi(routes.export, async (c) => {
      const q = c.req.valid("query");
      if (q.pair && q.country)
        return sendProblem(
          c,
          validationProblem(
            [{ in: "query", pointer: "/pair", detail: "give pair or country, not both" }],
            "query parameters",
          ),
        );
      const scope: ExportScope = q.pair
        ? { kind: "pair", pairId: q.pair }
        : q.country
          ? { kind: "country", country: q.country }
          : { kind: "all" };
      const name = q.pair ?? q.country ?? "ledger";
      c.header("content-type", "application/x-ndjson");
      c.header("content-disposition", `attachment; filename="${name}-export.ndjson"`);
      const body = stream(c, async (s) => {
        await exportNdjson(
          deps.eventStore,
          scope,
          { write: (text) => s.write(text).then(() => {}) },
          { clock },
        );
      });
      return streamed(routes.export, body);
    })
    .openapi(routes.startReplay, async (c) => {
      const id = uuidv7();
      const entry: ReplayEntry = {
        id,
        status: "running",
        startedAt: clock().toISOString(),
        startedBy: c.get("identity"),
      };
      if (audit.inlineReplays) {
        const r = await bounded(c, () =>
          runReplay(deps.eventStore, deps.readModel, { mode: "compare", clock, maxEvents }),
        );
        if (r.response) return r.response;
        const done: ReplayEntry = { ...entry, status: "done", report: capReport(r.value, 1000) };
        replays.set(id, done);
        c.header("location", `/audit/replays/${id}`);
        return c.json(done, 200);
      }
      replays.set(id, entry);
      // In process: a compare never writes, so a lost container loses only the report.
      void runReplay(deps.eventStore, deps.readModel, { mode: "compare", clock }).then(
        (report) => replays.set(id, { ...entry, status: "done", report: capReport(report, 1000) }),
        (e: unknown) =>
          replays.set(id, { ...entry, status: "failed", error: e instanceof Error ? e.message : String(e) }),
      );
      c.header("location", `/audit/replays/${id}`);
      return c.json({ id, status: "running" as const, location: `/audit/replays/${id}` }, 202);
    })
    .openapi(routes.getReplay, async (c) => {
      const entry = replays.get(c.req.valid("param").id);
      if (!entry)
        return sendProblem(
          c,
          problem("replay-not-found", "no replay with this id was started by this server"),
        );
      return c.json(entry, 200);
    });
}
