/**
 * The read-model contract: every adapter must pass it (memory and DynamoDB Local). Behaviour the
 * API and the board rely on: version-guarded saves, pair-id order and cursors, filters, name
 * search, lists as of a day, counts today and as of a day from the day-by-day counters, a
 * scope's status history, removal, and a full scan of the documents.
 */
import { describe, expect, it } from "vitest";
import {
  type City,
  pairIdOfCities,
  docOf,
  EVENT_DATA,
  type DomainEvent,
  type PairDoc,
  type TimelineEventType,
} from "../../domain/index.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { statsFromHistory } from "../../functions/adapters/read-model-query.js";
import { buildSeries, periodsOf, type Interval } from "../../functions/app/board/timeline-series.js";
import { isDayKey } from "../../domain/index.js";

/** Today, for every store of the contract: a change dated after it is not counted yet. */
export const TODAY = new Date("2026-06-15T12:00:00Z");

type Step = readonly [TimelineEventType, string];

/** The document of a pair with these steps (the first is its establishment). */
export function pairDoc(
  a: { name: string; country: string; aliases?: string[] },
  b: { name: string; country: string },
  steps: readonly Step[],
): PairDoc {
  const events: DomainEvent[] = [];
  for (const [type, effectiveDate] of steps) {
    const base = {
      effectiveDate,
      actor: { side: "both" },
      sources: [{ citation: `${type} ${effectiveDate}` }],
    };
    const data = EVENT_DATA[type].parse(type === "established" ? { ...base, cityA: a, cityB: b } : base);
    const version = events.length + 1;
    events.push({
      type,
      data,
      pairId: "",
      version,
      eventId: `e${version}`,
      recordedAt: new Date(Date.UTC(2026, 0, version)).toISOString(),
      recordedBy: "test",
    } as DomainEvent);
  }
  const pairId = pairIdOfCities(a as City, b as City);
  return docOf(events.map((e) => ({ ...e, pairId }) as DomainEvent)) as PairDoc;
}

const berlinParis = () =>
  pairDoc({ name: "Berlin", country: "DE" }, { name: "Paris", country: "FR" }, [["established", "1987"]]);
const dusseldorfReading = () =>
  pairDoc({ name: "Düsseldorf", country: "DE" }, { name: "Reading", country: "GB" }, [
    ["established", "1988"],
    ["suspended", "2022-03-01"],
  ]);
/** Terminated by a decision taken in advance: effective after TODAY. */
const volgogradCoventry = () =>
  pairDoc(
    { name: "Volgograd", country: "RU", aliases: ["Stalingrad"] },
    { name: "Coventry", country: "GB" },
    [
      ["established", "1944"],
      ["suspended", "2022-04"],
      ["terminated", "2027-01-01"],
    ],
  );

const ids = (p: { items: readonly { pairId: string }[] }) => p.items.map((v) => v.pairId);

