/**
 * Audit routes (all authenticated): verify a pair or the whole ledger (bounded), the current
 * digest, publish a digest, download an NDJSON export, start and read a replay report.
 * Everything is computed from the events table (the chain), never from the read model.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { contextStorage } from "hono/context-storage";
import * as z from "zod";
import { stream } from "hono/streaming";
import { uuidv7 } from "../../shared/uuidv7.js";
import { PAIR_ID_PATTERN } from "../../../domain/index.js";
import { takeDigest } from "../../audit/digest.js";
import { type DigestArchive, latestDigest } from "../../audit/digest-archive.js";
import { type LedgerCheck, verifyThenPublish } from "../../audit/guarded-publish.js";
import { buildProof, type InclusionProof } from "../../audit/proof.js";
import { exportNdjson, type ExportScope } from "../../audit/export.js";
import { capReport } from "../../audit/report.js";
import { runReplay, type ReplayReport } from "../../audit/replay.js";
import { LimitExceededError } from "../../audit/stream-scan.js";
import { verifyLedger, verifyPair } from "../../audit/verify.js";
import type { EventStore } from "../../ports/event-store.js";
import type { ReadModelReader } from "../../ports/read-model.js";
import { requireIdentity, type AppEnv, type AuthConfig } from "../auth.js";
import { type Problem, problem, sendProblem, validationProblem } from "../problem.js";
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
import {
  DigestParams,
  InclusionProofResponse,
  ProofParams,
  ProofQuery,
  PublishedDigestResponse,
  ExportQuery,
  ndjsonResponse,
} from "../schemas/audit-proof.js";
import { jsonContent, lazyRequest } from "../schemas/lazy.js";
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
  /**
   * Where POST /audit/digests publishes (after verifying); without one it answers 503. Locally the
   * data folder; in AWS none (the digest function publishes).
   */
  readonly publisher?: DigestArchive;
  /** Where published digests are read for proofs (defaults to the publisher); in AWS the bucket. */
  readonly archive?: DigestArchive;
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
  /** The local server's interval verification: its latest result shows in the board's header. */
  readonly checks?: { latest(): LedgerCheck | undefined };
}

export interface AuditRoutesDeps {
  readonly eventStore: EventStore;
  readonly readModel: ReadModelReader;
  readonly auth: AuthConfig;
  /** Optional: the app's deps may carry it (see functions/audit). */
  readonly audit?: AuditDeps;
}

export const DEFAULT_MAX_AUDIT_EVENTS = 100_000;
/** Finished replays kept for GET /audit/replays/{id}; older ones are pruned (one runs at a time). */
export const KEPT_REPLAYS = 20;
const SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { sigv4: [] }];
// The answer schema is built when the document is generated (schemas/lazy.ts).
const ok = <S extends z.ZodType>(description: string, schema: () => S) => ({
  description,
  content: jsonContent(schema),
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
    request: lazyRequest({ params: PairIdParam }),
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
      "Verify the ledger, then publish a digest chained to the last one, outside the events table (data folder locally, Object Lock bucket in AWS)",
    tags: ["audit"],
    security: SECURITY,
    responses: {
      201: ok("verified, then published; Location is its /audit/digests/{id}", PublishedDigestSchema),
      409: problemResponse("the ledger does not verify: nothing was published", 409),
      422: problemResponse("too many events for HTTP", 422),
      503: problemResponse("no digest destination is configured", 503),
      ...errors,
    },
  }),
  proof: createRoute({
    method: "get",
    path: "/audit/pairs/{pairId}/proof",
    summary: "An inclusion proof: the pair's events, its head and the path to a published digest's root",
    description:
      "Small (at most ⌈log2 n⌉ sibling hashes) and checkable offline: `ledger verify-proof proof.json --digest digest.json`.",
    tags: ["audit"],
    security: SECURITY,
    request: lazyRequest({ params: ProofParams, query: ProofQuery }),
    responses: {
      200: ok("the proof", InclusionProofResponse),
      404: problemResponse("no such pair, or no such digest", 404),
      409: problemResponse("the digest predates the pair, or the ledger no longer reaches its head", 409),
      503: problemResponse("no published digests are readable here", 503),
      ...errors,
    },
  }),
  publishedDigest: createRoute({
    method: "get",
    path: "/audit/digests/{id}",
    summary: "A published digest, as stored (with every head): the file to check proofs against",
    tags: ["audit"],
    security: SECURITY,
    request: lazyRequest({ params: DigestParams }),
    responses: {
      200: ok("the digest", PublishedDigestResponse),
      404: problemResponse("no such digest", 404),
      503: problemResponse("no published digests are readable here", 503),
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
    request: lazyRequest({
      query: ExportQuery,
    }),
    responses: {
      200: ndjsonResponse,
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
      409: problemResponse("a replay is already running here: poll it", 409),
      ...errors,
    },
  }),
  getReplay: createRoute({
    method: "get",
    path: "/audit/replays/{id}",
    summary: "A replay's status and, when done, its report",
    tags: ["audit"],
    security: SECURITY,
    request: lazyRequest({
      params: () =>
        z.object({
          id: z
            .string()
            .min(1)
            .max(64)
            .openapi({ param: { name: "id", in: "path" }, example: "019ac4f2-7e10-7000-8000-000000000001" }),
        }),
    }),
    responses: {
      200: ok("running, done (with the report) or failed", ReplayEntrySchema),
      404: problemResponse("no such replay here", 404),
      ...errors,
    },
  }),
};

