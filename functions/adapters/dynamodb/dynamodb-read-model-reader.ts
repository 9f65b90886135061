/**
 * The read side of the DynamoDB read model (the item kinds are in dynamodb-read-model.ts and
 * docs/read-model.md): every list, search and count is a Query, or a BatchGet of what an index
 * named, never a Scan. The HTTP and board functions build only this, so the write code (and its
 * bytes) stays out of their bundles; dynamodb-read-model.ts adds the writes for the projector,
 * the import and the replay.
 */
import {
  GetCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { FEATURED_COUNTRY_PAIRS, STATUSES, type PairDoc, type PairView } from "../../../domain/index.js";
import { cityIdsOf, isDayKey } from "../../../domain/index.js";
import type {
  DayDelta,
  History,
  HistoryWindow,
  Page,
  PageRequest,
  PairFilter,
  ReadModelReader,
  Stats,
  StatsOptions,
  StatsScope,
} from "../../ports/read-model.js";
import { statsFromCounters } from "../../ports/read-model.js";
import { mergeParallel } from "../../shared/concurrency.js";
import {
  addScoped,
  dayBefore,
  dayOf,
  decodeCursor,
  encodeCursor,
  indexFor,
  keepPairs,
  listedView,
  matches,
  nameIndex,
  queryWords,
  scopeKey,
} from "../read-model-query.js";
import { batchGetAll, queryPages } from "./paged-reads.js";
import { type CounterRead, readCountersUntil } from "./read-model-counters.js";
import { docKey, HIST, idxKey, type Item, PK, SK, wordEntryOf, wordPartition } from "./read-model-keys.js";

/** Names of one scope's counters (for a projection). */
const scopeCounters = (scope: StatsScope) => ["total", ...STATUSES].map((s) => `${scopeKey(scope)}#${s}`);

export function createDynamoReadModelReader(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { readonly now?: () => Date } = {},
): ReadModelReader {
  const now = options.now ?? (() => new Date());

  const queryAll = (input: Omit<QueryCommandInput, "TableName">) =>
    queryPages(doc, { TableName: tableName, ...input });

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
        // A day item's key is <day>#<shard>; a roll-up's (C#20, M#2022-03) is its bucket.
        const day = isDayKey(String(sk)) ? (String(sk).split("#")[0] as string) : String(sk);
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

  const countersUntil = (day: string, only?: CounterRead) => readCountersUntil(doc, tableName, day, only);

  /** Add counters into a sum. */
  const addAll = (sum: Record<string, number>, more: Record<string, number>) => {
    for (const [k, n] of Object.entries(more)) sum[k] = (sum[k] ?? 0) + n;
    return sum;
  };

  /**
   * Counts as of a day. With only some country pairs (the board: RU-US), those pairs' counters
   * alone: a featured pair's from the totals' roll-ups, read with them (one BatchGet), when the
   * LAYOUT item says they carry them; otherwise from the country-pair roll-ups, projected.
   */
  async function statsUntil(day: string, options: StatsOptions = {}): Promise<Stats> {
    const pairs = options.countryPairs;
    if (pairs === undefined) return statsFromCounters((await countersUntil(day)).counters);
    const ofPairs = (only: readonly string[]) => {
      const names = only.flatMap((p) => scopeCounters({ kind: "countryPair", countryPair: p }));
      return countersUntil(day, { names, families: ["P"], days: false }).then((r) => r.counters);
    };
    const featured = pairs.filter((p) => FEATURED_COUNTRY_PAIRS.includes(p));
    const others = pairs.filter((p) => !FEATURED_COUNTRY_PAIRS.includes(p));
    const [rest, ofOthers] = await Promise.all([
      countersUntil(day, { families: [""], layout: featured.length > 0 }),
      others.length > 0 ? ofPairs(others) : {},
    ]);
    const sum = addAll(keepPairs(rest.counters, pairs), ofOthers);
    if (featured.length > 0)
      addAll(sum, rest.featured ? keepPairs(rest.featured, featured) : await ofPairs(featured));
    return statsFromCounters(sum);
  }

  /** One scope's deltas in a window: everything before it as one delta, then per day or month. */
  async function scopeWindow(scope: StatsScope, w: HistoryWindow): Promise<DayDelta[]> {
    const key = scopeKey(scope);
    const names = scopeCounters(scope);
    const family = scope.kind === "countryPair" ? "P" : "";
    const [before, inside] = await Promise.all([
      countersUntil(dayBefore(w.from), { names, families: [family] }).then((r) => r.counters),
      readHistory({
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
        ProjectionExpression: ["#sk", ...names.map((_, i) => `#n${i}`)].join(", "),
        ExpressionAttributeNames: { "#sk": SK, ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])) },
        ExpressionAttributeValues:
          w.grain === "month"
            ? { ":lo": `${family}M#${w.from.slice(0, 7)}`, ":hi": `${family}M#${w.to.slice(0, 7)}` }
            : { ":lo": w.from, ":hi": `${w.to}#~` },
      }),
    ]);
    const carried = addScoped({}, before, key);
    return [
      ...(Object.keys(carried).length > 0 ? [{ day: dayBefore(w.from), deltas: carried }] : []),
      ...Object.keys(inside)
        .sort()
        .flatMap((k) => {
          const deltas = addScoped({}, inside[k] ?? {}, key);
          const day = isDayKey(k) ? k : `${k.slice(k.indexOf("#") + 1)}-01`;
          return Object.keys(deltas).length > 0 ? [{ day, deltas }] : [];
        }),
    ];
  }

  /** Views of these pair ids from the ALL index, in the given order (BatchGet, 100 at a time). */
  async function viewsOf(pairIds: readonly string[]): Promise<Item[]> {
    const items = await batchGetAll(
      doc,
      tableName,
      pairIds.map((id) => idxKey("ALL", id)),
    );
    const found = new Map(items.map((item) => [String(item[SK]), item]));
    return pairIds.flatMap((id) => (found.has(id) ? [found.get(id) as Item] : []));
  }

  /**
   * Whether any status change is dated after today (a day item of HIST later than today: one
   * Query of at most one key, the roll-ups left out). If none, each pair's latest status is today's and STATUS# is exact.
   */
  async function anyScheduled(): Promise<boolean> {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        // Day items only: the roll-ups' keys (C#, M#, PC#, …) sort after every date.
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :day AND :last",
        ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
        ExpressionAttributeValues: { ":pk": HIST, ":day": `${dayOf(now())}#~`, ":last": "9999-12-31#~" },
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

  /**
   * The pairs after a cursor with a name word starting with `word` (one Query of the word entries'
   * keys), and the one city whose id has that word in every one of them, if there is one
   * (`vilnius#al-tirana--lt-vilnius`: Vilnius's; not for an alias or a word of several cities).
   */
  async function wordMatches(word: string, after: string) {
    const ids = new Set<string>();
    const cities = new Set<string | undefined>();
    for await (const items of queryAll({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :w)",
      ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
      ExpressionAttributeValues: { ":pk": wordPartition(word), ":w": word },
      ProjectionExpression: "#sk",
    }))
      for (const item of items) {
        const { word: found, pairId: id } = wordEntryOf(String(item[SK]));
        if (id <= after) continue;
        ids.add(id);
        // Once two cities (or none) are seen, there is no one city: no need to look further.
        if (cities.size < 2) cities.add(cityIdsOf(id)?.find((c) => c.split("-").includes(found)));
      }
    return { ids, city: cities.size === 1 ? [...cities][0] : undefined };
  }

  /**
   * Name search: the pairs of the rarest-looking word, then their views. When one city's id has
   * that word in every pair found, every pair of that city's index has it too, so that index
   * lists them, views and all, in one Query; otherwise a BatchGet of the views by pair id.
   * With `nameFirst` (the board's city field) the pairs of a city named exactly q are read beside
   * the word's entries, and are the answer when they are the first of the pairs those name.
   */
  async function search(filter: PairFilter, page: PageRequest, q: string): Promise<Page<PairView>> {
    const words = queryWords(q);
    const word = words.sort((a, b) => b.length - a.length)[0];
    if (!word) return { items: [] };
    const after = page.cursor === undefined ? "" : decodeCursor(page.cursor);
    const index = nameIndex(q);
    const named = page.nameFirst
      ? queryIndex(index, after ? idxKey(index, after) : undefined, page.limit + 1).catch(() => undefined)
      : undefined;
    const { ids, city } = await wordMatches(word, after);
    // One word: every entry found has a name word starting with it, so the names need no second look.
    const { q: _q, ...others } = filter;
    const rest = new Set(words).size === 1 ? others : filter;
    const sorted = [...ids].sort();
    const guessed = pageIfFirst(((await named)?.Items ?? []) as Item[], sorted, rest, page);
    if (guessed) return guessed;
    if (city && (!filter.city || filter.city === city)) return listIndex(`CITY#${city}`, rest, page);
    const out: PairView[] = [];
    for (let i = 0; i < sorted.length && out.length <= page.limit; i += 100)
      out.push(...pick(await viewsOf(sorted.slice(i, i + 100)), rest, page));
    return pageOf(out, page.limit);
  }

  /**
   * The page from index entries read ahead (the pairs of a city named q), if they are the first
   * of the pairs found (`sorted`) and either all of them or more than a page after the filter.
   */
  function pageIfFirst(entries: Item[], sorted: string[], filter: PairFilter, page: PageRequest) {
    if (entries.length === 0 || !entries.every((item, i) => item[SK] === sorted[i])) return undefined;
    const out = pick(entries, filter, page);
    return entries.length === sorted.length || out.length > page.limit ? pageOf(out, page.limit) : undefined;
  }

  /** One Query of an index partition, from a key on. */
  const queryIndex = (index: string, startKey: Item | undefined, limit: number) =>
    doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PK },
        ExpressionAttributeValues: { ":pk": `IDX#${index}` },
        ExclusiveStartKey: startKey,
        Limit: limit,
      }),
    );

  /** A page of one index partition's views that match the filter, after the page's cursor. */
  async function listIndex(index: string, filter: PairFilter, page: PageRequest): Promise<Page<PairView>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const want = page.limit + 1;
    const out: PairView[] = [];
    let startKey: Item | undefined = after === undefined ? undefined : idxKey(index, after);
    // Read one entry past the page, so a cursor is handed out only when there is more (no empty
    // last page); a filter can leave a read short, so keep reading until then or the index ends.
    do {
      const res = await queryIndex(index, startKey, Math.max(want - out.length, 25));
      out.push(...pick((res.Items ?? []) as Item[], filter, page));
      startKey = res.LastEvaluatedKey;
    } while (startKey && out.length < want);
    return pageOf(out, page.limit);
  }

  return {
    async get(pairId) {
      const out = await doc.send(
        new GetCommand({ TableName: tableName, Key: docKey(pairId), ConsistentRead: true }),
      );
      return out.Item?.doc as PairDoc | undefined;
    },

    async getMany(pairIds) {
      const found = new Map<string, PairDoc>();
      const items = await batchGetAll(doc, tableName, pairIds.map(docKey), {
        ProjectionExpression: "#doc",
        ExpressionAttributeNames: { "#doc": "doc" },
      });
      for (const item of items) {
        const d = item.doc as PairDoc | undefined;
        if (d) found.set(d.view.pairId, d);
      }
      return found;
    },

    async list(filter, page) {
      if (filter.q !== undefined) return search(filter, page, filter.q);
      // As of a day the status filter applies to the status then, so it cannot pick the index;
      // nor today when a status change is scheduled (the index holds each pair's latest status).
      const byStatus = filter.status !== undefined && !page.asOf && !(await anyScheduled());
      return listIndex(indexFor(byStatus ? filter : { ...filter, status: undefined }), filter, page);
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

    stats: (options) => statsUntil(dayOf(now()), options),

    statsAsOf: (day, options) => statsUntil(day, options),

    async statusHistory(scope, window) {
      if (window) return scopeWindow(scope, window);
      const key = scopeKey(scope);
      const names = scopeCounters(scope);
      // Every day item (keys before "A": the roll-ups' keys start with a letter).
      const history = await readHistory({
        KeyConditionExpression: "#pk = :pk AND #sk < :a",
        ProjectionExpression: ["#sk", ...names.map((_, i) => `#n${i}`)].join(", "),
        ExpressionAttributeNames: { "#sk": SK, ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])) },
        ExpressionAttributeValues: { ":a": "A" },
      });
      return Object.keys(history)
        .sort()
        .flatMap((day) => {
          const deltas = addScoped({}, history[day] ?? {}, key);
          return Object.keys(deltas).length > 0 ? [{ day, deltas }] : [];
        });
    },
  };
}
