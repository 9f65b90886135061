/**
 * Counters as of a day from the read model's `HIST` items (docs/read-model.md): the roll-ups
 * before the day and the days of its month up to it (`rangesUntil`: at most nine key ranges),
 * summed. The roll-ups' keys are known (C#10…C#19, X#200, Y#2021, M#2022-02: one per bucket), so
 * they are read by key, all in one BatchGet (a few dozen keys; absent buckets are simply not
 * found), and only the day items (sharded: `<day>#<shard>`) by a Query — two requests where a
 * Query per range took up to nine (DynamoDB's cost per request, not per item, dominated).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { FEATURED_COUNTRY_PAIRS, isDayKey, rangesUntil } from "../../../domain/index.js";
import { BATCH_GET_KEYS as BATCH_KEYS, type Item, batchGetAll, queryPages } from "./paged-reads.js";
import { HISTORY_SHARDS, HIST, LAYOUT_SK, PK, SK } from "./read-model-keys.js";

/**
 * Only some counters (a projection), only some roll-up families, with or without the day items;
 * `layout`: also read the LAYOUT item (with the "" family alone), for `CounterSums.featured`.
 */
export interface CounterRead {
  readonly names?: readonly string[];
  readonly families?: readonly ("" | "P")[];
  readonly days?: boolean;
  readonly layout?: boolean;
}

/**
 * Every bucket key of a roll-up range: `C#10`–`C#19`, `X#200`–`X#201`, `Y#2020`–`Y#2021`,
 * `M#2022-01`–`M#2022-03` (and their `P` twins): the same prefix, a numeric tail of fixed width.
 */
export function bucketKeys(lo: string, hi: string): string[] {
  const cut = lo.startsWith("M#") || lo.startsWith("PM#") ? lo.length - 2 : lo.indexOf("#") + 1;
  const head = lo.slice(0, cut);
  const width = lo.length - cut;
  const keys: string[] = [];
  for (let n = Number(lo.slice(cut)); n <= Number(hi.slice(cut)); n++)
    keys.push(`${head}${String(n).padStart(width, "0")}`);
  return keys;
}

/** The keys of the day items from `lo` to `hi` (days of one month): each day's shards. */
export function dayItemKeys(lo: string, hi: string): string[] {
  const keys: string[] = [];
  const month = lo.slice(0, 8);
  for (let d = Number(lo.slice(8, 10)); d <= Number(hi.slice(8, 10)); d++)
    for (let shard = 0; shard < HISTORY_SHARDS; shard++)
      keys.push(`${month}${String(d).padStart(2, "0")}#${shard}`);
  return keys;
}

/** The day after `day` when `day` is its month's last (then the month's roll-up holds its days). */
function nextMonthStart(day: string): string | undefined {
  if (day >= "9999-12-31" || day < "1000") return undefined;
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return next.endsWith("-01") ? next : undefined;
}

/**
 * The key ranges to sum. As of a month's last day, the month's (or year's) roll-up replaces its
 * days — unless the read takes its day items for counters of a family it does not ask for (the
 * board's counts read the country-pair buckets without days, relying on the day items read
 * with the other family: then the day items stay).
 */
function rangesFor(day: string, only: CounterRead): [string, string][] {
  const days = only.days ?? true;
  const families = only.families ?? ["", "P"];
  const selfContained = days && (only.names !== undefined || families.length === 2);
  const next = selfContained ? nextMonthStart(day) : undefined;
  if (!next) return rangesUntil(day, only.families, only.days);
  return rangesUntil(next, only.families, false);
}

/** Counters summed, and the featured country pairs' counters carried by the totals' roll-ups. */
export interface CounterSums {
  readonly counters: Record<string, number>;
  /**
   * The `p#` counters the "" roll-ups carry (FEATURED_COUNTRY_PAIRS), kept apart from `counters`
   * (whose `p#` come from the day items and the P roll-ups); given only when the read asked for
   * the layout and the LAYOUT item says those roll-ups carry them all.
   */
  readonly featured?: Record<string, number>;
}

/** A "" roll-up's `p#` counters go to `rolled`: the P roll-ups hold every pair's own. */
function addItem(
  sum: Record<string, number>,
  rolled: Record<string, number>,
  item: Item,
  names?: ReadonlySet<string>,
) {
  const sk = String(item[SK]);
  const totalsRollUp = !isDayKey(sk) && !sk.startsWith("P");
  for (const k in item) {
    const n = item[k];
    if (typeof n !== "number" || k === PK || k === SK || (names && !names.has(k))) continue;
    const into = totalsRollUp && k.startsWith("p#") ? rolled : sum;
    into[k] = (into[k] ?? 0) + n;
  }
}

