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
 * Every list, search and count is a Query (or a BatchGet of what an index named), never a Scan.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
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
import { historyDelta, listView } from "../../../domain/index.js";
import type { History, Page, PageRequest, PairFilter, ReadModelStore } from "../../ports/read-model.js";
import { mergeParallel } from "../../shared/concurrency.js";
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
import { readModelTable } from "./tables.js";

const PK = readModelTable.partitionKey.name;
const SK = readModelTable.sortKey.name;
const docKey = (pairId: string) => ({ [PK]: `PAIR#${pairId}`, [SK]: "DOC" });
const idxKey = (index: string, pairId: string) => ({ [PK]: `IDX#${index}`, [SK]: pairId });
const wordKey = (word: string, pairId: string) => ({ [PK]: `WORD#${word[0]}`, [SK]: `${word}#${pairId}` });
const HIST = "HIST";
/** Shards of each day's counters (a pair always writes the same shard). */
export const HISTORY_SHARDS = 8;
/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;

function shardOf(pairId: string): number {
  let h = 2166136261;
  for (let i = 0; i < pairId.length; i++) h = Math.imul(h ^ pairId.charCodeAt(i), 16777619);
  return (h >>> 0) % HISTORY_SHARDS;
}

type Item = Record<string, unknown>;
type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]
>[number];

function historyUpdates(tableName: string, pairId: string, delta: History): TransactItem[] {
  return Object.entries(delta).map(([day, deltas]) => {
    const adds = Object.entries(deltas);
    return {
      Update: {
        TableName: tableName,
        Key: { [PK]: HIST, [SK]: `${day}#${shardOf(pairId)}` },
        UpdateExpression: `ADD ${adds.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(adds.map(([k], i) => [`#c${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(adds.map(([, n], i) => [`:c${i}`, n])),
      },
    };
  });
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

  /**
   * Whether any status change is dated after today (a day item of HIST later than today: one
   * Query of at most one key). If none, each pair's latest status is today's and STATUS# is exact.
   */
  async function anyScheduled(): Promise<boolean> {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk AND #sk > :day",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": HIST, ":day": `${dayOf(now())}#~` },
        ProjectionExpression: "#pk",
        Limit: 1,
      }),
    );
    return (out.Items ?? []).length > 0;
  }

  /** Matching views of index items, as of the page's day (today's without one). */
  const pick = (items: Item[], filter: PairFilter, page: PageRequest): PairView[] =>
    items.flatMap((item) => {
      const changes = (item.changes ?? []) as PairDoc["changes"];
      const view = listedView(item.view as PairView, changes, page.asOf, dayOf(now()));
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

  return {
    async get(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      return out.Item?.doc as PairDoc | undefined;
    },

    async save(next, previous) {
      const view = next.view;
      const listed = listView(next);
      const prevView = previous?.view;
      const stale = new Set(prevView ? indexesOf(prevView) : []);
      const fresh = indexesOf(view);
      for (const idx of fresh) stale.delete(idx);
      const items: TransactItem[] = [
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
              Put: { TableName: tableName, Item: { ...wordKey(w, view.pairId), pairId: view.pairId } },
            }))),
        ...historyUpdates(tableName, view.pairId, historyDelta(previous, next)),
      ];
      if (items.length > MAX_TRANSACTION_ITEMS)
        throw new Error(
          `${view.pairId} v${view.version}: the save needs ${items.length} writes, more than one transaction holds; replay --repair writes it`,
        );
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return "saved";
      } catch (e) {
        // Stale: another delivery moved the document first. A TransactionConflict (another
        // transaction on a shared day item at that moment) wrote nothing either: the projector
        // re-reads and tries again in both cases.
        const reasons = e instanceof TransactionCanceledException ? (e.CancellationReasons ?? []) : [];
        if (
          reasons[0]?.Code === "ConditionalCheckFailed" ||
          reasons.some((r) => r.Code === "TransactionConflict")
        )
          return "stale";
        throw e;
      }
    },

    async list(filter, page) {
      if (filter.q !== undefined) return search(filter, page, filter.q);
      // As of a day the status filter applies to the status then, so it cannot pick the index;
      // nor today when a status change is scheduled (the index holds each pair's latest status).
      const byStatus = filter.status !== undefined && !page.asOf && !(await anyScheduled());
      const index = indexFor(byStatus ? filter : { ...filter, status: undefined });
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
            ...historyUpdates(tableName, pairId, historyDelta(stored, undefined)),
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
