/**
 * DynamoDB event store: one item per event (pk = pair id, sk = version), conditional writes so
 * exactly one writer wins a version, consistent paginated reads, parallel scans for replay.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { StoredEvent } from "../../../domain/index.js";
import {
  StoreError,
  type EventStore,
  type IdempotencyRecord,
  type ScanPage,
} from "../../ports/event-store.js";
import { backoffDelay, sleep } from "../../shared/backoff.js";
import { checkAppend } from "../append-guard.js";
import { queryPages } from "./paged-reads.js";
import { NON_EVENT_PREFIX, eventsTable } from "./tables.js";

const PK = eventsTable.partitionKey.name;
const SK = eventsTable.sortKey.name;
const TTL = eventsTable.timeToLiveAttribute;

/** Pauses before trying a transaction cancelled by a concurrent one again: 40, 80, … 640 ms at most, jittered. */
const TRANSACTION_BACKOFF = { baseMs: 40, maxMs: 640 } as const;

export const idempotencyPk = (key: string) => `${NON_EVENT_PREFIX}idem#${key}`;

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
const decodeCursor = (cursor: string | undefined) =>
  cursor ? (JSON.parse(Buffer.from(cursor, "base64url").toString()) as Record<string, unknown>) : undefined;

/** A stored item as an event (DynamoDB returns numbers as numbers through the document client). */
export function itemToEvent(item: Record<string, unknown>): StoredEvent {
  const { pairId, version, eventId, type, schemaVersion, data, recordedAt, recordedBy, prevHash, hash } =
    item;
  return {
    pairId,
    version,
    eventId,
    type,
    schemaVersion,
    data,
    recordedAt,
    recordedBy,
    prevHash,
    hash,
  } as StoredEvent;
}

export const isEventItem = (item: Record<string, unknown>) =>
  typeof item[PK] === "string" && !(item[PK] as string).startsWith(NON_EVENT_PREFIX);

