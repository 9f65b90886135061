/** Lambda entry for the HTTP API (API Gateway HTTP API v2 → Hono). */
import { Logger } from "@aws-lambda-powertools/logger";
import { handle } from "hono/aws-lambda";
import { createApp } from "../app/app.js";
import { buildLedger, buildStores } from "../composition.js";
import { loadConfig } from "../config.js";

const logger = new Logger({ serviceName: "ledger-http" });
const config = loadConfig();
const stores = buildStores(config);
const app = createApp({
  ...stores,
  ledger: buildLedger(stores.eventStore, config),
  auth: config.auth,
  idempotencyTtlHours: config.idempotencyTtlSeconds / 3600,
  // No digest publisher here: the HTTP function may only read the Object Lock bucket; the digest
  // function publishes (hourly, or on demand with `aws lambda invoke`). Replays over HTTP run
  // within the request: Lambda freezes work left after the response.
  audit: { inlineReplays: true },
  onUnexpectedError: (error) => logger.error("unexpected error", error as Error),
});

export const handler = handle(app);
