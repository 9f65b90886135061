/**
 * The DynamoDB read model's keys (item kinds in dynamodb-read-model.ts and docs/read-model.md),
 * shared by its reads (dynamodb-read-model-reader.ts) and its writes (read-model-writes.ts).
 */
import { readModelTable } from "./tables.js";

export type { Item } from "./paged-reads.js";

export const PK = readModelTable.partitionKey.name;
export const SK = readModelTable.sortKey.name;
export const docKey = (pairId: string) => ({ [PK]: `PAIR#${pairId}`, [SK]: "DOC" });
export const idxKey = (index: string, pairId: string) => ({ [PK]: `IDX#${index}`, [SK]: pairId });
export const wordKey = (word: string, pairId: string) => ({
  [PK]: `WORD#${word[0]}`,
  [SK]: `${word}#${pairId}`,
});

/** The partition of the counters (day items and roll-ups). */
export const HIST = "HIST";
/**
 * The `HIST` item that says which layout the counters are complete in: `featured` lists the
 * country pairs whose counters every roll-up of the "" family carries (FEATURED_COUNTRY_PAIRS).
 * Written when the counters are known to be whole in that layout: by the first save into a read
 * model without counters, and by `setHistory` (a repair). Without it (a read model whose counters
 * were written before), those pairs' counts are read from their own roll-ups.
 */
export const LAYOUT_SK = "LAYOUT";

/** Shards of each day's counters (a pair always writes the same shard). */
export const HISTORY_SHARDS = 8;
