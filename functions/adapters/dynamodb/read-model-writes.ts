/**
 * The writes of the DynamoDB read model (item kinds in dynamodb-read-model.ts and
 * docs/read-model.md, keys in read-model-keys.ts): one document's writes, counter updates summed
 * per item, and the packing of many pairs' saves into shared transactions.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  FEATURED_COUNTRY_PAIRS,
  bucketsOf,
  familiesOf,
  historyDelta,
  listView,
  type PairDoc,
} from "../../../domain/index.js";
import type { DocSave, History } from "../../ports/read-model.js";
import { indexesOf, nameWords } from "../read-model-query.js";
import { docKey, HISTORY_SHARDS, HIST, idxKey, LAYOUT_SK, PK, SK, wordKey } from "./read-model-keys.js";

/** DynamoDB's limit on the items of one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

/** Counters to add to one item: the unit in which a save changes the counts. */
export interface CounterUpdate {
  readonly key: Readonly<Record<string, string>>;
  readonly counters: Readonly<Record<string, number>>;
}

/** Updates summed per item; counters that cancel out are left out, and items left with none. */
export function sumUpdates(updates: Iterable<CounterUpdate>): CounterUpdate[] {
  const byItem = new Map<string, { key: CounterUpdate["key"]; counters: Record<string, number> }>();
  for (const u of updates) {
    const id = `${u.key[PK]}\u0000${u.key[SK]}`;
    const item = byItem.get(id) ?? { key: u.key, counters: {} };
    byItem.set(id, item);
    for (const [k, n] of Object.entries(u.counters)) item.counters[k] = (item.counters[k] ?? 0) + n;
  }
  return [...byItem.values()].flatMap(({ key, counters }) => {
    const kept = Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0));
    return Object.keys(kept).length > 0 ? [{ key, counters: kept }] : [];
  });
}

export const layoutItem = () => ({ [PK]: HIST, [SK]: LAYOUT_SK, featured: [...FEATURED_COUNTRY_PAIRS] });

/**
 * A read model without any counter gets the LAYOUT item (its counters will all be written in the
 * current layout); one whose counters predate it keeps reading the featured pairs from their own
 * roll-ups until a repair rewrites them (`setHistory`).
 */
