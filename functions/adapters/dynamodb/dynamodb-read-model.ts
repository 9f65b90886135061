/**
 * DynamoDB read model. Item kinds (pk / sk):
 *   PAIR#<pairId> / DOC        the pair's document (view + compact events) and its version
 *   IDX#<index>   / <pairId>   the view, listed under ALL, COUNTRY#<cc>, CITY#<cityId>, STATUS#<s>
 *   STATS         / ALL        counters t#<status>, c#<cc>#<status>, p#<cc-cc>#<status>
 * A save writes them all in one transaction guarded by the document's version, so a duplicate
 * or stale delivery changes nothing, and every list or count is a Query or a Get, never a Scan.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { PairDoc, PairView } from "../../../domain/index.js";
import type { ReadModelStore } from "../../ports/read-model.js";
import {
  counterKeys,
  decodeCursor,
  encodeCursor,
  foldForSearch,
  indexFor,
  indexesOf,
  searchText,
  statsFromCounters,
} from "../read-model-query.js";
import { readModelTable } from "./tables.js";

const PK = readModelTable.partitionKey.name;
const SK = readModelTable.sortKey.name;
const docKey = (pairId: string) => ({ [PK]: `PAIR#${pairId}`, [SK]: "DOC" });
const STATS_KEY = { [PK]: "STATS", [SK]: "ALL" };

export function createDynamoReadModel(doc: DynamoDBDocumentClient, tableName: string): ReadModelStore {
  return {
    async get(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      return out.Item?.doc as PairDoc | undefined;
    },

    async save(next, previous) {
      const view = next.view;
      const prevView = previous?.view;
      const stale = new Set(prevView ? indexesOf(prevView) : []);
      const fresh = indexesOf(view);
      for (const idx of fresh) stale.delete(idx);
      const deltas = new Map<string, number>();
      for (const k of prevView ? counterKeys(prevView) : []) deltas.set(k, (deltas.get(k) ?? 0) - 1);
      for (const k of counterKeys(view)) deltas.set(k, (deltas.get(k) ?? 0) + 1);
      const adds = [...deltas].filter(([, n]) => n !== 0);
      const names = Object.fromEntries(adds.map(([k], i) => [`#c${i}`, k]));
      const values = Object.fromEntries(adds.map(([, n], i) => [`:c${i}`, n]));
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
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
                  Item: {
                    [PK]: `IDX#${idx}`,
                    [SK]: view.pairId,
                    version: view.version,
                    view,
                    search: searchText(view),
                    // The ALL entry also carries the document, so `allDocs()` is one paginated Query.
                    ...(idx === "ALL" ? { doc: next } : {}),
                  },
                },
              })),
              ...[...stale].map((idx) => ({
                Delete: { TableName: tableName, Key: { [PK]: `IDX#${idx}`, [SK]: view.pairId } },
              })),
              ...(adds.length
                ? [
                    {
                      Update: {
                        TableName: tableName,
                        Key: STATS_KEY,
                        UpdateExpression: `ADD ${adds.map((_, i) => `#c${i} :c${i}`).join(", ")}`,
                        ExpressionAttributeNames: names,
                        ExpressionAttributeValues: values,
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
        return "saved";
      } catch (e) {
        // Stale: another delivery moved the document first. A TransactionConflict (another
        // transaction on the shared counters item at that moment) wrote nothing either: the
        // projector re-reads and tries again in both cases.
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
      const index = indexFor(filter);
      const conditions: string[] = [];
      const names: Record<string, string> = { "#pk": PK };
      const values: Record<string, unknown> = { ":pk": `IDX#${index}` };
      if (filter.country && !index.startsWith("COUNTRY#")) {
        conditions.push("(#v.cityA.country = :country OR #v.cityB.country = :country)");
        values[":country"] = filter.country;
      }
      if (filter.status && !index.startsWith("STATUS#")) {
        conditions.push("#v.#status = :status");
        names["#status"] = "status";
        values[":status"] = filter.status;
      }
      if (filter.q) {
        conditions.push("contains(#search, :q)");
        names["#search"] = "search";
        values[":q"] = foldForSearch(filter.q);
      }
      if (conditions.some((c) => c.includes("#v"))) names["#v"] = "view";
      const items: PairView[] = [];
      // The cursor is the last pair id of the previous page: the sort key of this index's items.
      let startKey: Record<string, unknown> | undefined =
        page.cursor === undefined ? undefined : { [PK]: `IDX#${index}`, [SK]: decodeCursor(page.cursor) };
      // Read one entry past the page, so a cursor is handed out only when there is more (no empty
      // last page); a filter can leave a read short, so keep reading until then or the index ends.
      const want = page.limit + 1;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :pk",
            ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
            Limit: want - items.length,
          }),
        );
        for (const item of out.Items ?? []) items.push(item.view as PairView);
        startKey = out.LastEvaluatedKey;
      } while (startKey && items.length < want);
      const shown = items.slice(0, page.limit);
      const last = shown.at(-1);
      return {
        items: shown,
        ...(items.length > page.limit && last ? { cursor: encodeCursor(last.pairId) } : {}),
      };
    },

    async remove(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      const stored = out.Item?.doc as PairDoc | undefined;
      if (!stored) return;
      const keys = counterKeys(stored.view);
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
              Delete: { TableName: tableName, Key: { [PK]: `IDX#${idx}`, [SK]: pairId } },
            })),
            {
              Update: {
                TableName: tableName,
                Key: STATS_KEY,
                UpdateExpression: `ADD ${keys.map((_, i) => `#c${i} :minus`).join(", ")}`,
                ExpressionAttributeNames: Object.fromEntries(keys.map((k, i) => [`#c${i}`, k])),
                ExpressionAttributeValues: { ":minus": -1 },
              },
            },
          ],
        }),
      );
    },

    async setCounters(counters) {
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...STATS_KEY, ...counters } }));
    },

    async *allDocs() {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :pk",
            ExpressionAttributeNames: { "#pk": PK, "#doc": "doc" },
            ExpressionAttributeValues: { ":pk": "IDX#ALL" },
            ProjectionExpression: "#doc",
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) if (item.doc) yield item.doc as PairDoc;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    },

    async stats() {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: STATS_KEY, ConsistentRead: true }),
      );
      const { [PK]: _pk, [SK]: _sk, ...counters } = out.Item ?? {};
      return statsFromCounters(counters as Record<string, number>);
    },
  };
}
