/**
 * DynamoDB read model. Item kinds (pk / sk), documented in docs/read-model.md:
 *   PAIR#<pairId>  / DOC              the pair's bounded document (fold entries, status points, view)
 *   IDX#<index>    / <pairId>         the view and its status points, listed under ALL,
 *                                     COUNTRY#<cc>, CITY#<cityId>, STATUS#<status>
 *   WORD#<letter>  / <word>#<pairId>  one per word of either city's name (name search; immutable)
 *   HIST           / <day>#<shard>    counter deltas of that day: t#<s>, c#<cc>#<s>, p#<cc-cc>#<s>
 * A save writes them all in one transaction guarded by the document's version, so a duplicate
 * or stale delivery changes nothing and the counters stay exact. The day items are sharded by
 * pair id so that concurrent saves of one busy day (an import) rarely touch the same item.
 * saveMany packs the saves of many pairs into shared transactions (read-model-writes.ts), each
 * still guarded document by document, the counter updates of one transaction summed per item.
 * Every list, search and count is a Query (or a BatchGet of what an index named), never a Scan.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { STATUSES, type PairDoc, type PairView } from "../../../domain/index.js";
import { historyDelta } from "../../../domain/index.js";
import type {
  History,
  Page,
  PageRequest,
  PairFilter,
  ReadModelStore,
  SaveOutcome,
} from "../../ports/read-model.js";
import { forEachLimited, mergeParallel } from "../../shared/concurrency.js";
import {
  dayOf,
  decodeCursor,
  encodeCursor,
  indexFor,
  indexesOf,
  listedView,
  matches,
  nameWords,
  queryWords,
  scopeKey,
  statsFromHistory,
} from "../read-model-query.js";
import {
  type CounterUpdate,
  counterWrites,
  docKey,
  docWrites,
  idxKey,
  isStale,
  type Item,
  MAX_TRANSACTION_ITEMS,
  PK,
  packSaves,
  SK,
  sumUpdates,
  TRANSACTIONS_IN_FLIGHT,
  type TransactItem,
  wordKey,
} from "./read-model-writes.js";

const HIST = "HIST";
/** Shards of each day's counters (a pair always writes the same shard). */
export const HISTORY_SHARDS = 8;
function shardOf(pairId: string): number {
  let h = 2166136261;
  for (let i = 0; i < pairId.length; i++) h = Math.imul(h ^ pairId.charCodeAt(i), 16777619);
  return (h >>> 0) % HISTORY_SHARDS;
}

/**
 * A pair's counter deltas as updates of the items that hold them: the ONE place that knows how a
 * delta lands in the HIST partition (saves of many pairs sum what this returns, item by item).
 */
function historyUpdates(pairId: string, delta: History): CounterUpdate[] {
  return Object.entries(delta).map(([day, counters]) => ({
    key: { [PK]: HIST, [SK]: `${day}#${shardOf(pairId)}` },
    counters,
  }));
}

