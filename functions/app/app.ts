/**
 * The Hono app: the same one runs on Lambda (functions/http/handler.ts) and locally
 * (infra/local/start.ts). Routes are factories over their dependencies; errors are problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Ledger } from "../application/ledger.js";
import type { EventStore } from "../ports/event-store.js";
import type { ReadModelStore } from "../ports/read-model.js";
import type { AppEnv, AuthConfig } from "./auth.js";
import { problem, sendProblem } from "./problem.js";
import { metaRoutes } from "./routes/meta.js";
import { pairRoutes } from "./routes/pairs.js";
import { statsRoutes } from "./routes/stats.js";
import { defaultHook } from "./validation.js";

export interface AppDeps {
  readonly ledger: Ledger;
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
  readonly auth: AuthConfig;
  /** Called for unexpected errors (logging). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook });

  app.use("*", async (c, next) => {
    await next();
    c.header("x-content-type-options", "nosniff");
  });

  app.on(["POST", "PUT", "PATCH"], "*", async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type))
      return sendProblem(
        c,
        problem(415, "unsupported-media-type", "Send JSON", `content-type must be application/json, not "${type || "none"}"`),
        { accept: "application/json" },
      );
    await next();
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        sendProblem(c, problem(413, "body-too-large", "The request body is too large", `the limit is ${MAX_BODY_BYTES} bytes`, { limit: MAX_BODY_BYTES })),
    }),
  );

  app.route("/", metaRoutes());
  app.route("/", pairRoutes(deps));
  app.route("/", statsRoutes(deps));

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Sister City Ledger",
      version: "0.1.0",
      description: "The authoritative, verifiable history of sister-city relationships.",
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

  app.notFound((c) => sendProblem(c, problem(404, "not-found", "Not found", `no route ${c.req.method} ${c.req.path}`)));

  app.onError((error, c) => {
    if (error instanceof HTTPException) {
      const status = error.status;
      const detail =
        status === 400 && /JSON/i.test(error.message) ? "the body is not valid JSON" : error.message || "bad request";
      return sendProblem(c, problem(status, status === 400 ? "malformed" : "http-error", "The request cannot be read", detail));
    }
    deps.onUnexpectedError?.(error);
    return sendProblem(c, problem(500, "internal", "Internal error", "the ledger could not complete the request; nothing was written unless a version was returned"));
  });

  return app;
}

export type LedgerApp = ReturnType<typeof createApp>;
