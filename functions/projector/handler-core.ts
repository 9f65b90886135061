/**
 * The stream batch handler, shared by the Lambda entry and the local stream poller. A batch's
 * records are grouped by pair: different pairs are applied side by side, one pair's records in
 * order with one read-model write. Failures are reported per record (ReportBatchItemFailures):
 * for a failed pair, its first record of the batch; Lambda (or the poller) checkpoints before the
 * lowest one reported and redelivers from there, and the records after it that were already
 * applied come back as harmless duplicates.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { StoredEvent } from "../../domain/index.js";
import { forEachLimited } from "../shared/concurrency.js";
import type { Projector } from "./projector.js";

/** Pairs applied at once within a batch. */
export const PAIRS_IN_FLIGHT = 16;

interface PairWork {
  readonly events: StoredEvent[];
  /** The sequence number of the pair's first record in the batch (what a failure reports). */
  readonly first: string;
}

/**
 * The event a stream record carries, or undefined for records that carry none (removals, other
 * items). The events table's adapter owns its item layout, so it supplies this
 * (functions/adapters/dynamodb/stream-records.ts).
 */
export type EventOfRecord = (record: DynamoDBRecord) => StoredEvent | undefined;

export function createStreamHandler(
  projector: Projector,
  eventOfRecord: EventOfRecord,
  logger?: Pick<Logger, "info" | "error">,
  options: { readonly pairsInFlight?: number } = {},
) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures: string[] = [];
    const pairs = new Map<string, PairWork>();
    for (const r of event.Records) {
      const id = r.dynamodb?.SequenceNumber ?? "";
      let e: StoredEvent | undefined;
      try {
        e = eventOfRecord(r);
      } catch (error) {
        // Not a readable event: report it. A later record of its pair cannot overtake it: that
        // pair's document stays behind, so its next record reads the gap from the events table.
        logger?.error("unreadable stream record", { sequenceNumber: id, error: String(error) });
        failures.push(id);
        continue;
      }
      if (!e) continue;
      const work = pairs.get(e.pairId);
      if (work) work.events.push(e);
      else pairs.set(e.pairId, { events: [e], first: id });
    }
    let applied = 0;
    await forEachLimited([...pairs.values()], options.pairsInFlight ?? PAIRS_IN_FLIGHT, async (work) => {
      try {
        await projector.applyPair(work.events);
        applied += work.events.length;
      } catch (error) {
        const e = work.events[0] as StoredEvent;
        logger?.error("projection failed", { pairId: e.pairId, version: e.version, error: String(error) });
        failures.push(work.first);
      }
    });
    logger?.info("batch projected", {
      records: event.Records.length,
      pairs: pairs.size,
      applied,
      failed: failures.length,
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
