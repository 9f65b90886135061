/**
 * Status over time as a series: from the read model's day-by-day deltas (how the counts of one
 * scope changed on each day), the number of pairs in each status at the end of each month or
 * week. Pure: one pass over the deltas, no fold of any pair.
 */
import { STATUSES, type Status } from "../../../domain/index.js";
import type { DayDelta } from "../../ports/read-model.js";

export type { DayDelta };

export type Interval = "month" | "week";

export interface SeriesPoint {
  /** "2022-03" for a month; the Monday "2022-02-28" for a week (ISO weeks start on Monday). */
  readonly period: string;
  /** First and last day of the period (YYYY-MM-DD). */
  readonly start: string;
  readonly end: string;
  /** Pairs in each status at the end of the period. */
  readonly counts: Readonly<Record<Status, number>>;
  readonly total: number;
}

export interface SeriesRequest {
  /** First and last day to cover (YYYY-MM-DD); periods are whole months or weeks around them. */
  readonly from: string;
  readonly to: string;
  readonly interval: Interval;
}

/** More periods than this is not a chart anyone reads (20 years of months, 8 of weeks). */
export const MAX_PERIODS = 420;

const DAY_MS = 86_400_000;
const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The periods covering from..to: [start, end] days, in order. */
export function periodsOf(from: string, to: string, interval: Interval): [string, string][] {
  const out: [string, string][] = [];
  const last = toDate(to);
  let start = toDate(from);
  if (interval === "month") start = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  else start = new Date(start.getTime() - ((start.getUTCDay() + 6) % 7) * DAY_MS);
  while (start <= last && out.length <= MAX_PERIODS) {
    const next =
      interval === "month"
        ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1))
        : new Date(start.getTime() + 7 * DAY_MS);
    out.push([iso(start), iso(new Date(next.getTime() - DAY_MS))]);
    start = next;
  }
  return out;
}

export const periodCount = (r: SeriesRequest) => periodsOf(r.from, r.to, r.interval).length;

const zero = (): Record<Status, number> => ({ active: 0, suspended: 0, dormant: 0, terminated: 0 });

/**
 * The counts at the end of each period. Deltas before `from` are summed into the first period's
 * starting point; deltas after the last period are ignored. `deltas` must be in day order.
 */
export function buildSeries(deltas: readonly DayDelta[], request: SeriesRequest): SeriesPoint[] {
  const periods = periodsOf(request.from, request.to, request.interval);
  if (periods.length > MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} periods`);
  const counts = zero();
  let total = 0;
  let i = 0;
  const points: SeriesPoint[] = [];
  for (const [start, end] of periods) {
    for (; i < deltas.length && (deltas[i] as DayDelta).day <= end; i++) {
      const d = (deltas[i] as DayDelta).deltas;
      for (const s of STATUSES) counts[s] += d[s] ?? 0;
      total += d.total ?? 0;
    }
    const period = request.interval === "month" ? start.slice(0, 7) : start;
    points.push({ period, start, end, counts: { ...counts }, total });
  }
  return points;
}

/** The period in which a day falls, if the series covers it. */
export const pointOf = (points: readonly SeriesPoint[], day: string) =>
  points.find((p) => p.start <= day && day <= p.end);
