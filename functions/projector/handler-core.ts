/**
 * The stream batch handler, shared by the Lambda entry and the local stream poller. A batch's
 * records are grouped by pair, one pair's records in order: the pairs' documents are read together
 * and written in shared transactions (the projector's applyPairs), a pair whose shared write did
 * not land applied on its own. Failures are reported per record (ReportBatchItemFailures):
 * for a failed pair, its first record of the batch; Lambda (or the poller) checkpoints before the
 * lowest one reported and redelivers from there, and the records after it that were already
 * applied come back as harmless duplicates.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { StoredEvent } from "../../domain/index.js";
import type { Projector } from "./projector.js";

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
    const works = [...pairs.values()];
    const outcomes = await projector.applyPairs(works.map((w) => w.events));
    for (const work of works) {
      const e = work.events[0] as StoredEvent;
      const outcome = outcomes.get(e.pairId);
      if (outcome !== undefined && !(outcome instanceof Error)) {
        applied += work.events.length;
        continue;
      }
      logger?.error("projection failed", { pairId: e.pairId, version: e.version, error: String(outcome) });
      failures.push(work.first);
    }
    logger?.info("batch projected", {
      records: event.Records.length,
      pairs: pairs.size,
      applied,
      failed: failures.length,
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