export async function writeLayoutIfNew(doc: DynamoDBDocumentClient, tableName: string): Promise<void> {
  const got = await doc.send(
    new GetCommand({ TableName: tableName, Key: { [PK]: HIST, [SK]: LAYOUT_SK }, ConsistentRead: true }),
  );
  if (got.Item) return;
  const any = await doc.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": PK },
      ExpressionAttributeValues: { ":pk": HIST },
      ConsistentRead: true,
      Limit: 1,
    }),
  );
  if ((any.Items ?? []).length > 0) return;
  await doc
    .send(
      new PutCommand({
        TableName: tableName,
        Item: layoutItem(),
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": PK },
      }),
    )
    .catch((e) => {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
}

function shardOf(pairId: string): number {
  let h = 2166136261;
  for (let i = 0; i < pairId.length; i++) h = Math.imul(h ^ pairId.charCodeAt(i), 16777619);
  return (h >>> 0) % HISTORY_SHARDS;
}

/**
 * The counter items one pair's history delta changes, each once, with its increments summed:
 * the day items (`<day>#<shard>`, the pair's shard) and the roll-ups of those days (`C#`, `X#`,
 * `Y#`, `M#` for the t# and c# counters, `PC#`, `PX#`, `PY#`, `PM#` for the p# ones, a featured
 * country pair's in both: `familiesOf`; not sharded). Counters that cancel out are left out,
 * and so is an item left empty. This is the ONE place that knows how a delta lands in the HIST
 * partition. Updates of several pairs to one key can be summed before writing (the same ADD).
 */
export function historyUpdates(pairId: string, delta: History): CounterUpdate[] {
  const key = (sk: string) => ({ [PK]: HIST, [SK]: sk });
  return sumUpdates(
    Object.entries(delta).flatMap(([day, counters]) => [
      { key: key(`${day}#${shardOf(pairId)}`), counters },
      ...(["", "P"] as const).flatMap((family) => {
        const mine = Object.fromEntries(
          Object.entries(counters).filter(([k]) => familiesOf(k).includes(family)),
        );
        return Object.keys(mine).length > 0
          ? bucketsOf(day, family).map((bucket) => ({ key: key(bucket), counters: mine }))
          : [];
      }),
    ]),
  );
}

export function counterWrites(tableName: string, updates: readonly CounterUpdate[]): TransactItem[] {
  return updates.map(({ key, counters }) => {
    const adds = Object.entries(counters);
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `ADD ${adds.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(adds.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(adds.map(([, n], i) => [`:c${i}`, n])),
      },
    };
  });
}

/** The writes of one document save but its counters: the guarded document, index entries, words. */
export function docWrites(tableName: string, next: PairDoc, previous: PairDoc | undefined): TransactItem[] {
  const view = next.view;
  const listed = listView(next);
  const prevView = previous?.view;
  const stale = new Set(prevView ? indexesOf(prevView) : []);
  const fresh = indexesOf(view);
  for (const idx of fresh) stale.delete(idx);
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...docKey(view.pairId), version: view.version, doc: next },
        ConditionExpression: prevView ? "version = :v" : "attribute_not_exists(#pk)",
        ...(prevView
          ? { ExpressionAttributeValues: { ":v": prevView.version } }
          : { ExpressionAttributeNames: { "#pk": PK } }),
      },
    },
    ...fresh.map((idx) => ({
      Put: {
        TableName: tableName,
        Item: { ...idxKey(idx, view.pairId), version: view.version, view: listed, changes: next.changes },
      },
    })),
    ...[...stale].map((idx) => ({ Delete: { TableName: tableName, Key: idxKey(idx, view.pairId) } })),
    // Names never change: the word entries are written once, with the first document.
    ...(previous
      ? []
      : nameWords(view).map((w) => ({
          Put: { TableName: tableName, Item: wordKey(w, view.pairId) },
        }))),
  ];
}

/** A transaction cancelled because a document had moved or another transaction held an item. */
export function isStale(e: unknown): boolean {
  const reasons = e instanceof TransactionCanceledException ? (e.CancellationReasons ?? []) : [];
  return reasons.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict");
}

/** Shared transactions of one saveMany in flight at once. */
export const TRANSACTIONS_IN_FLIGHT = 4;
/** A shared transaction's size budget (DynamoDB's limit is 4 MB). */
const MAX_TRANSACTION_BYTES = 3_000_000;

export interface SaveGroup {
  readonly indexes: number[];
  readonly writes: TransactItem[];
  readonly updates: CounterUpdate[];
  bytes: number;
}

/**
 * Saves packed, in order, into groups of at most 100 writes (counters summed per item) and the
 * byte budget. A save too big for a transaction of its own is left out (the caller's save says why).
 */
export function packSaves(tableName: string, saves: readonly DocSave[]): SaveGroup[] {
  const groups: SaveGroup[] = [];
  let open: SaveGroup | undefined;
  saves.forEach(({ next, previous }, i) => {
    const writes = docWrites(tableName, next, previous);
    const updates = historyUpdates(next.view.pairId, historyDelta(previous, next));
    const bytes = JSON.stringify(writes).length;
    const fits = (g: SaveGroup) =>
      g.writes.length + writes.length + sumUpdates([...g.updates, ...updates]).length <=
        MAX_TRANSACTION_ITEMS && g.bytes + bytes <= MAX_TRANSACTION_BYTES;
    if (!open || !fits(open)) {
      open = { indexes: [], writes: [], updates: [], bytes: 0 };
      if (!fits(open)) return;
      groups.push(open);
    }
    open.indexes.push(i);
    open.writes.push(...writes);
    open.updates.push(...updates);
    open.bytes += bytes;
  });
  return groups;
}
