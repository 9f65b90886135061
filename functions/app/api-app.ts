/**
 * The API: the same app runs on Lambda (functions/http/handler.ts) and, with the status board
 * beside it, locally (app.ts). Routes are factories over their dependencies; errors are
 * problem+json. The board is not imported here, so the API's bundle does not carry it.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Ledger } from "../application/ledger.js";
import type { EventStore } from "../ports/event-store.js";
import type { ReadModelReader } from "../ports/read-model.js";
import type { AppEnv, AuthConfig } from "./auth.js";
import { MAX_BODY_BYTES } from "./limits.js";
import { noSniff } from "./no-sniff.js";
import { problem, sendProblem } from "./problem.js";
import { unknownQueryGuard } from "./query-guard.js";
import { createMethodIndex } from "./routing.js";
import { metaRoutes } from "./routes/meta.js";
import { pairRoutes } from "./routes/pairs.js";
import { queryRoutes } from "./routes/queries.js";
import { auditRoutes, type AuditDeps } from "./routes/audit.js";
import { statsRoutes } from "./routes/stats.js";
import { timelineRoutes } from "./routes/timeline.js";
import { DEFAULT_IDEMPOTENCY_TTL_HOURS, registerDocument } from "./openapi.js";
import { defaultHook } from "./validation.js";

export interface AppDeps {
  readonly ledger: Ledger;
  readonly eventStore: EventStore;
  readonly readModel: ReadModelReader;
  readonly auth: AuthConfig;
  /** How long an Idempotency-Key is remembered (IDEMPOTENCY_TTL_HOURS); documented in /openapi.json. */
  readonly idempotencyTtlHours?: number;
  /** Digest publishing and limits for /audit (locally a folder; in AWS the digest Lambda publishes). */
  readonly audit?: AuditDeps;
  /** Called for unexpected errors (logging). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

export { MAX_BODY_BYTES };

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const hasBody = (c: Context) =>
  (c.req.header("content-length") ?? "0") !== "0" || c.req.header("transfer-encoding") !== undefined;

export function createApiApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook });
  const methods = createMethodIndex(() => app.routes);

  app.use("*", noSniff);

  // 415 only for a request some route will take: otherwise the answer is 404 or 405.
  app.on(["POST", "PUT", "PATCH"], "*", async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    // JSON first: the routes are matched (every pattern tried) only for a body that is not JSON.
    if (JSON_TYPE.test(type) || (type === "" && !hasBody(c))) return next();
    if (methods.allowed(c.req.path).includes(c.req.method))
      return sendProblem(
        c,
        problem("unsupported-media-type", `content-type must be application/json, not "${type || "none"}"`),
        { accept: "application/json" },
      );
    await next();
  });

  app.use(
    "*",
    unknownQueryGuard(() =>
      app.openAPIRegistry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : [])),
    ),
  );

  // The body limit reads content-length when it is sent; only a chunked body is counted as it is
  // read (hono's bodyLimit). A GET or HEAD has no body: it is not looked at, so the local server
  // (@hono/node-server) never builds a full fetch Request for it (bodyLimit reads `c.req.raw.body`,
  // which costs about as much CPU as the rest of a GET; BENCHMARKS.md, "Issue 12").
  const tooLarge = (c: Context) =>
    sendProblem(
      c,
      problem("body-too-large", `the limit is ${MAX_BODY_BYTES} bytes`, { limit: MAX_BODY_BYTES }),
    );
  const countedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use("*", async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined) return countedLimit(c, next);
    return Number.parseInt(length, 10) > MAX_BODY_BYTES ? tooLarge(c) : next();
  });

  // Route modules. Each is a factory over its dependencies; keep one line per module.
  app.route("/", metaRoutes());
  app.route("/", pairRoutes(deps));
  app.route("/", queryRoutes(deps));
  app.route("/", statsRoutes(deps));
  app.route("/", timelineRoutes(deps));
  app.route("/", auditRoutes(deps));

  registerDocument(app, { idempotencyTtlHours: deps.idempotencyTtlHours ?? DEFAULT_IDEMPOTENCY_TTL_HOURS });

  app.notFound((c) => {
    const allow = methods.allowed(c.req.path);
    if (allow.length > 0 && !allow.includes(c.req.method))
      return sendProblem(
        c,
        problem("method-not-allowed", `${c.req.path} answers ${allow.join(", ")}, not ${c.req.method}`, {
          allow,
        }),
        { allow: allow.join(", ") },
      );
    return sendProblem(c, problem("not-found", `no route ${c.req.method} ${c.req.path}`));
  });

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 415)
        return sendProblem(c, problem("unsupported-media-type", "content-type must be application/json"), {
          accept: "application/json",
        });
      const detail =
        status === 400 && /JSON/i.test(error.message)
          ? "the body is not valid JSON"
          : error.message || "bad request";
      // Any other status hono raises keeps its status, with the catalogue's "malformed" wording.
      return sendProblem(c, { ...problem("malformed", detail), status });
    }
    deps.onUnexpectedError?.(error);
    return sendProblem(
      c,
      problem(
        "internal",
        "the ledger could not complete the request; nothing was written unless a version was returned",
      ),
    );
  });

  return app;
}

export type ApiApp = ReturnType<typeof createApiApp>;
