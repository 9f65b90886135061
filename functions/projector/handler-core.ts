/**
 * The stream batch handler, shared by the Lambda entry and the local stream poller. Records of a
 * batch are applied one after another (never in parallel: order per pair matters); failures are
 * reported per record so Lambda (or the poller) redelivers from the first failed one.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { Projector } from "./projector.js";
import { eventOfRecord } from "./stream-records.js";

export function createStreamHandler(projector: Projector, logger?: Pick<Logger, "info" | "error">) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    const record = async (r: DynamoDBRecord) => {
      const e = eventOfRecord(r);
      if (!e) return "skipped";
      const outcome = await projector.apply(e);
      logger?.info("projected", { pairId: e.pairId, version: e.version, outcome });
      return outcome;
    };
    return processPartialResponse(event, record, processor, {
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });
  };
}