export function readModelContract(name: string, create: (now: () => Date) => Promise<ReadModelStore>) {
  describe(`read model contract: ${name}`, () => {
    async function seeded() {
      const store = await create(() => TODAY);
      for (const d of [berlinParis(), dusseldorfReading(), volgogradCoventry()])
        expect(await store.save(d, undefined)).toBe("saved");
      return store;
    }

    it("saves a document once per version: a stale or duplicate save changes nothing", async () => {
      const store = await create(() => TODAY);
      const doc = dusseldorfReading();
      expect(await store.save(doc, undefined)).toBe("saved");
      expect(await store.save(doc, undefined)).toBe("stale");
      expect(await store.get(doc.view.pairId)).toEqual(doc);
      expect((await store.stats()).total).toMatchObject({ total: 1, suspended: 1 });
    });

    it("reads many documents at once; saves many pairs together with the counters of separate saves; a moved document's save is not written", async () => {
      const store = await create(() => TODAY);
      const one = await create(() => TODAY);
      const [a, b, c] = [berlinParis(), dusseldorfReading(), volgogradCoventry()];
      expect(
        await store.saveMany([
          { next: a, previous: undefined },
          { next: b, previous: undefined },
        ]),
      ).toEqual(["saved", "saved"]);
      const got = await store.getMany([a.view.pairId, b.view.pairId, c.view.pairId]);
      expect([...got.keys()].sort()).toEqual([a.view.pairId, b.view.pairId]);
      expect(got.get(b.view.pairId)).toEqual(b);
      // b again as new: it moved, so its write is not made; c, if it shared that write, lands alone.
      const out = await store.saveMany([
        { next: b, previous: undefined },
        { next: c, previous: undefined },
      ]);
      expect(out[0]).toBe("stale");
      if (out[1] === "stale") expect(await store.save(c, undefined)).toBe("saved");
      expect(await store.get(b.view.pairId)).toEqual(b);
      for (const d of [a, b, c]) await one.save(d, undefined);
      expect(await store.history()).toEqual(await one.history());
      expect((await store.stats()).total).toMatchObject({ total: 3, active: 1, suspended: 2 });
    });

    it("saves 40 pairs of shared days together (more than one transaction holds) with exact counters", async () => {
      const store = await create(() => TODAY);
      const one = await create(() => TODAY);
      const letters = "abcdefghijklmnopqrstuvwxyz";
      const docs = Array.from({ length: 40 }, (_, i) =>
        pairDoc(
          { name: `Ort${letters[i % 26]}${letters[Math.floor(i / 26)]}`, country: i % 2 ? "DE" : "AT" },
          { name: "Paris", country: "FR" },
          i % 3
            ? [["established", "1990"]]
            : [
                ["established", "1990"],
                ["suspended", "2022-03-01"],
              ],
        ),
      );
      const out = await store.saveMany(docs.map((next) => ({ next, previous: undefined })));
      expect(out).toEqual(docs.map(() => "saved"));
      for (const d of docs) await one.save(d, undefined);
      expect(await store.history()).toEqual(await one.history());
      expect(await store.stats()).toEqual(await one.stats());
      const moved = docs.map((d) =>
        pairDoc(
          { name: d.view.cityA.name, country: d.view.cityA.country },
          { name: "Paris", country: "FR" },
          [
            ["established", "1990"],
            ["terminated", "2023-05-01"],
          ],
        ),
      );
      // A second version over each pair still at version 1 (a save found stale lands alone).
      const second = await store.saveMany(
        moved.map((next, i) => ({ next, previous: docs[i] })).filter((s) => s.previous?.view.version === 1),
      );
      expect(second.every((o) => o === "saved" || o === "stale")).toBe(true);
      for (const [i, next] of moved.entries())
        if (docs[i]?.view.version === 1 && (await store.get(next.view.pairId))?.view.version === 1)
          expect(await store.save(next, docs[i])).toBe("saved");
      for (const [i, next] of moved.entries()) if (docs[i]?.view.version === 1) await one.save(next, docs[i]);
      expect(await store.history()).toEqual(await one.history());
    });

    it("lists in pair-id order, page by page, with filters by country, city and status", async () => {
      const store = await seeded();
      const first = await store.list({}, { limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await store.list({}, { limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) });
      expect([...ids(first), ...ids(second)]).toEqual([
        "de-berlin--fr-paris",
        "de-dusseldorf--gb-reading",
        "gb-coventry--ru-volgograd",
      ]);
      expect(second.cursor).toBeUndefined();
      expect(ids(await store.list({ country: "GB" }, { limit: 10 }))).toEqual([
        "de-dusseldorf--gb-reading",
        "gb-coventry--ru-volgograd",
      ]);
      expect(ids(await store.list({ city: "de-berlin" }, { limit: 10 }))).toEqual(["de-berlin--fr-paris"]);
      expect(ids(await store.list({ status: "suspended", country: "DE" }, { limit: 10 }))).toEqual([
        "de-dusseldorf--gb-reading",
      ]);
    });

    it("finds pairs by the start of any word of either city's id, name or aliases, without case or accents", async () => {
      const store = await seeded();
      for (const q of ["dus", "DÜSSEL", "de dus", "read"])
        expect(ids(await store.list({ q }, { limit: 10 })), q).toEqual(["de-dusseldorf--gb-reading"]);
      expect(ids(await store.list({ q: "stalin" }, { limit: 10 }))).toEqual(["gb-coventry--ru-volgograd"]);
      // Without asOf a list shows today's status, as GET /pairs/{id} does: the termination is ahead.
      expect(ids(await store.list({ q: "gb", status: "terminated" }, { limit: 10 }))).toEqual([]);
      expect(ids(await store.list({ q: "gb", status: "suspended" }, { limit: 10 }))).toEqual([
        "de-dusseldorf--gb-reading",
        "gb-coventry--ru-volgograd",
      ]);
      expect(ids(await store.list({ q: "zzzqqq" }, { limit: 10 }))).toEqual([]);
      expect(ids(await store.list({ q: "eading" }, { limit: 10 }))).toEqual([]);
      expect(ids(await store.list({ q: "--" }, { limit: 10 }))).toEqual([]);
    });

    it("lists today's status from the status points at read time, later changes under scheduled", async () => {
      let today = TODAY;
      const store = await create(() => today);
      for (const d of [berlinParis(), dusseldorfReading(), volgogradCoventry()])
        await store.save(d, undefined);
      const lyon = pairDoc({ name: "Lyon", country: "FR" }, { name: "Beersheba", country: "IL" }, [
        ["established", "2027-03"],
      ]);
      await store.save(lyon, undefined);
      const entry = async (pairId: string, filter = {}) =>
        (await store.list(filter, { limit: 10 })).items.find((v) => v.pairId === pairId);
      expect(await entry("gb-coventry--ru-volgograd")).toMatchObject({
        status: "suspended",
        since: "2022-04",
        scheduled: [{ status: "terminated", effectiveDate: "2027-01-01" }],
      });
      expect((await entry("gb-coventry--ru-volgograd"))?.decision).toBeUndefined();
      expect(await entry("fr-lyon--il-beersheba")).toMatchObject({
        status: "not-established",
        scheduled: [{ status: "active", effectiveDate: "2027-03" }],
      });
      expect(await entry("de-berlin--fr-paris")).not.toHaveProperty("scheduled");
      for (const status of ["terminated", "active"] as const)
        expect(await entry("gb-coventry--ru-volgograd", { status })).toBeUndefined();
      expect(await entry("gb-coventry--ru-volgograd", { status: "suspended" })).toBeDefined();
      expect(await entry("gb-coventry--ru-volgograd", { city: "gb-coventry" })).toMatchObject({
        status: "suspended",
      });
      // The clock moves on, nothing is written: the same entries show the change in force.
      today = new Date("2027-01-01T08:00:00Z");
      const after = await entry("gb-coventry--ru-volgograd", { status: "terminated" });
      expect(after).toMatchObject({ status: "terminated", since: "2027-01-01" });
      expect(after).not.toHaveProperty("scheduled");
      expect(after?.decision).toMatchObject({ type: "terminated" });
      expect(await entry("gb-coventry--ru-volgograd", { status: "suspended" })).toBeUndefined();
      expect((await store.stats()).total).toMatchObject({ suspended: 1, terminated: 1 });
      today = new Date("2027-04-01T00:00:00Z");
      expect(await entry("fr-lyon--il-beersheba", { status: "active" })).toMatchObject({ since: "2027-03" });
    });

    it("lists as of a day: the status then, pairs not yet established left out", async () => {
      const store = await seeded();
      const before = await store.list({}, { limit: 10, asOf: "2022-03-15" });
      expect(before.items.map((v) => [v.pairId, v.status])).toEqual([
        ["de-berlin--fr-paris", "active"],
        ["de-dusseldorf--gb-reading", "suspended"],
        ["gb-coventry--ru-volgograd", "active"],
      ]);
      expect(ids(await store.list({ status: "active" }, { limit: 10, asOf: "2022-03-15" }))).toEqual([
        "de-berlin--fr-paris",
        "gb-coventry--ru-volgograd",
      ]);
      expect(ids(await store.list({}, { limit: 10, asOf: "1980" }))).toEqual(["gb-coventry--ru-volgograd"]);
    });

    it("counts today without a change dated after today, and as of any day from the day-by-day counters", async () => {
      const store = await seeded();
      const today = await store.stats();
      expect(today.total).toMatchObject({ total: 3, active: 1, suspended: 2, terminated: 0 });
      expect(today.byCountryPair["GB-RU"]).toMatchObject({ total: 1, suspended: 1 });
      const later = await store.statsAsOf("2027-01-01");
      expect(later.total).toMatchObject({ total: 3, active: 1, suspended: 1, terminated: 1 });
      expect((await store.statsAsOf("1987-12-30")).total).toMatchObject({ total: 1, active: 1 });
      expect((await store.statsAsOf("1900-01-01")).total.total).toBe(0);
    });

    it("counts as of any day from the roll-ups exactly as the sum of every day up to it", async () => {
      const store = await seeded();
      const days = Object.fromEntries(Object.entries(await store.history()).filter(([k]) => isDayKey(k)));
      for (const day of [
        "0001-01-01",
        "1944-12-30",
        "1944-12-31",
        "1945-01-01",
        "1987-12-31",
        "1988-01-01",
        "1999-12-31",
        "2000-01-01",
        "2022-02-28",
        "2022-03-01",
        "2022-04-29",
        "2022-04-30",
        "2022-12-31",
        "2026-06-15",
        "2027-01-01",
        "9999-12-31",
      ]) {
        const full = statsFromHistory(days, day);
        expect(await store.statsAsOf(day), day).toEqual(full);
        const some = await store.statsAsOf(day, { countryPairs: ["GB-RU", "DE-FR"] });
        expect(some, day).toEqual({
          ...full,
          byCountryPair: Object.fromEntries(
            Object.entries(full.byCountryPair).filter(([k]) => k === "GB-RU" || k === "DE-FR"),
          ),
        });
        expect((await store.statsAsOf(day, { countryPairs: [] })).byCountryPair).toEqual({});
      }
    });

    it("gives a scope's history within a window: the same series as from every day", async () => {
      const store = await seeded();
      const cases: [string, string, Interval][] = [
        ["2020-01-01", "2026-06-15", "month"],
        ["2022-03-01", "2022-05-31", "month"],
        ["1970-01-01", "1990-12-31", "month"],
        ["2022-02-21", "2022-05-08", "week"],
        ["2026-12-28", "2027-01-10", "week"],
      ];
      for (const scope of [
        { kind: "all" },
        { kind: "country", country: "GB" },
        { kind: "countryPair", countryPair: "GB-RU" },
      ] as const) {
        const all = await store.statusHistory(scope);
        for (const [from, to, interval] of cases) {
          const periods = periodsOf(from, to, interval);
          const window = {
            from: (periods[0] as [string, string])[0],
            to: (periods.at(-1) as [string, string])[1],
            grain: interval === "month" ? ("month" as const) : ("day" as const),
          };
          const windowed = await store.statusHistory(scope, window);
          expect(windowed.every((d) => d.day <= window.to)).toBe(true);
          expect(buildSeries(windowed, { from, to, interval }), `${scope.kind} ${from} ${interval}`).toEqual(
            buildSeries(all, { from, to, interval }),
          );
        }
      }
    });

    it("gives a scope's status history, day by day", async () => {
      const store = await seeded();
      expect(await store.statusHistory({ kind: "country", country: "GB" })).toEqual([
        { day: "1944-12-31", deltas: { total: 1, active: 1 } },
        { day: "1988-12-31", deltas: { total: 1, active: 1 } },
        { day: "2022-03-01", deltas: { active: -1, suspended: 1 } },
        { day: "2022-04-30", deltas: { active: -1, suspended: 1 } },
        { day: "2027-01-01", deltas: { suspended: -1, terminated: 1 } },
      ]);
      expect(await store.statusHistory({ kind: "countryPair", countryPair: "DE-FR" })).toEqual([
        { day: "1987-12-31", deltas: { total: 1, active: 1 } },
      ]);
      expect((await store.statusHistory({ kind: "all" })).map((d) => d.day)).toHaveLength(6);
    });

    it("removes a document with its list entries, search words and counts", async () => {
      const store = await seeded();
      await store.remove("de-dusseldorf--gb-reading");
      expect(await store.get("de-dusseldorf--gb-reading")).toBeUndefined();
      expect(ids(await store.list({ q: "dus" }, { limit: 10 }))).toEqual([]);
      expect(ids(await store.list({ country: "DE" }, { limit: 10 }))).toEqual(["de-berlin--fr-paris"]);
      expect((await store.stats()).total).toMatchObject({ total: 2, suspended: 1 });
    });

    it("rewrites its counters from a history, and scans every document", async () => {
      const store = await seeded();
      const history = await store.history();
      await store.setHistory({});
      expect((await store.stats()).total.total).toBe(0);
      await store.setHistory(history);
      expect(await store.history()).toEqual(history);
      const scanned: PairDoc[] = [];
      for await (const docs of store.scanDocs({ segments: 3 })) scanned.push(...docs);
      expect(scanned.map((d) => d.view.pairId).sort()).toEqual([
        "de-berlin--fr-paris",
        "de-dusseldorf--gb-reading",
        "gb-coventry--ru-volgograd",
      ]);
    });
  });
}
