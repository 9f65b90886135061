/** Lambda entry for the HTTP API (API Gateway HTTP API v2 → Hono). */
import { handle } from "hono/aws-lambda";
import { createApiApp } from "../app/api-app.js";
import { buildLedger, buildStores } from "../composition.js";
import { loadConfig } from "../config.js";

const config = loadConfig();
const stores = buildStores(config);
const app = createApiApp({
  ...stores,
  ledger: buildLedger(stores.eventStore, config),
  auth: config.auth,
  idempotencyTtlHours: config.idempotencyTtlSeconds / 3600,
  // No digest publisher here: the HTTP function may only read the Object Lock bucket; the digest
  // function publishes (hourly, or on demand with `aws lambda invoke`). Replays over HTTP run
  // within the request: Lambda freezes work left after the response.
  audit: { inlineReplays: true },
  // The function's log format is JSON (infra/constructs/ledger-function.ts): Lambda itself turns
  // console.error into a structured ERROR record with the request id, so the HTTP bundle does not
  // carry a logging library (~24 KB, BENCHMARKS.md).
  onUnexpectedError: (error) => console.error("unexpected error", error),
});

export const handler = handle(app);
