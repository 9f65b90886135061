/**
 * The day-by-day status counters a pair contributes to, from its status points: on its first
 * status day +1 "total" and +1 that status in each scope it counts in (everything "t", each of its
 * countries "c#<cc>", its country pair "p#<cc-cc>"); on every later change -1 the old status and
 * +1 the new one. Summing every delta dated on or before a day gives the counts as of that day. Pure.
 */
import { latestDay } from "../effective-date.js";
import type { PairDoc } from "./pair-doc.js";
import type { PairHeader } from "./pair-view.js";

/** Counter deltas by day (YYYY-MM-DD) and counter key (t#active, c#RU#total, p#RU-US#suspended). */
export type History = Record<string, Record<string, number>>;

/** The country-pair key: "RU-US" (both countries, sorted). */
export const countryPairKey = (a: string, b: string) => [a, b].sort().join("-");

/** Counter scopes of a pair: "t" (all), "c#<cc>" per country, "p#<cc-cc>" (country pair). */
export function scopesOf(h: Pick<PairHeader, "cityA" | "cityB">): string[] {
  const a = h.cityA.country;
  const b = h.cityB.country;
  return ["t", ...(a === b ? [a] : [a, b]).map((c) => `c#${c}`), `p#${countryPairKey(a, b)}`];
}

const add = (h: History, day: string, key: string, n: number) => {
  h[day] ??= {};
  const d = h[day];
  d[key] = (d[key] ?? 0) + n;
  if (d[key] === 0) delete d[key];
  if (Object.keys(d).length === 0) delete h[day];
};

/**
 * What one document contributes to the day-by-day counters: on its first status day +1 total and
 * +1 that status in each scope; on every later change -1 the old status, +1 the new one.
 */
export function contributions(doc: PairDoc | undefined, sign = 1, into: History = {}): History {
  if (!doc) return into;
  const scopes = scopesOf(doc.header);
  let before: string | undefined;
  for (const p of doc.changes) {
    const day = latestDay(p.date);
    for (const s of scopes) {
      if (before === undefined) add(into, day, `${s}#total`, sign);
      else add(into, day, `${s}#${before}`, -sign);
      add(into, day, `${s}#${p.status}`, sign);
    }
    before = p.status;
  }
  return into;
}

/** The counter deltas of replacing `prev` by `next` (empty when the status history is the same). */
export const historyDelta = (prev: PairDoc | undefined, next: PairDoc | undefined): History =>
  contributions(prev, -1, contributions(next));

/** Add `from` into `into` (zeros dropped). */
export function mergeHistory(into: History, from: History): History {
  for (const [day, counters] of Object.entries(from))
    for (const [k, n] of Object.entries(counters)) add(into, day, k, n);
  return into;
}

/**
 * The roll-up buckets a day's counters are also added into: its century, decade, year and month
 * ("C#20", "X#202", "Y#2022", "M#2022-03"). Counts as of a day are then the sum of the buckets
 * wholly before it at each level plus the days of its own month up to it: a handful of items
 * (≤ 9 centuries in use, 9 decades, 9 years, 11 months, 31 days), whatever the history's length.
 * Country-pair counters (`p#…`, by far the most) roll up into their own buckets, the same keys
 * with a "P" before them ("PC#20", "PM#2022-03"), so that counts without them read little.
 */
export function bucketsOf(day: string, family: "" | "P" = ""): string[] {
  const y = day.slice(0, 4);
  return [`C#${y.slice(0, 2)}`, `X#${y.slice(0, 3)}`, `Y#${y}`, `M#${day.slice(0, 7)}`].map(
    (b) => family + b,
  );
}

/**
 * Country pairs whose counters the totals' roll-ups ("" family) carry as well as their own ("P"):
 * the board's US–Russia line, the story the ledger was born from, is then read with the totals in
 * one request instead of from the country-pair roll-ups (whose items hold every pair's counters).
 */
export const FEATURED_COUNTRY_PAIRS: readonly string[] = ["RU-US"];
const featuredPrefixes = new Set(FEATURED_COUNTRY_PAIRS.map((p) => `p#${p}#`));

/**
 * The roll-up families a counter is added into: "P" for a country pair's (and "" too for a
 * featured pair's), "" for the others.
 */
export function familiesOf(counter: string): readonly ("" | "P")[] {
  if (!counter.startsWith("p#")) return TOTALS;
  return featuredPrefixes.has(counter.slice(0, counter.lastIndexOf("#") + 1)) ? BOTH : PAIRS;
}
const TOTALS = [""] as const;
const PAIRS = ["P"] as const;
const BOTH = ["P", ""] as const;

/** A history key that is a day (not a roll-up bucket). */
export const isDayKey = (key: string) => /^\d/.test(key);

/** A day-by-day history with its roll-ups: each day's counters also summed into their buckets. */
export function withRollUps(history: History): History {
  const out: History = {};
  for (const [day, counters] of Object.entries(history)) {
    if (!isDayKey(day)) continue;
    for (const [k, n] of Object.entries(counters)) {
      add(out, day, k, n);
      for (const family of familiesOf(k)) for (const bucket of bucketsOf(day, family)) add(out, bucket, k, n);
    }
  }
  return out;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * The first century a counter can fall in: every status point is an effective date, and no
 * effective date lies before the year 1000 (`isValidEffectiveDate`), so `C#00`–`C#09` never hold
 * anything and are not read (20 absent keys of a BatchGet less).
 */
export const FIRST_CENTURY = 10;

/**
 * The key ranges (inclusive) whose items, summed, give the counts as of `day`: every century
 * before its own from the 11th (`C#10`: FIRST_CENTURY), the decades of its century before its
 * own, the years of its decade before its own, the months of its year before its own (in each
 * family asked for), then the days of its month up to it (a day item holds every counter).
 */
export function rangesUntil(
  day: string,
  families: readonly ("" | "P")[] = ["", "P"],
  days = true,
): [string, string][] {
  const y = day.slice(0, 4);
  const c = Number(y.slice(0, 2));
  const d = Number(y[2]);
  const yy = Number(y[3]);
  const m = Number(day.slice(5, 7));
  const out: [string, string][] = [];
  for (const f of families) {
    if (c > FIRST_CENTURY) out.push([`${f}C#${FIRST_CENTURY}`, `${f}C#${pad(c - 1, 2)}`]);
    if (d > 0) out.push([`${f}X#${y.slice(0, 2)}0`, `${f}X#${y.slice(0, 2)}${d - 1}`]);
    if (yy > 0) out.push([`${f}Y#${y.slice(0, 3)}0`, `${f}Y#${y.slice(0, 3)}${yy - 1}`]);
    if (m > 1) out.push([`${f}M#${y}-01`, `${f}M#${y}-${pad(m - 1, 2)}`]);
  }
  if (days) out.push([`${day.slice(0, 7)}-01`, day]);
  return out;
}
