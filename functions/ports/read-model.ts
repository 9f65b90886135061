/**
 * The read-model port: per-pair documents written by the projector, and the queries the API
 * needs (filters, pagination, stats), each served without a scan.
 */
import {
  countryPairKey,
  type History,
  type PairDoc,
  type PairView,
  STATUSES,
  type Status,
} from "../../domain/index.js";

export interface PairFilter {
  /** ISO 3166-1 alpha-2; matches either side. */
  readonly country?: string;
  /** A city id; matches either side. */
  readonly city?: string;
  readonly status?: Status;
  /**
   * Name search: every word of q starts a word of either city — of its id (region or country,
   * then name), its name or its aliases (24 words a city at most) — compared case-, diacritic- and
   * punctuation-insensitively by the slug rule of city ids: "dus" and "DÜSSEL" find Düsseldorf,
   * "new yo" New York, "stalin" Volgograd (an alias). A q with no letter or digit matches nothing.
   */
  readonly q?: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
  /** A day (YYYY-MM-DD): statuses as they stood then (pairs not yet established are left out). */
  readonly asOf?: string;
  /**
   * A hint with `q`: the text is most likely a city's whole name (the board's city field). The
   * answer is the same; a store may read the pairs of a city so named beside the name search.
   */
  readonly nameFirst?: boolean;
}

/** Where stats or a status history are counted: everything, one country, or a country pair "RU-US". */
export type StatsScope =
  | { readonly kind: "all" }
  | { readonly kind: "country"; readonly country: string }
  | { readonly kind: "countryPair"; readonly countryPair: string };

/** How the counts of one scope changed on one day: +n / -n per status, and new pairs (total). */
export interface DayDelta {
  readonly day: string;
  readonly deltas: Partial<Record<Status | "total", number>>;
}

export type { History };

/**
 * A window of a status history: first one delta dated the day before `from` that holds everything
 * before it, then the deltas from `from` to `to`, per day or per month (a month's dated on its
 * first day; `from` is then a month's first day).
 */
export interface HistoryWindow {
  readonly from: string;
  readonly to: string;
  readonly grain: "day" | "month";
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque: pass it back to read the next page; absent when there is none. */
  readonly cursor?: string;
}

/** A cursor that no list ever handed out (tampered, truncated): the caller's mistake, not ours. */
export class InvalidCursorError extends Error {
  readonly code = "INVALID_CURSOR";
  constructor(message = "the cursor is not one this API handed out") {
    super(message);
    this.name = "InvalidCursorError";
  }
}

export const isInvalidCursor = (e: unknown): e is InvalidCursorError => e instanceof InvalidCursorError;

/**
 * A save that needs more writes than one transaction holds (many status days at once: each day
 * writes its counter item and its roll-ups). Nothing was written; the projector saves the pair's
 * events in smaller steps.
 */
export class SaveTooLargeError extends Error {
  readonly code = "SAVE_TOO_LARGE";
  constructor(message: string) {
    super(message);
    this.name = "SaveTooLargeError";
  }
}

export type StatusCounts = Partial<Record<Status, number>> & { readonly total: number };

export interface Stats {
  readonly total: StatusCounts;
  readonly byCountry: Readonly<Record<string, StatusCounts>>;
  /** Keyed "RU-US": both countries, sorted. */
  readonly byCountryPair: Readonly<Record<string, StatusCounts>>;
}

export type SaveOutcome = "saved" | "stale";

/** What counts to give: every country pair (the default), or only these ("RU-US"; [] for none). */
export interface StatsOptions {
  readonly countryPairs?: readonly string[];
}

/** One save of a batch: `next` over the stored `previous` (by version), as `save` takes them. */
export interface DocSave {
  readonly next: PairDoc;
  readonly previous: PairDoc | undefined;
}

/** What the HTTP API and the board read (their functions build only this half). */
export interface ReadModelReader {
  get(pairId: string): Promise<PairDoc | undefined>;
  /** The stored documents of these pairs (a pair with none is absent), read together. */
  getMany(pairIds: readonly string[]): Promise<Map<string, PairDoc>>;
  /**
   * A page of views matching the filter, in pair-id order (stable across pages and writes).
   * Throws InvalidCursorError for a cursor it did not hand out.
   */
  list(filter: PairFilter, page: PageRequest): Promise<Page<PairView>>;
  /** Today's counts: status changes dated after today are not counted yet. */
  stats(options?: StatsOptions): Promise<Stats>;
  /**
   * Counts as of a day (YYYY-MM-DD): the stored roll-ups before it (centuries, decades, years,
   * months) and the days of its month up to it, summed: a few dozen items whatever the history.
   */
  statsAsOf(day: string, options?: StatsOptions): Promise<Stats>;
  /**
   * The deltas of one scope, in day order (days on which nothing changed are absent): all of them
   * day by day, or within a window (what a chart shows: bounded by the window, not the history).
   */
  statusHistory(scope: StatsScope, window?: HistoryWindow): Promise<readonly DayDelta[]>;
  /** Every document, read by a parallel Scan (order is not defined); pages arrive as they come. */
  scanDocs(options?: { readonly segments?: number }): AsyncIterable<readonly PairDoc[]>;
  /** The id of every pair with a document, from the list index (pages as they come). */
  pairIds(): AsyncIterable<readonly string[]>;
  /**
   * Every stored delta, by day and by roll-up bucket ("M#2022-03", `withRollUps`): replay compares
   * them with the roll-ups of the replayed documents' deltas.
   */
  history(): Promise<History>;
}

