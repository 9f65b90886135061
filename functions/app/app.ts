/**
 * The whole app: the API and the status board, as `npm start` and the tests run it. In AWS they
 * are two functions behind one HTTP API (infra/constructs/ledger-api.ts routes the board's paths
 * to its own function), so the API's cold path carries only the API.
 */
import { type AppDeps, createApiApp } from "./api-app.js";
import { boardRoutes } from "./board/routes.js";
import { ledgerCheckContext } from "./routes/audit.js";

export type { AppDeps } from "./api-app.js";
export { MAX_BODY_BYTES } from "./api-app.js";

export function createApp(deps: AppDeps) {
  const app = createApiApp(deps);
  // The latest ledger verification (npm start verifies on an interval), for the board's header.
  app.use("*", ledgerCheckContext(deps.audit));
  app.route("/", boardRoutes(deps));
  return app;
}

export type LedgerApp = ReturnType<typeof createApp>;
