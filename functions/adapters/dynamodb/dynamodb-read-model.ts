/**
 * DynamoDB read model. Item kinds (pk / sk), documented in docs/read-model.md:
 *   PAIR#<pairId>  / DOC              the pair's bounded document (fold entries, status points, view)
 *   IDX#<index>    / <pairId>         the view and its status points, listed under ALL,
 *                                     COUNTRY#<cc>, CITY#<cityId>, STATUS#<status>
 *   WORD#<letter>  / <word>#<pairId>  one per word of either city's name (name search; immutable)
 *   HIST           / <day>#<shard>    counter deltas of that day: t#<s>, c#<cc>#<s>, p#<cc-cc>#<s>
 *   HIST           / C#<cc>, X#<ccd>, Y#<yyyy>, M#<yyyy-mm>   the same deltas rolled up per century,
 *                                     decade, year and month (stats as of a day: a few dozen items);
 *                                     the featured country pairs' (RU-US) in these too
 *   HIST           / LAYOUT           which featured pairs every roll-up above carries (the board's
 *                                     US–Russia counts read with the totals only when it says so)
 * A save writes them all in one transaction guarded by the document's version, so a duplicate
 * or stale delivery changes nothing and the counters stay exact. The day items are sharded by
 * pair id so that concurrent saves of one busy day (an import) rarely touch the same item.
 * saveMany packs the saves of many pairs into shared transactions (read-model-writes.ts), each
 * still guarded document by document, the counter updates of one transaction summed per item.
 * Every list, search and count is a Query (or a BatchGet of what an index named), never a Scan.
 */
import {
  BatchWriteCommand,
  GetCommand,
  TransactWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from "@aws-sdk/lib-dynamodb";
import type { PairDoc } from "../../../domain/index.js";
import { historyDelta, isDayKey, withRollUps } from "../../../domain/index.js";
import type { ReadModelStore, SaveOutcome } from "../../ports/read-model.js";
import { SaveTooLargeError } from "../../ports/read-model.js";
import { forEachLimited } from "../../shared/concurrency.js";
import { indexesOf, nameWords } from "../read-model-query.js";
import { createDynamoReadModelReader } from "./dynamodb-read-model-reader.js";
import { queryPages } from "./paged-reads.js";
import { docKey, HIST, idxKey, type Item, PK, SK, wordKey } from "./read-model-keys.js";
import {
  counterWrites,
  docWrites,
  historyUpdates,
  isStale,
  layoutItem,
  MAX_TRANSACTION_ITEMS,
  packSaves,
  sumUpdates,
  TRANSACTIONS_IN_FLIGHT,
  type TransactItem,
  writeLayoutIfNew,
} from "./read-model-writes.js";

/** The whole read model: the reads (dynamodb-read-model-reader.ts) and the writes. */
export function createDynamoReadModel(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { readonly now?: () => Date } = {},
): ReadModelStore {
  const queryAll = (input: Parameters<typeof queryPages>[1]) => queryPages(doc, input);

  // Before this process's first save (writeLayoutIfNew). Only an optimisation of reads: a check
  // that fails does not stop the save, and is tried again next time.
  let layoutCheck: Promise<void> | undefined;
  const layoutChecked = () =>
    (layoutCheck ??= writeLayoutIfNew(doc, tableName).catch(() => {
      layoutCheck = undefined;
    }));

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
    ...createDynamoReadModelReader(doc, tableName, options),

    async save(next, previous) {
      await layoutChecked();
      const view = next.view;
      const items = [
        ...docWrites(tableName, next, previous),
        ...counterWrites(tableName, historyUpdates(view.pairId, historyDelta(previous, next))),
      ];
      if (items.length > MAX_TRANSACTION_ITEMS)
        throw new SaveTooLargeError(
          `${view.pairId} v${view.version}: the save needs ${items.length} writes, more than one transaction holds`,
        );
      // Stale: another delivery moved the document first. A TransactionConflict (another
      // transaction on a shared day item at that moment) wrote nothing either: the projector
      // re-reads and tries again in both cases.
      return transact(items);
    },

    async saveMany(saves) {
      await layoutChecked();
      const outcomes: SaveOutcome[] = saves.map(() => "stale");
      let failure: { error: unknown } | undefined;
      await forEachLimited(packSaves(tableName, saves), TRANSACTIONS_IN_FLIGHT, async (group) => {
        try {
          const items = [...group.writes, ...counterWrites(tableName, sumUpdates(group.updates))];
          if ((await transact(items)) === "saved") for (const i of group.indexes) outcomes[i] = "saved";
        } catch (error) {
          failure ??= { error };
        }
      });
      if (failure) throw failure.error;
      return outcomes;
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
            ...counterWrites(tableName, historyUpdates(pairId, historyDelta(stored, undefined))),
          ],
        }),
      );
    },

    async setHistory(history) {
      const old: Item[] = [];
      for await (const items of queryAll({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": HIST },
        ProjectionExpression: "#pk, #sk",
      }))
        old.push(...items);
      const writes = [
        ...old.map((Key) => ({ DeleteRequest: { Key } })),
        ...Object.entries(withRollUps(history)).map(([key, counters]) => ({
          PutRequest: { Item: { [PK]: HIST, [SK]: isDayKey(key) ? `${key}#0` : key, ...counters } },
        })),
        // Last: the counters are whole in the current layout once every item above is written.
        { PutRequest: { Item: layoutItem() } },
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
  };
}