export function createDynamoEventStore(doc: DynamoDBDocumentClient, tableName: string): EventStore {
  async function headVersion(pairId: string): Promise<number> {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": pairId },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
        ProjectionExpression: "#sk",
      }),
    );
    return Number(out.Items?.[0]?.[SK] ?? 0);
  }

  async function conflict(pairId: string, mineHash: string | undefined, existing?: Record<string, unknown>) {
    // A retried request whose first attempt did land finds its own event: that is success.
    if (existing && existing.hash === mineHash) return;
    const currentVersion = await headVersion(pairId);
    throw new StoreError("VERSION_CONFLICT", `${pairId} is at version ${currentVersion}`, { currentVersion });
  }

  const putEvent = (e: StoredEvent) => ({
    TableName: tableName,
    Item: { ...e },
    ConditionExpression: "attribute_not_exists(#pk)",
    ExpressionAttributeNames: { "#pk": PK },
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  });

  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
  async function append(
    pairId: string,
    expectedVersion: number,
    events: readonly StoredEvent[],
    idempotency?: IdempotencyRecord,
  ) {
    checkAppend(pairId, expectedVersion, events);
    const first = events[0];
    if (!first) return;
    if (events.length === 1 && !idempotency) {
      try {
        await doc.send(new PutCommand(putEvent(first)));
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        await conflict(
          pairId,
          first.hash,
          unmarshallHash(e.Item as Record<string, { S?: string }> | undefined),
        );
      }
      return;
    }
    const idemItem = idempotency && {
      Put: {
        TableName: tableName,
        // The record sits in its own map: its pairId must not collide with the key attribute.
        Item: {
          [PK]: idempotencyPk(idempotency.key),
          [SK]: 0,
          [TTL]: idempotency.expiresAt,
          record: idempotency,
        },
        // An expired key (TTL deletion is lazy) may be taken again.
        ConditionExpression: "attribute_not_exists(#pk) OR #ttl < :now",
        ExpressionAttributeNames: { "#pk": PK, "#ttl": TTL },
        ExpressionAttributeValues: { ":now": Math.floor(Date.parse(idempotency.recordedAt) / 1000) },
      },
    };
    const items = [...events.map((e) => ({ Put: putEvent(e) })), ...(idemItem ? [idemItem] : [])];
    for (let attempt = 1; ; attempt++) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: items,
            // The SDK's own retries of one attempt reuse the token, so a lost response cannot
            // apply twice; a new attempt after a cancellation gets a token of its own.
            ClientRequestToken: `${first.hash.slice(0, 32)}-${attempt}`,
          }),
        );
        return;
      } catch (e) {
        if (!(e instanceof TransactionCanceledException)) throw e;
        const reasons = e.CancellationReasons ?? [];
        // A held key comes first: a retried request whose event also landed is answered from it.
        if (idempotency && reasons[events.length]?.Code === "ConditionalCheckFailed")
          throw new StoreError("IDEMPOTENCY_KEY_TAKEN", `key ${idempotency.key} is taken`);
        const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
        if (failed >= 0) return conflict(pairId, events[failed]?.hash, unmarshallHash(reasons[failed]?.Item));
        // Cancelled because another transaction touched the same items at the same moment: nothing
        // was written, so the same transaction is tried again after a short, jittered pause.
        const transient = reasons.some((r) => r.Code === "TransactionConflict");
        if (!transient || attempt >= 6) throw e;
        await sleep(backoffDelay(attempt, TRANSACTION_BACKOFF));
      }
    }
  }

  async function readStream(pairId: string, range: { readonly from?: number; readonly to?: number } = {}) {
    const events: StoredEvent[] = [];
    for await (const items of queryPages(doc, {
      TableName: tableName,
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
      ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
      ExpressionAttributeValues: {
        ":pk": pairId,
        ":from": range.from ?? 1,
        ":to": range.to ?? Number.MAX_SAFE_INTEGER,
      },
      ConsistentRead: true,
    }))
      for (const item of items) events.push(itemToEvent(item));
    return events;
  }

  return {
    headVersion,
    append,
    readStream,
    // Versions are contiguous (an append at n + 1 is conditional on n + 1 being free, and a batch
    // is one transaction), so when version + 1 is absent nothing follows it: one GetItem.
    async readAfter(pairId, version) {
      const next = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { [PK]: pairId, [SK]: version + 1 },
          ConsistentRead: true,
        }),
      );
      if (!next.Item) return [];
      return [itemToEvent(next.Item), ...(await readStream(pairId, { from: version + 2 }))];
    },
    async getIdempotencyRecord(key) {
      const out = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { [PK]: idempotencyPk(key), [SK]: 0 },
          ConsistentRead: true,
        }),
      );
      const item = out.Item;
      if (!item || Number(item[TTL]) * 1000 <= Date.now()) return undefined;
      return item.record as IdempotencyRecord;
    },
    async *scan(options = {}) {
      const segments = options.segments ?? 4;
      const only = options.onlySegments ?? [...Array(segments).keys()];
      // Each segment is read by its own async loop; pages are yielded as they arrive. The buffer
      // is bounded (backpressure): a slow consumer pauses the readers, so memory stays flat.
      const maxBuffered = Math.max(2, only.length * 2);
      const queue: ScanPage[] = [];
      const waitingForSpace: (() => void)[] = [];
      let wake: (() => void) | undefined;
      let running = only.length;
      let stopped = false;
      let failure: unknown;
      const push = (page: ScanPage) => {
        queue.push(page);
        wake?.();
      };
      const room = async () => {
        while (queue.length >= maxBuffered && !stopped)
          await new Promise<void>((r) => waitingForSpace.push(r));
      };
      for (const segment of only) {
        (async () => {
          let startKey = decodeCursor(options.from?.[segment]);
          do {
            await room();
            if (stopped) return;
            const out = await doc.send(
              new ScanCommand({
                TableName: tableName,
                Segment: segment,
                TotalSegments: segments,
                ExclusiveStartKey: startKey,
                ConsistentRead: true,
                Limit: options.pageSize,
              }),
            );
            startKey = out.LastEvaluatedKey;
            const events = (out.Items ?? []).filter(isEventItem).map(itemToEvent);
            push({ segment, events, next: encodeCursor(startKey) });
          } while (startKey);
        })()
          .catch((e) => {
            failure ??= e;
          })
          .finally(() => {
            running--;
            wake?.();
          });
      }
      try {
        while (running > 0 || queue.length > 0) {
          if (failure) throw failure;
          const page = queue.shift();
          if (page) {
            waitingForSpace.shift()?.();
            yield page;
          } else await new Promise<void>((r) => (wake = r));
          wake = undefined;
        }
        if (failure) throw failure;
      } finally {
        // The consumer stopped early (or we are done): release the readers.
        stopped = true;
        for (const release of waitingForSpace.splice(0)) release();
      }
    },
  };
}

/** Items on condition failures come back as raw attribute values (the document client leaves errors alone). */
function unmarshallHash(
  item: Record<string, { S?: string }> | undefined,
): Record<string, unknown> | undefined {
  return item?.hash?.S ? { hash: item.hash.S } : undefined;
}
