/** The status-over-time series: counts at the end of each month or week, from day-by-day deltas. */
import { describe, expect, it } from "vitest";
import {
  buildSeries,
  MAX_PERIODS,
  periodsOf,
  pointOf,
  type DayDelta,
} from "../../functions/app/board/timeline-series.js";

const deltas: DayDelta[] = [
  { day: "1997-06-30", deltas: { active: 1, total: 1 } },
  { day: "2021-12-31", deltas: { active: 2, total: 2 } },
  { day: "2022-03-01", deltas: { active: -1, suspended: 1 } },
  { day: "2022-03-31", deltas: { active: -1, terminated: 1 } },
  { day: "2022-04-04", deltas: { suspended: -1, terminated: 1 } },
];

describe("the status series", () => {
  it("counts every status at the end of each month, starting from everything before `from`", () => {
    const points = buildSeries(deltas, { from: "2022-02-10", to: "2022-05-02", interval: "month" });
    expect(points.map((p) => p.period)).toEqual(["2022-02", "2022-03", "2022-04", "2022-05"]);
    expect(points[0]).toEqual({
      period: "2022-02",
      start: "2022-02-01",
      end: "2022-02-28",
      counts: { active: 3, suspended: 0, dormant: 0, terminated: 0 },
      total: 3,
    });
    expect(points[1]?.counts).toEqual({ active: 1, suspended: 1, dormant: 0, terminated: 1 });
    expect(points[2]?.counts).toEqual({ active: 1, suspended: 0, dormant: 0, terminated: 2 });
    expect(points[3]?.counts).toEqual(points[2]?.counts);
  });

  it("ignores what happened after the last period (the as-of date)", () => {
    const points = buildSeries(deltas, { from: "2022-01-01", to: "2022-03-15", interval: "month" });
    expect(points.at(-1)?.counts).toEqual({ active: 1, suspended: 1, dormant: 0, terminated: 1 });
  });

  it("cuts weeks on Mondays", () => {
    const points = buildSeries(deltas, { from: "2022-03-02", to: "2022-03-14", interval: "week" });
    expect(points.map((p) => [p.start, p.end])).toEqual([
      ["2022-02-28", "2022-03-06"],
      ["2022-03-07", "2022-03-13"],
      ["2022-03-14", "2022-03-20"],
    ]);
    expect(points[0]?.counts.suspended).toBe(1);
    expect(pointOf(points, "2022-03-09")?.period).toBe("2022-03-07");
  });

  it("gives zero counts with no history, and refuses an unreadably long series", () => {
    expect(buildSeries([], { from: "2020-01-01", to: "2020-02-01", interval: "month" })[1]?.total).toBe(0);
    expect(periodsOf("1900-01-01", "2026-01-01", "month").length).toBe(MAX_PERIODS + 1);
    expect(() => buildSeries(deltas, { from: "1900-01-01", to: "2026-01-01", interval: "month" })).toThrow(
      RangeError,
    );
  });

  it("handles month ends and leap years", () => {
    expect(periodsOf("2024-01-31", "2024-03-01", "month")).toEqual([
      ["2024-01-01", "2024-01-31"],
      ["2024-02-01", "2024-02-29"],
      ["2024-03-01", "2024-03-31"],
    ]);
  });
});
