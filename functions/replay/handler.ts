/**
 * Lambda entry for the replay engine (long timeout, invoked with a payload):
 *   { "mode": "compare" }                      compare the read model with a replay (default)
 *   { "mode": "repair" }                       write the replayed documents where they differ
 *   { "mode": "into", "target": "<table>" }   rebuild into another read-model table (blue/green)
 * Returns the report (lists capped so the response stays under Lambda's 6 MB).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { createDynamoReadModel } from "../adapters/dynamodb/dynamodb-read-model.js";
import { capReport } from "../audit/report.js";
import { runReplay, type ReplayMode } from "../audit/replay.js";
import { buildStores, createDocumentClient } from "../composition.js";
import { loadConfig } from "../config.js";
import { createMetrics, instrument } from "../shared/powertools.js";

const logger = new Logger();
const metrics = createMetrics();
const config = loadConfig();
const doc = createDocumentClient(config.dynamodb);
const stores = buildStores(config, doc);
const MODES: readonly ReplayMode[] = ["compare", "repair", "into"];

export interface ReplayPayload {
  readonly mode?: ReplayMode;
  readonly target?: string;
  readonly segments?: number;
}

export const handler = instrument(
  async (payload: ReplayPayload = {}) => {
    const mode = payload.mode ?? "compare";
    if (!MODES.includes(mode))
      throw new Error(`mode must be one of ${MODES.join(", ")}, not ${String(mode)}`);
    if (mode === "into" && !payload.target)
      throw new Error('mode "into" needs a "target" read-model table name');
    const report = await runReplay(stores.eventStore, stores.readModel, {
      mode,
      segments: payload.segments ?? 8,
      ...(mode === "into" && payload.target
        ? { target: createDynamoReadModel(doc, payload.target), targetName: payload.target }
        : {}),
    });
    logger.info("replay finished", {
      mode,
      clean: report.clean,
      streams: report.streams,
      events: report.events,
      eventsPerSecond: report.eventsPerSecond,
      chainBreaks: report.chainBreaks.length,
      missing: report.missing.length,
      extra: report.extra.length,
      differing: report.differing.length,
    });
    return capReport(report, 1000);
  },
  { logger, metrics },
);
