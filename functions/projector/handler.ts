/** Lambda entry for the projector (DynamoDB stream of the events table → read model). */
import { Logger } from "@aws-lambda-powertools/logger";
import { eventOfRecord } from "../adapters/dynamodb/stream-records.js";
import { buildStores } from "../composition.js";
import { loadConfig } from "../config.js";
import { withProjectorMetrics } from "../shared/metrics.js";
import { createMetrics, instrument, metricSink } from "../shared/powertools.js";
import { createStreamHandler } from "./handler-core.js";
import { createProjector } from "./projector.js";

const logger = new Logger();
const metrics = createMetrics();
const stores = buildStores(loadConfig());

export const handler = instrument(
  createStreamHandler(
    withProjectorMetrics(createProjector(stores), metricSink(metrics)),
    eventOfRecord,
    logger,
  ),
  { logger, metrics },
);
