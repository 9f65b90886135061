/**
 * GET /stats/timeline over the seed: pairs in each status per month or week, from the read
 * model's stored day-by-day history. Each point must equal the registry folded pair by pair from
 * its events as of that period's last day (the slow way), and the March 2022 wave must show for
 * US–Russia.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { viewOf } from "../../domain/index.js";
import type { AppEnv } from "../../functions/app/auth.js";
import { timelineRoutes } from "../../functions/app/routes/timeline.js";
import { memoryApp } from "../support/memory-app.js";
import { loadBoardFixture } from "./board-fixture.js";
import { historiesOf, historyOracle, type PairHistory, type Scope } from "./history-oracle.js";

const m = memoryApp();
let docs: PairHistory[] = [];
const app = new OpenAPIHono<AppEnv>().route(
  "/",
  timelineRoutes({ readModel: m.readModel, today: () => "2026-12-02" }),
);

beforeAll(async () => {
  await loadBoardFixture(m.ledger);
  await m.project();
  docs = await historiesOf(m.eventStore);
});

const get = async (query: string, via = app) => {
  const res = await via.request(`/stats/timeline${query}`);
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
};

/** The slow way: fold every pair of the scope as of the day. */
function countsOn(day: string, keep: (d: PairHistory) => boolean) {
  const counts = { active: 0, suspended: 0, dormant: 0, terminated: 0 };
  for (const d of docs.filter(keep)) {
    const s = viewOf(d.header, d.events, { asOf: day }).status;
    if (s !== "not-established") counts[s]++;
  }
  return counts;
}

const usRu = (d: PairHistory) =>
  [d.header.cityA.country, d.header.cityB.country].sort().join("-") === "RU-US";

describe("GET /stats/timeline", () => {
  it("shows the March 2022 wave for US–Russia, month by month", async () => {
    const { status, body } = await get("?country=us-ru&from=2022-01&to=2022-06&interval=month");
    expect(status).toBe(200);
    expect(body.scope).toBe("RU-US");
    expect(body.series.map((p: { period: string }) => p.period)).toEqual([
      "2022-01",
      "2022-02",
      "2022-03",
      "2022-04",
      "2022-05",
      "2022-06",
    ]);
    const [, feb, mar] = body.series;
    expect(feb.suspended + feb.terminated).toBe(0);
    expect(mar.suspended + mar.terminated).toBeGreaterThanOrEqual(5);
    expect(mar.active).toBeLessThan(feb.active);
  });

  it("agrees with folding every pair as of each period's last day", async () => {
    const { body } = await get("?country=RU-US&from=2021-11&to=2023-06");
    for (const p of body.series) {
      const { period, start, end, total, ...counts } = p;
      expect({ period, ...counts }).toEqual({ period, ...countsOn(end, usRu) });
    }
    const weeks = await get("?from=2022-02-20&to=2022-04-10&interval=week");
    expect(weeks.body.series[0].start).toBe("2022-02-14");
    for (const p of weeks.body.series) {
      const { period, start, end, total, ...counts } = p;
      expect({ period, ...counts }).toEqual({ period, ...countsOn(end, () => true) });
    }
  });

  it("reads the same history the slow oracle computes, for every scope", async () => {
    for (const scope of [
      { kind: "all" },
      { kind: "country", country: "US" },
      { kind: "countryPair", countryPair: "RU-US" },
      { kind: "country", country: "GB" },
    ] as Scope[])
      expect(await m.readModel.statusHistory(scope), scope.kind).toEqual(historyOracle(docs, scope));
  });

  it("is mounted in the app and documented in /openapi.json", async () => {
    const res = await m.app.request("/stats/timeline?country=RU-US&from=2022-03&to=2022-03");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { series: { suspended: number }[] };
    expect(body.series[0]?.suspended).toBeGreaterThan(0);
    const doc = (await (await m.app.request("/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(doc.paths["/stats/timeline"]).toBeDefined();
  });

  it("defaults to five whole years up to today, every status present", async () => {
    const { body } = await get("");
    expect(body).toMatchObject({ scope: "all", interval: "month", from: "2021-01-01", to: "2026-12-31" });
    expect(body.series).toHaveLength(72);
    expect(Object.keys(body.series[0]).sort()).toEqual(
      ["active", "dormant", "end", "period", "start", "suspended", "terminated", "total"].sort(),
    );
  });

  it("refuses a bad country, a bad date, an unknown interval or parameter, from after to, and too many periods (422)", async () => {
    for (const q of [
      "?country=XX",
      "?country=RU-US-GB",
      "?from=2022-13",
      "?interval=day",
      "?colour=red",
      "?from=2023&to=2022",
      "?from=1900&to=2022&interval=week",
    ]) {
      const r = await get(q);
      expect(r.status, q).toBe(422);
      expect(r.type, q).toContain("application/problem+json");
      expect(r.body.errors?.[0]?.in, q).toBe("query");
    }
  });
});
