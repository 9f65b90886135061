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
