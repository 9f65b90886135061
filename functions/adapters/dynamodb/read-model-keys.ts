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
/** A word entry: partitioned by the word's first letter, its key the word and the pair (nothing else). */
export const wordPartition = (word: string) => `WORD#${word[0]}`;
export const wordKey = (word: string, pairId: string) => ({
  [PK]: wordPartition(word),
  [SK]: `${word}#${pairId}`,
});
/** A word entry's sort key read back (a word and a pair id never hold "#"). */
export function wordEntryOf(sk: string): { readonly word: string; readonly pairId: string } {
  const at = sk.indexOf("#");
  return { word: sk.slice(0, at), pairId: sk.slice(at + 1) };
}

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