export function createDynamoReadModel(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { readonly now?: () => Date } = {},
): ReadModelStore {
  const now = options.now ?? (() => new Date());

  async function* queryAll(input: Omit<QueryCommandInput, "TableName">): AsyncGenerator<Item[]> {
    let startKey: Item | undefined;
    do {
      const out = await doc.send(
        new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: startKey }),
      );
      yield (out.Items ?? []) as Item[];
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  /** History items (day#shard → counters), summed per day. */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
  async function readHistory(input: Partial<QueryCommandInput> = {}): Promise<History> {
    const history: History = {};
    const { ExpressionAttributeValues, ExpressionAttributeNames, ...rest } = input;
    for await (const items of queryAll({
      KeyConditionExpression: "#pk = :pk",
      ...rest,
      ExpressionAttributeNames: { "#pk": PK, ...ExpressionAttributeNames },
      ExpressionAttributeValues: { ":pk": HIST, ...ExpressionAttributeValues },
      ConsistentRead: true,
    }))
      for (const { [PK]: _pk, [SK]: sk, ...counters } of items) {
        const day = String(sk).split("#")[0] as string;
        history[day] ??= {};
        const d = history[day];
        for (const [k, n] of Object.entries(counters)) if (typeof n === "number") d[k] = (d[k] ?? 0) + n;
      }
    // Counters that went up and down again are stored as 0: the same as absent.
    for (const [day, counters] of Object.entries(history)) {
      for (const [k, n] of Object.entries(counters)) if (n === 0) delete counters[k];
      if (Object.keys(counters).length === 0) delete history[day];
    }
    return history;
  }

  /** History items dated on or before a day (one paginated Query on the HIST partition). */
  const historyUntil = (day: string) =>
    readHistory({
      KeyConditionExpression: "#pk = :pk AND #sk <= :hi",
      ExpressionAttributeNames: { "#sk": SK },
      ExpressionAttributeValues: { ":hi": `${day}#~` },
    });

  /** Views of these pair ids from the ALL index, in the given order (BatchGet, 100 at a time). */
  async function viewsOf(pairIds: readonly string[]): Promise<Item[]> {
    const found = new Map<string, Item>();
    for (let i = 0; i < pairIds.length; i += 100) {
      let keys: Item[] | undefined = pairIds.slice(i, i + 100).map((id) => idxKey("ALL", id));
      while (keys && keys.length > 0) {
        const out = await doc.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[tableName] ?? []) found.set(String(item[SK]), item);
        keys = out.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
      }
    }
    return pairIds.flatMap((id) => (found.has(id) ? [found.get(id) as Item] : []));
  }

  /** Matching views of index items, as of the page's day. */
  const pick = (items: Item[], filter: PairFilter, page: PageRequest): PairView[] =>
    items.flatMap((item) => {
      const view = listedView(item.view as PairView, (item.changes ?? []) as PairDoc["changes"], page.asOf);
      return view && matches(view, filter) ? [view] : [];
    });

  function pageOf(items: PairView[], limit: number): Page<PairView> {
    const shown = items.slice(0, limit);
    const last = shown.at(-1);
    return { items: shown, ...(items.length > limit && last ? { cursor: encodeCursor(last.pairId) } : {}) };
  }

  /** Name search: one Query on the rarest-looking word's letter, then the named views. */
  async function search(filter: PairFilter, page: PageRequest, q: string): Promise<Page<PairView>> {
    const words = queryWords(q);
    const word = words.sort((a, b) => b.length - a.length)[0];
    if (!word) return { items: [] };
    const after = page.cursor === undefined ? "" : decodeCursor(page.cursor);
    const ids = new Set<string>();
    for await (const items of queryAll({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :w)",
      ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
      ExpressionAttributeValues: { ":pk": `WORD#${word[0]}`, ":w": word },
      ProjectionExpression: "pairId",
    }))
      for (const item of items) if (String(item.pairId) > after) ids.add(String(item.pairId));
    const sorted = [...ids].sort();
    const out: PairView[] = [];
    for (let i = 0; i < sorted.length && out.length <= page.limit; i += 100)
      out.push(...pick(await viewsOf(sorted.slice(i, i + 100)), filter, page));
    return pageOf(out, page.limit);
  }

  async function transact(items: TransactItem[]): Promise<SaveOutcome> {
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return "saved";
    } catch (e) {
      if (isStale(e)) return "stale";
      throw e;
    }
  }

  return {
    async get(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      return out.Item?.doc as PairDoc | undefined;
    },

    async save(next, previous) {
      const view = next.view;
      const items = [
        ...docWrites(tableName, next, previous),
        ...counterWrites(tableName, sumUpdates(historyUpdates(view.pairId, historyDelta(previous, next)))),
      ];
      if (items.length > MAX_TRANSACTION_ITEMS)
        throw new Error(
          `${view.pairId} v${view.version}: the save needs ${items.length} writes, more than one transaction holds; replay --repair writes it`,
        );
      // Stale: another delivery moved the document first. A TransactionConflict (another
      // transaction on a shared day item at that moment) wrote nothing either: the projector
      // re-reads and tries again in both cases.
      return transact(items);
    },

    async getMany(pairIds) {
      const found = new Map<string, PairDoc>();
      for (let i = 0; i < pairIds.length; i += 100) {
        let keys: Item[] | undefined = pairIds.slice(i, i + 100).map(docKey);
        while (keys && keys.length > 0) {
          const out = await doc.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ConsistentRead: true,
                  ProjectionExpression: "#doc",
                  ExpressionAttributeNames: { "#doc": "doc" },
                },
              },
            }),
          );
          for (const item of out.Responses?.[tableName] ?? []) {
            const d = item.doc as PairDoc | undefined;
            if (d) found.set(d.view.pairId, d);
          }
          keys = out.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
        }
      }
      return found;
    },

    async saveMany(saves) {
      const outcomes: SaveOutcome[] = saves.map(() => "stale");
      let failure: { error: unknown } | undefined;
      await forEachLimited(
        packSaves(tableName, saves, historyUpdates),
        TRANSACTIONS_IN_FLIGHT,
        async (group) => {
          try {
            const items = [...group.writes, ...counterWrites(tableName, sumUpdates(group.updates))];
            if ((await transact(items)) === "saved") for (const i of group.indexes) outcomes[i] = "saved";
          } catch (error) {
            failure ??= { error };
          }
        },
      );
      if (failure) throw failure.error;
      return outcomes;
    },

    async list(filter, page) {
      if (filter.q !== undefined) return search(filter, page, filter.q);
      // As of a day the status filter applies to the status then, so it cannot pick the index.
      const index = indexFor(page.asOf ? { ...filter, status: undefined } : filter);
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      const want = page.limit + 1;
      const out: PairView[] = [];
      let startKey: Item | undefined = after === undefined ? undefined : idxKey(index, after);
      // Read one entry past the page, so a cursor is handed out only when there is more (no empty
      // last page); a filter can leave a read short, so keep reading until then or the index ends.
      do {
        const res = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :pk",
            ExpressionAttributeNames: { "#pk": PK },
            ExpressionAttributeValues: { ":pk": `IDX#${index}` },
            ExclusiveStartKey: startKey,
            Limit: Math.max(want - out.length, 25),
          }),
        );
        out.push(...pick((res.Items ?? []) as Item[], filter, page));
        startKey = res.LastEvaluatedKey;
      } while (startKey && out.length < want);
      return pageOf(out, page.limit);
    },

    async remove(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      const stored = out.Item?.doc as PairDoc | undefined;
      if (!stored) return;
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: docKey(pairId),
                ConditionExpression: "version = :v",
                ExpressionAttributeValues: { ":v": out.Item?.version },
              },
            },
            ...indexesOf(stored.view).map((idx) => ({
              Delete: { TableName: tableName, Key: idxKey(idx, pairId) },
            })),
            ...nameWords(stored.view).map((w) => ({
              Delete: { TableName: tableName, Key: wordKey(w, pairId) },
            })),
            ...counterWrites(tableName, sumUpdates(historyUpdates(pairId, historyDelta(stored, undefined)))),
          ],
        }),
      );
    },

    async setHistory(history) {
      const old: Item[] = [];
      for await (const items of queryAll({
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": HIST },
        ProjectionExpression: "#pk, #sk",
      }))
        old.push(...items);
      const writes = [
        ...old.map((Key) => ({ DeleteRequest: { Key } })),
        ...Object.entries(history).map(([day, counters]) => ({
          PutRequest: { Item: { [PK]: HIST, [SK]: `${day}#0`, ...counters } },
        })),
      ];
      // Deletes first, then puts: a day keeps one key per batch (shard 0 of a day may be in both).
      const deletes = writes.filter((w) => "DeleteRequest" in w);
      const puts = writes.filter((w) => "PutRequest" in w);
      for (const group of [deletes, puts])
        for (let i = 0; i < group.length; i += 25) {
          let batch: unknown[] | undefined = group.slice(i, i + 25);
          while (batch && batch.length > 0) {
            const res: BatchWriteCommandOutput = await doc.send(
              new BatchWriteCommand({ RequestItems: { [tableName]: batch as never } }),
            );
            batch = res.UnprocessedItems?.[tableName];
          }
        }
    },

    history: () => readHistory(),

    async *pairIds() {
      for await (const items of queryAll({
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": idxKey("ALL", "")[PK] },
        ProjectionExpression: "#sk",
        ConsistentRead: true,
      }))
        yield items.map((i) => String(i[SK]));
    },

    scanDocs(opts = {}) {
      const segments = opts.segments ?? 4;
      return mergeParallel(segments, async function* (segment) {
        let startKey: Item | undefined;
        do {
          const out = await doc.send(
            new ScanCommand({
              TableName: tableName,
              Segment: segment,
              TotalSegments: segments,
              FilterExpression: "#sk = :doc",
              ExpressionAttributeNames: { "#sk": SK, "#doc": "doc" },
              ExpressionAttributeValues: { ":doc": "DOC" },
              ProjectionExpression: "#doc",
              ExclusiveStartKey: startKey,
            }),
          );
          yield (out.Items ?? []).map((i) => i.doc as PairDoc);
          startKey = out.LastEvaluatedKey;
        } while (startKey);
      });
    },

    async stats() {
      const today = dayOf(now());
      return statsFromHistory(await historyUntil(today), today);
    },

    async statsAsOf(day) {
      return statsFromHistory(await historyUntil(day), day);
    },

    async statusHistory(scope) {
      const key = scopeKey(scope);
      const names = ["total", ...STATUSES].map((s) => `${key}#${s}`);
      const history = await readHistory({
        ProjectionExpression: ["#sk", ...names.map((_, i) => `#n${i}`)].join(", "),
        ExpressionAttributeNames: { "#sk": SK, ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])) },
      });
      return Object.keys(history)
        .sort()
        .flatMap((day) => {
          const deltas = Object.fromEntries(
            Object.entries(history[day] ?? {})
              .filter(([, n]) => n !== 0)
              .map(([k, n]) => [k.slice(key.length + 1), n]),
          );
          return Object.keys(deltas).length > 0 ? [{ day, deltas }] : [];
        });
    },
  };
}