/** What the board's header shows about the latest verification (see board/layout.tsx). */
export interface LedgerCheckSummary {
  readonly checkedAt: string;
  readonly ok: boolean;
  readonly streams: number;
  readonly breaks: number;
}
export type LedgerCheckEnv = { Variables: { ledgerCheck?: LedgerCheckSummary } };

/**
 * Every request carries the latest verification result in its context (Hono's context storage),
 * so the board's page frame can say when the ledger was last verified without each page passing it.
 */
export function ledgerCheckContext(audit?: AuditDeps): MiddlewareHandler {
  const storage = contextStorage();
  return (c, next) => {
    const latest = audit?.checks?.latest();
    if (latest) {
      const { checkedAt, ok, streams, breaks } = latest;
      c.set("ledgerCheck" as never, { checkedAt, ok, streams, breaks } as never);
    }
    return storage(c, next);
  };
}

/** Keep the running replay and the newest KEPT_REPLAYS finished ones (ids are time-ordered uuidv7). */
function pruneReplays(replays: ReplayRegistry) {
  const finished = [...replays.values()]
    .filter((e) => e.status !== "running")
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const e of finished.slice(0, Math.max(0, finished.length - KEPT_REPLAYS))) replays.delete(e.id);
}

const tooLarge = (e: LimitExceededError) =>
  problem("too-many-events", `${e.message}: run \`ledger verify\` or the replay function`, {
    limit: e.limit,
  });

