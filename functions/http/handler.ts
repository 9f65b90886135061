/** Lambda entry for the HTTP API (API Gateway HTTP API v2 → Hono). */
// First: zod is told to run jitless before any schema is built (see the module).
import "./zod-jitless.js";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { handle } from "hono/aws-lambda";
import { createApiApp } from "../app/api-app.js";
import { digestArchiveOf } from "../audit/digest-archive.js";
import { buildLedger, buildReadingStores } from "../composition.js";
import { loadConfig } from "../config.js";
import { METRICS_SERVICE, createEmfSink, withWriteMetrics } from "../shared/metrics.js";

// EMF by hand, not Powertools Metrics: the same lines, ~15 KB less on the API's cold path.
const metrics = createEmfSink({ service: METRICS_SERVICE });
const config = loadConfig();
const stores = buildReadingStores(config);
const app = createApiApp({
  ...stores,
  ledger: withWriteMetrics(buildLedger(stores.eventStore, config), metrics),
  auth: config.auth,
  idempotencyTtlHours: config.idempotencyTtlSeconds / 3600,
  // No digest publisher here: the HTTP function may only read the Object Lock bucket (for proofs);
  // the digest function publishes (hourly, or on demand with `aws lambda invoke`). Replays over
  // HTTP run within the request: Lambda freezes work left after the response.
  audit: {
    inlineReplays: true,
    archive: digestArchiveOf(
      { ...(config.digest.bucket ? { bucket: config.digest.bucket } : {}) },
      async () => new (await import("@aws-sdk/client-s3")).S3Client({ region: config.dynamodb.region }),
    ),
  },
  // The function's log format is JSON (infra/constructs/ledger-function.ts): Lambda itself turns
  // console.error into a structured ERROR record with the request id, so the HTTP bundle does not
  // carry a logging library (~24 KB, BENCHMARKS.md).
  onUnexpectedError: (error) => console.error("unexpected error", error),
});

const answer = handle(app);

export const handler = async (event: LambdaEvent, context: LambdaContext) => {
  try {
    return await answer(event, context);
  } finally {
    metrics.flush();
  }
};