/** The whole read model: the reads, and the writes of the projector, the import and the replay. */
export interface ReadModelStore extends ReadModelReader {
  /**
   * Write `next` if the stored document is still `previous` (by version): otherwise "stale",
   * and nothing is written. Index entries and counters change in the same atomic write.
   */
  save(next: PairDoc, previous: PairDoc | undefined): Promise<SaveOutcome>;
  /**
   * Saves of DIFFERENT pairs, written together in as few atomic writes as the store allows, each
   * guarded like `save` and the counters of one write summed across its pairs. Per save, in order:
   * "saved", or "stale" when its write was not made (one of its documents had moved, or a conflict):
   * nothing of that write changed, and the caller saves those pairs again one by one. A write whose
   * fate is unknown (a lost answer) throws: the caller re-reads and saves one by one.
   */
  saveMany(saves: readonly DocSave[]): Promise<SaveOutcome[]>;
  /** Remove a pair's document, its index entries and its deltas (repair: a document no event backs). */
  remove(pairId: string): Promise<void>;
  /** Overwrite every delta and roll-up from a day-by-day history (repair: the replay recounted it). */
  setHistory(history: History): Promise<void>;
}

/** Counters a document contributes to: [bucket, country or country pair]. */
export function statBuckets(view: PairView): { total: true; countries: string[]; countryPair: string } {
  const a = view.cityA.country;
  const b = view.cityB.country;
  return { total: true, countries: a === b ? [a] : [a, b], countryPair: countryPairKey(a, b) };
}

/** Counter names a view adds one to: total, per country, per country pair, each by status. */
export function counterKeys(view: PairView): string[] {
  const b = statBuckets(view);
  const s = view.status;
  return [
    `t#${s}`,
    "t#total",
    ...b.countries.flatMap((c) => [`c#${c}#${s}`, `c#${c}#total`]),
    `p#${b.countryPair}#${s}`,
    `p#${b.countryPair}#total`,
  ];
}

/** Every status at zero, so a client always sees the same keys (total first, then STATUSES). */
const ZEROES: Readonly<Record<string, number>> = Object.fromEntries([
  ["total", 0],
  ...STATUSES.map((s) => [s, 0]),
]);
/** A fresh copy of ZEROES (a spread of a small literal-shaped object: no entries array each time). */
const zeroes = (): Record<string, number> => ({ ...ZEROES });

/** The buckets in key order (as `<` orders strings: UTF-16 code units, as `sort()` does). */
function sortedByKey(m: ReadonlyMap<string, Record<string, number>>): Record<string, StatusCounts> {
  const out: Record<string, StatusCounts> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k) as StatusCounts;
  return out;
}

type Buckets = Map<string, Record<string, number>>;

/**
 * Add `c#<cc>#<status>` or `p#<cc-cc>#<status>` (three parts, none empty: what `split("#")`
 * would give) to its bucket; any other name is left out.
 */
function addToBucket(name: string, n: number, scope: string, second: number, of: { c: Buckets; p: Buckets }) {
  if (!scope || second < 0 || second === name.length - 1 || name.indexOf("#", second + 1) >= 0) return;
  const target = name[1] !== "#" ? undefined : name[0] === "c" ? of.c : name[0] === "p" ? of.p : undefined;
  if (!target) return;
  let counts = target.get(scope);
  if (!counts) {
    counts = zeroes();
    target.set(scope, counts);
  }
  counts[name.slice(second + 1)] = n;
}

/**
 * Counters (name → count) as Stats; buckets are sorted by key. At registry scale this is a few
 * thousand counters (every country pair's) a request, so one pass without splitting each name.
 */
export function statsFromCounters(counters: Record<string, number>): Stats {
  const total: Record<string, number> = zeroes();
  const buckets = { c: new Map() as Buckets, p: new Map() as Buckets };
  for (const name in counters) {
    const n = counters[name];
    if (!n) continue;
    // `t#<status>`, `c#<cc>#<status>`, `p#<cc-cc>#<status>`: the scope is the second part.
    const first = name.indexOf("#");
    if (first < 0) continue;
    const second = name.indexOf("#", first + 1);
    const scope = second < 0 ? name.slice(first + 1) : name.slice(first + 1, second);
    if (first === 1 && name[0] === "t" && scope) total[scope] = n;
    else addToBucket(name, n, scope, second, buckets);
  }
  return {
    total: total as StatusCounts,
    byCountry: sortedByKey(buckets.c),
    byCountryPair: sortedByKey(buckets.p),
  };
}
