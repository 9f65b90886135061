/** What both read-model adapters share: which index a filter reads, and how a view matches. */
import {
  PAIR_ID_PATTERN,
  slugify,
  viewAsOfDay,
  viewToday,
  type History,
  type PairDoc,
  type PairView,
} from "../../domain/index.js";
import {
  InvalidCursorError,
  statsFromCounters,
  type DayDelta,
  type HistoryWindow,
  type PairFilter,
  type StatsScope,
  type Stats,
} from "../ports/read-model.js";

/**
 * Both adapters list in pair-id order and resume after the last pair id of a page, so a cursor
 * is that id (versioned, base64url): it stays valid while pairs are added or change status.
 */
export function encodeCursor(afterPairId: string): string {
  return Buffer.from(`v1:${afterPairId}`).toString("base64url");
}

export function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
  const after = text.startsWith("v1:") ? text.slice(3) : "";
  if (!PAIR_ID_PATTERN.test(after)) throw new InvalidCursorError();
  return after;
}

/** The index partition that serves a filter best: city, then country, then status, then all. */
export function indexFor(filter: PairFilter): string {
  if (filter.city) return `CITY#${filter.city}`;
  if (filter.country) return `COUNTRY#${filter.country}`;
  if (filter.status) return `STATUS#${filter.status}`;
  return "ALL";
}

/** The index partition of the pairs of a city with this whole name (any country): `NAME#vilnius`. */
export const nameIndex = (name: string) => `NAME#${slugify(name)}`;

/** The index partitions a view is listed under (each once: two cities may share a name). */
export function indexesOf(view: PairView): string[] {
  const countries = [...new Set([view.cityA.country, view.cityB.country])];
  return [
    "ALL",
    ...countries.map((c) => `COUNTRY#${c}`),
    `CITY#${view.cityA.id}`,
    `CITY#${view.cityB.id}`,
    ...new Set([nameIndex(view.cityA.name), nameIndex(view.cityB.name)]),
    `STATUS#${view.status}`,
  ];
}

/** Words of a name search: slug words (case, diacritics and punctuation folded like city ids). */
export const queryWords = (q: string): string[] => [...new Set(slugify(q).split("-").filter(Boolean))];

/** Most words of one city a search can start (its id's, its name's, then its aliases'). */
const WORDS_PER_CITY = 24;

/**
 * Words of a view that a search can start: per city, the words of its id (region or country,
 * then its name) and of its aliases, so former names ("Stalingrad") are found too.
 */
export function nameWords(view: Pick<PairView, "cityA" | "cityB">): string[] {
  const words = (c: PairView["cityA"]) =>
    [
      ...new Set([c.id, c.name, ...(c.aliases ?? [])].flatMap((n) => slugify(n).split("-")).filter(Boolean)),
    ].slice(0, WORDS_PER_CITY);
  return [...new Set([...words(view.cityA), ...words(view.cityB)])];
}

/** Every word of q starts a word of either city's name (q without words matches nothing). */
export function matchesQuery(view: Pick<PairView, "cityA" | "cityB">, q: string): boolean {
  const wanted = queryWords(q);
  const have = nameWords(view);
  return wanted.length > 0 && wanted.every((w) => have.some((h) => h.startsWith(w)));
}

export function matches(view: PairView, filter: PairFilter): boolean {
  const countries = [view.cityA.country, view.cityB.country];
  return (
    (!filter.country || countries.includes(filter.country)) &&
    (!filter.city || view.cityA.id === filter.city || view.cityB.id === filter.city) &&
    (!filter.status || view.status === filter.status) &&
    (filter.q === undefined || matchesQuery(view, filter.q))
  );
}

/**
 * A document's view for a list: as it stood on `asOf` (undefined: not established then), else as
 * it stands `today` (its status in force today, later status points under `scheduled`).
 */
export const listedView = (
  view: PairView,
  changes: PairDoc["changes"],
  asOf: string | undefined,
  today: string,
) => (asOf === undefined ? viewToday(view, changes, today) : viewAsOfDay(view, changes, asOf));

export function scopeKey(scope: StatsScope): string {
  return scope.kind === "all"
    ? "t"
    : scope.kind === "country"
      ? `c#${scope.country}`
      : `p#${scope.countryPair}`;
}

/** Stats as of a day: every delta dated on or before it, summed. */
export function statsFromHistory(history: History, day: string): Stats {
  const counters: Record<string, number> = {};
  for (const [d, deltas] of Object.entries(history)) {
    if (d > day) continue;
    for (const [k, n] of Object.entries(deltas)) counters[k] = (counters[k] ?? 0) + n;
  }
  return statsFromCounters(counters);
}

/** One scope's deltas, day by day, from a history. */
export function scopeHistory(history: History, scope: StatsScope): DayDelta[] {
  const prefix = `${scopeKey(scope)}#`;
  const out: DayDelta[] = [];
  for (const day of Object.keys(history).sort()) {
    const deltas: Record<string, number> = {};
    for (const [k, n] of Object.entries(history[day] ?? {}))
      if (k.startsWith(prefix) && !k.slice(prefix.length).includes("#") && n !== 0)
        deltas[k.slice(prefix.length)] = n;
    if (Object.keys(deltas).length > 0) out.push({ day, deltas });
  }
  return out;
}

/** Counters without the country pairs a StatsOptions leaves out. */
export function keepPairs(counters: Record<string, number>, pairs: readonly string[] | undefined) {
  if (pairs === undefined) return counters;
  const kept = new Set(pairs);
  return Object.fromEntries(
    Object.entries(counters).filter(([k]) => !k.startsWith("p#") || kept.has(k.split("#")[1] as string)),
  );
}

/** The day before a day (YYYY-MM-DD). */
export const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Add one scope's counters (`<scope>#<status>`) into a delta (prefix stripped, zeros dropped). */
export function addScoped(into: Record<string, number>, counters: Record<string, unknown>, scope: string) {
  for (const [k, n] of Object.entries(counters))
    if (typeof n === "number" && k.startsWith(`${scope}#`) && !k.slice(scope.length + 1).includes("#")) {
      const s = k.slice(scope.length + 1);
      into[s] = (into[s] ?? 0) + n;
      if (into[s] === 0) delete into[s];
    }
  return into;
}

/** Deltas in a window (see HistoryWindow), from every day-by-day delta of a scope. */
export function windowOf(all: readonly DayDelta[], w: HistoryWindow): DayDelta[] {
  const before: Record<string, number> = {};
  const per = new Map<string, Record<string, number>>();
  for (const { day, deltas } of all) {
    if (day > w.to) break;
    const into =
      day < w.from
        ? before
        : (() => {
            const key = w.grain === "month" ? `${day.slice(0, 7)}-01` : day;
            if (!per.has(key)) per.set(key, {});
            return per.get(key) as Record<string, number>;
          })();
    for (const [s, n] of Object.entries(deltas)) {
      into[s] = (into[s] ?? 0) + (n ?? 0);
      if (into[s] === 0) delete into[s];
    }
  }
  return [
    ...(Object.keys(before).length > 0 ? [{ day: dayBefore(w.from), deltas: before }] : []),
    ...[...per.entries()]
      .filter(([, d]) => Object.keys(d).length > 0)
      .map(([day, deltas]) => ({ day, deltas })),
  ];
}

/** The UTC day of an instant (YYYY-MM-DD): what "today" means for stats. */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);
