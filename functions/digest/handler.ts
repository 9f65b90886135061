/**
 * Lambda entry of the digest publisher: scheduled hourly (EventBridge) and invocable on demand.
 * Verifies every chain and that the ledger extends the last published digest, then puts the new
 * digest (naming the previous one's hash) into the Object Lock bucket. On a break it publishes
 * nothing, records the findings under breaks/ in the bucket, logs them, and emits
 * VerificationBreaks > 0, on which an alarm notifies the operators.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { createS3Publisher } from "../audit/digest-archive.js";
import { verifyThenPublish } from "../audit/guarded-publish.js";
import { buildStores } from "../composition.js";
import { loadConfig } from "../config.js";
import { createMetrics, instrument, metricSink } from "../shared/powertools.js";

const logger = new Logger();
const metrics = createMetrics();
const config = loadConfig();
const stores = buildStores(config);
const bucket = config.digest.bucket;
const archive = bucket
  ? createS3Publisher(new S3Client({ region: config.dynamodb.region }), bucket)
  : undefined;

export const handler = instrument(
  async () => {
    if (!archive) throw new Error("DIGEST_BUCKET is not set: there is nowhere to publish the digest");
    const r = await verifyThenPublish({
      store: stores.eventStore,
      archive,
      metrics: metricSink(metrics),
      segments: 8,
    });
    const { check } = r;
    if (!r.published) {
      logger.error("ledger verification failed: no digest published", {
        breaks: check.breaks,
        findings: check.findings.slice(0, 50),
        against: check.against,
        recordedAt: r.recordedAt,
      });
      return {
        published: false,
        breaks: check.breaks,
        findings: check.findings.slice(0, 50).map((f) => f.message),
        recordedAt: r.recordedAt,
        checkedAt: check.checkedAt,
      };
    }
    logger.info("digest published", {
      location: r.location,
      root: r.digest.root,
      streams: r.digest.streams,
      events: r.digest.events,
      previous: r.digest.previous,
    });
    return {
      published: true,
      location: r.location,
      root: r.digest.root,
      streams: r.digest.streams,
      events: r.digest.events,
      takenAt: r.digest.takenAt,
      ...(r.digest.previous ? { previous: r.digest.previous } : {}),
    };
  },
  { logger, metrics },
);
