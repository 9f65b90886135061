/** What both read-model adapters share: which index a filter reads, and how a view matches. */
import { PAIR_ID_PATTERN, STATUSES, type PairView } from "../../domain/index.js";
import {
  InvalidCursorError,
  statBuckets,
  type PairFilter,
  type StatusCounts,
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

/** The index partitions a view is listed under. */
export function indexesOf(view: PairView): string[] {
  const countries = [...new Set([view.cityA.country, view.cityB.country])];
  return [
    "ALL",
    ...countries.map((c) => `COUNTRY#${c}`),
    `CITY#${view.cityA.id}`,
    `CITY#${view.cityB.id}`,
    `STATUS#${view.status}`,
  ];
}

/** What a name search compares: lower case, without diacritics ("Düsseldorf" ~ "dusseldorf"). */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** The folded text a name search looks in: both cities' names, ids and aliases. */
export function searchText(view: PairView): string {
  const c = [view.cityA, view.cityB];
  return foldForSearch(c.flatMap((x) => [x.name, x.id, ...(x.aliases ?? [])]).join("\n"));
}

export function matches(view: PairView, filter: PairFilter): boolean {
  const countries = [view.cityA.country, view.cityB.country];
  return (
    (!filter.country || countries.includes(filter.country)) &&
    (!filter.city || view.cityA.id === filter.city || view.cityB.id === filter.city) &&
    (!filter.status || view.status === filter.status) &&
    (!filter.q || searchText(view).includes(foldForSearch(filter.q)))
  );
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

/** Every status at zero, so a client always sees the same keys. */
const zeroes = (): Record<string, number> =>
  Object.fromEntries([["total", 0], ...STATUSES.map((s) => [s, 0])]);

/** Counters (name → count) as Stats; buckets are sorted by key. */
export function statsFromCounters(counters: Record<string, number>): Stats {
  const total: Record<string, number> = zeroes();
  const byCountry: Record<string, Record<string, number>> = {};
  const byCountryPair: Record<string, Record<string, number>> = {};
  for (const [name, n] of Object.entries(counters)) {
    if (!n) continue;
    const parts = name.split("#");
    if (parts[0] === "t" && parts[1]) total[parts[1]] = n;
    else if (parts.length === 3 && parts[1] && parts[2]) {
      const target = parts[0] === "c" ? byCountry : parts[0] === "p" ? byCountryPair : undefined;
      if (!target) continue;
      target[parts[1]] ??= zeroes();
      (target[parts[1]] as Record<string, number>)[parts[2]] = n;
    }
  }
  const sorted = (o: Record<string, Record<string, number>>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1))) as Record<
      string,
      StatusCounts
    >;
  return { total: total as StatusCounts, byCountry: sorted(byCountry), byCountryPair: sorted(byCountryPair) };
}
