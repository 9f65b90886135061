/**
 * Effective dates with their precision: "1944" (year), "2022-03" (month), "2022-03-09" (day).
 *
 * Rule (documented in docs/domain.md): an event counts as effective on the LAST day its date can mean.
 * "2022-03" is effective as of 2022-03-31, "1944" as of 1944-12-31. So `asOf=2022-03-15` does not
 * yet include an event known only as "March 2022": the ledger never claims more than its sources.
 * The timeline is ordered by that last day, then by version (recording order).
 */
import * as z from "zod";

export type Precision = "year" | "month" | "day";

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidEffectiveDate(value: string): boolean {
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  const year = Number(y);
  if (year < 1000) return false;
  if (mo === undefined) return true;
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  return day >= 1 && day <= daysInMonth(year, month);
}

export const EffectiveDate = z
  .string()
  .refine(
    isValidEffectiveDate,
    "must be a date of year, month or day precision: 1944, 2022-03 or 2022-03-09",
  );

export function precisionOf(value: string): Precision {
  return value.length === 4 ? "year" : value.length === 7 ? "month" : "day";
}

/** The last calendar day (YYYY-MM-DD) the date can mean. */
export function latestDay(value: string): string {
  const p = precisionOf(value);
  if (p === "day") return value;
  if (p === "month") {
    const [y, m] = value.split("-").map(Number) as [number, number];
    return `${value}-${String(daysInMonth(y, m)).padStart(2, "0")}`;
  }
  return `${value}-12-31`;
}

/** The first calendar day (YYYY-MM-DD) the date can mean. */
export function earliestDay(value: string): string {
  const p = precisionOf(value);
  return p === "day" ? value : p === "month" ? `${value}-01` : `${value}-01-01`;
}

/** An `asOf` query date: a day (YYYY-MM-DD), or a month/year meaning its last day. */
export const AsOfDate = EffectiveDate.transform(latestDay);

/**
 * How far ahead an effective date may lie. A council may decide in advance, so a future date can
 * be real (the event is scheduled: it counts from its date); a date decades ahead is a typo.
 */
export const MAX_YEARS_AHEAD = 10;

/** The last day (YYYY-MM-DD) an effective date recorded at `recordedAt` (an ISO instant) may start on. */
export function latestAllowedDay(recordedAt: string): string {
  const [y, rest] = [recordedAt.slice(0, 4), recordedAt.slice(4, 10)];
  const day = `${String(Number(y) + MAX_YEARS_AHEAD).padStart(4, "0")}${rest}`;
  // 29 February + 10 years is 28 February (or 29: 10 years ahead of a leap year can be one).
  return isValidEffectiveDate(day) ? day : `${day.slice(0, 8)}28`;
}

/** Whether the date can only mean days after latestAllowedDay(recordedAt). */
export const isTooFarAhead = (date: string, recordedAt: string) =>
  earliestDay(date) > latestAllowedDay(recordedAt);
