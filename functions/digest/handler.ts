/**
 * Lambda entry of the digest publisher: scheduled hourly (EventBridge) and invocable on demand.
 * Takes the digest from a scan of the events table and puts it into the Object Lock bucket.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { S3Client } from "@aws-sdk/client-s3";
import { createS3Publisher, takeDigest } from "../audit/digest.js";
import { buildStores } from "../composition.js";
import { loadConfig } from "../config.js";

const logger = new Logger({ serviceName: "ledger-digest" });
const config = loadConfig();
const stores = buildStores(config);
const bucket = config.digest.bucket;
const publisher = bucket
  ? createS3Publisher(new S3Client({ region: config.dynamodb.region }), bucket)
  : undefined;

export const handler = async () => {
  if (!publisher) throw new Error("DIGEST_BUCKET is not set: there is nowhere to publish the digest");
  const digest = await takeDigest(stores.eventStore, { segments: 8 });
  const { location } = await publisher.publish(digest);
  logger.info("digest published", {
    location,
    root: digest.root,
    streams: digest.streams,
    events: digest.events,
  });
  return {
    location,
    root: digest.root,
    streams: digest.streams,
    events: digest.events,
    takenAt: digest.takenAt,
  };
};