/** Whether the LAYOUT item says the "" roll-ups carry every featured pair's counters. */
const featuresAll = (layout: Item | undefined) =>
  Array.isArray(layout?.featured) &&
  FEATURED_COUNTRY_PAIRS.every((p) => (layout.featured as unknown[]).includes(p));

/** `HIST` items by key (all in parallel), by their sort key. */
async function getItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly string[],
  read: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> },
) {
  const items = await batchGetAll(
    doc,
    tableName,
    keys.map((sk) => ({ [PK]: HIST, [SK]: sk })),
    read,
  );
  return new Map(items.map((item) => [String(item[SK]), item]));
}

interface Waiter {
  readonly keys: readonly string[];
  resolve(found: Map<string, Item>): void;
  reject(error: unknown): void;
}
const waiting = new WeakMap<DynamoDBDocumentClient, Map<string, Waiter[]>>();

/**
 * Whole `HIST` items of the totals and countries (no country-pair buckets), by key; the reads
 * asked for in the same turn of the event loop share their BatchGets (the board asks for its
 * counts and its chart's start at once: mostly the same roll-up items). Nothing is kept after.
 */
function sharedItems(doc: DynamoDBDocumentClient, tableName: string, keys: readonly string[]) {
  const known = waiting.get(doc) ?? new Map<string, Waiter[]>();
  waiting.set(doc, known);
  let waiters = known.get(tableName);
  if (!waiters) {
    const batch: Waiter[] = [];
    waiters = batch;
    known.set(tableName, batch);
    queueMicrotask(() => {
      known.delete(tableName);
      getItems(doc, tableName, [...new Set(batch.flatMap((w) => w.keys))], {}).then(
        (found) => {
          for (const w of batch) w.resolve(found);
        },
        (error) => {
          for (const w of batch) w.reject(error);
        },
      );
    });
  }
  const queue = waiters;
  return new Promise<Map<string, Item>>((resolve, reject) => queue.push({ keys, resolve, reject }));
}

export async function readCountersUntil(
  doc: DynamoDBDocumentClient,
  tableName: string,
  day: string,
  only: CounterRead = {},
): Promise<CounterSums> {
  const sum: Record<string, number> = {};
  const rolled: Record<string, number> = {};
  let layout: Item | undefined;
  const { names } = only;
  const nameAttributes = Object.fromEntries((names ?? []).map((n, i) => [`#n${i}`, n]));
  const projection = names ? { ProjectionExpression: names.map((_, i) => `#n${i}`).join(", ") } : {};
  const ranges = rangesFor(day, only);
  const buckets = ranges.filter(([lo]) => !isDayKey(lo)).flatMap(([lo, hi]) => bucketKeys(lo, hi));
  let days = ranges.filter(([lo]) => isDayKey(lo));
  // A few days of a month: their items by key too, in the same BatchGet.
  const dayKeys = days.flatMap(([lo, hi]) => dayItemKeys(lo, hi));
  if (buckets.length + dayKeys.length <= BATCH_KEYS) {
    buckets.push(...dayKeys);
    days = [];
  }
  const wanted = names ? new Set(names) : undefined;
  const shared = only.families?.includes("P") === false;
  const byKey = async (keys: string[]) => {
    // Without the country-pair family, whole items shared with the other reads of this turn (and
    // the LAYOUT item with them, when asked for: one key more in the same BatchGet).
    const found = shared
      ? await sharedItems(doc, tableName, only.layout ? [...keys, LAYOUT_SK] : keys)
      : await getItems(
          doc,
          tableName,
          keys,
          names
            ? // The key too: the items are matched to their keys.
              {
                ProjectionExpression: `#sk, ${projection.ProjectionExpression}`,
                ExpressionAttributeNames: { "#sk": SK, ...nameAttributes },
              }
            : {},
        );
    for (const k of keys) {
      const item = found.get(k);
      if (item) addItem(sum, rolled, item, wanted);
    }
    if (only.layout) layout = found.get(LAYOUT_SK);
  };
  const byDay = async ([lo, hi]: [string, string]) => {
    for await (const items of queryPages(doc, {
      TableName: tableName,
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
      ...projection,
      ExpressionAttributeNames: { "#pk": PK, "#sk": SK, ...nameAttributes },
      ExpressionAttributeValues: { ":pk": HIST, ":lo": lo, ":hi": `${hi}#~` },
      ConsistentRead: true,
    }))
      for (const item of items) addItem(sum, rolled, item);
  };
  await Promise.all([byKey(buckets), ...days.map(byDay)]);
  return { counters: sum, ...(only.layout && featuresAll(layout) ? { featured: rolled } : {}) };
}
