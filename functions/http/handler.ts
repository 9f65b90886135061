/** Lambda entry for the HTTP API (API Gateway HTTP API v2 → Hono). */
import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { handle } from "hono/aws-lambda";
import { createApp } from "../app/app.js";
import { digestArchiveOf } from "../audit/digest-archive.js";
import { buildLedger, buildStores } from "../composition.js";
import { loadConfig } from "../config.js";
import { createMetrics, instrument, metricSink, withWriteMetrics } from "../shared/metrics.js";

const logger = new Logger();
const metrics = createMetrics();
const config = loadConfig();
const stores = buildStores(config);
const app = createApp({
  ...stores,
  ledger: withWriteMetrics(buildLedger(stores.eventStore, config), metricSink(metrics)),
  auth: config.auth,
  idempotencyTtlHours: config.idempotencyTtlSeconds / 3600,
  // No digest publisher here: the HTTP function may only read the Object Lock bucket (for proofs);
  // the digest function publishes (hourly, or on demand with `aws lambda invoke`). Replays over
  // HTTP run within the request: Lambda freezes work left after the response.
  audit: {
    inlineReplays: true,
    archive: digestArchiveOf(
      { ...(config.digest.bucket ? { bucket: config.digest.bucket } : {}) },
      () => new S3Client({ region: config.dynamodb.region }),
    ),
  },
  onUnexpectedError: (error) => logger.error("unexpected error", error as Error),
});

export const handler = instrument(handle(app), { logger, metrics });