export function auditRoutes(deps: AuditRoutesDeps) {
  const audit = deps.audit ?? {};
  const maxEvents = audit.maxEvents ?? DEFAULT_MAX_AUDIT_EVENTS;
  const clock = audit.clock ?? (() => new Date());
  const replays: ReplayRegistry = audit.replays ?? new Map();
  const archive = audit.archive ?? audit.publisher;
  const noArchive = () =>
    problem("no-digests", "no digest archive is configured (DIGEST_DIR or DIGEST_BUCKET)");
  const proofOf = async (
    pairId: string,
    choice: string,
  ): Promise<{ proof: InclusionProof } | { problem: Problem<404 | 409 | 503> }> => {
    if (!archive) return { problem: noArchive() };
    const published =
      choice === "latest"
        ? await latestDigest(archive)
        : await archive.get(choice).then((d) => d && { id: choice, digest: d });
    if (!published)
      return {
        problem: problem(
          "digest-not-found",
          choice === "latest" ? "no digest has been published yet" : `no digest ${choice}`,
        ),
      };
    const r = await buildProof(deps.eventStore, published, pairId);
    if ("proof" in r) return { proof: r.proof };
    const { kind, message } = r.refused;
    return { problem: problem(kind, message) };
  };
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

  // The board's download beside a pair's chain badge: public, like the events it carries.
  app.get("/board/pairs/:pairId/proof.json", async (c) => {
    const pairId = c.req.param("pairId");
    if (!PAIR_ID_PATTERN.test(pairId)) return sendProblem(c, problem("pair-not-found", "not a pair id"));
    const r = await proofOf(pairId, "latest");
    if ("problem" in r) return sendProblem(c, r.problem);
    c.header("content-disposition", `attachment; filename="${pairId}-proof.json"`);
    return c.json(r.proof, 200);
  });

  // ... and the digests proofs are anchored in, public too: a journalist saves one to check later
  // proofs against it (a digest is a root and heads, nothing the events do not already show).
  app.get("/board/digests/:file{.+\\.json}", async (c) => {
    if (!archive) return sendProblem(c, noArchive());
    const id = c.req.param("file").slice(0, -".json".length);
    const found =
      id === "latest"
        ? await latestDigest(archive)
        : await archive.get(id).then((d) => d && { id, digest: d });
    if (!found) return sendProblem(c, problem("digest-not-found", `no digest ${id}`));
    c.header("content-disposition", `attachment; filename="${found.id}.json"`);
    return c.json(found.digest, 200);
  });

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
      const publisher = audit.publisher;
      const r = await bounded(c, () =>
        verifyThenPublish({ store: deps.eventStore, archive: publisher, maxEvents, clock }),
      );
      if (r.response) return r.response;
      const outcome = r.value;
      if (!outcome.published)
        return sendProblem(
          c,
          problem(
            "ledger-does-not-verify",
            `${outcome.check.breaks} findings; run \`ledger verify\` for all of them`,
            {
              breaks: outcome.check.breaks,
              findings: outcome.check.findings.slice(0, 20).map((f) => f.message),
            },
          ),
        );
      // The id, never the file path or bucket key: a response names no server location.
      const location = `/audit/digests/${outcome.id}`;
      c.header("location", location);
      return c.json({ id: outcome.id, location, digest: outcome.digest }, 201);
    })
    .openapi(routes.publishedDigest, async (c) => {
      if (!archive) return sendProblem(c, noArchive());
      const digest = await archive.get(c.req.valid("param").id);
      if (!digest) return sendProblem(c, problem("digest-not-found", "no digest with this id"));
      return c.json({ ...digest, heads: [...(digest.heads ?? [])] }, 200);
    })
    .openapi(routes.proof, async (c) => {
      const { pairId } = c.req.valid("param");
      const r = await proofOf(pairId, c.req.valid("query").digest);
      if ("problem" in r) return sendProblem(c, r.problem);
      return c.json(r.proof, 200);
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
      const running = [...replays.values()].find((e) => e.status === "running");
      if (running)
        return sendProblem(
          c,
          problem("replay-running", "one replay runs at a time: poll it", { id: running.id }),
          { location: `/audit/replays/${running.id}` },
        );
      const id = uuidv7();
      const entry: ReplayEntry = {
        id,
        status: "running",
        startedAt: clock().toISOString(),
        startedBy: c.get("identity"),
      };
      const keep = (e: ReplayEntry) => {
        replays.set(e.id, e);
        pruneReplays(replays);
      };
      if (audit.inlineReplays) {
        const r = await bounded(c, () =>
          runReplay(deps.eventStore, deps.readModel, { mode: "compare", clock, maxEvents }),
        );
        if (r.response) return r.response;
        const done: ReplayEntry = { ...entry, status: "done", report: capReport(r.value, 1000) };
        keep(done);
        c.header("location", `/audit/replays/${id}`);
        return c.json(done, 200);
      }
      keep(entry);
      // In process: a compare never writes, so a lost container loses only the report. Bounded
      // like the inline path: past maxEvents it fails with the CLI's name in the error.
      void runReplay(deps.eventStore, deps.readModel, { mode: "compare", clock, maxEvents }).then(
        (report) => keep({ ...entry, status: "done", report: capReport(report, 1000) }),
        (e: unknown) =>
          keep({
            ...entry,
            status: "failed",
            error:
              e instanceof LimitExceededError
                ? `${e.message}: run \`ledger replay\` or the replay function`
                : e instanceof Error
                  ? e.message
                  : String(e),
          }),
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
