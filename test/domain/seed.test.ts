/** The seed: loaded through the command path into the memory app, statuses as the sources say. */
import { describe, expect, it } from "vitest";
import { EVENT_DATA, pairIdOf } from "../../domain/index.js";
import { loadSeed, seedCommands } from "../../infra/local/seed/load-seed.js";
import { SEED_PAIRS } from "../../infra/local/seed/seed-data.js";
import { memoryApp } from "../support/memory-app.js";

const pair = (a: string, b: string) => pairIdOf(a, b);

async function seeded() {
  const m = memoryApp();
  const report = await loadSeed(m.ledger);
  return { ...m, report };
}

async function statusOf(m: Awaited<ReturnType<typeof seeded>>, pairId: string, asOf?: string) {
  const res = await m.request(`/pairs/${pairId}${asOf ? `?asOf=${asOf}` : ""}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    status: string;
    since?: string;
    latest?: { type: string; wording?: string };
  };
}

describe("the seed data", () => {
  it("is valid for the schemas the API validates with", () => {
    for (const p of SEED_PAIRS) {
      expect(EVENT_DATA.established.safeParse(p.established).success).toBe(true);
      for (const e of p.events) expect(EVENT_DATA[e.type].safeParse(e.data).error).toBeUndefined();
    }
  });

  it("gives every event at least one source and a confidence level in its note", () => {
    for (const p of SEED_PAIRS)
      for (const d of [p.established, ...p.events.map((e) => e.data)]) {
        expect(d.sources.length).toBeGreaterThan(0);
        expect(d.note).toMatch(/Confidence: (high|medium|low)/);
      }
  });

  it("has no pair twice", () => {
    const ids = SEED_PAIRS.map((p) => seedCommands(p).pairId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("loading the seed into the memory app", () => {
  it("registers every pair and records every event through the command path", async () => {
    const m = await seeded();
    const expectedEvents = SEED_PAIRS.reduce((n, p) => n + 1 + p.events.length, 0);
    expect(m.report).toEqual({ pairs: SEED_PAIRS.length, events: expectedEvents, skipped: 0 });
    for (const p of SEED_PAIRS) {
      const { pairId } = seedCommands(p);
      const history = await m.eventStore.readStream(pairId);
      expect(history.every((e) => e.recordedBy === "seed")).toBe(true);
    }
  });

  it("gives the statuses the sources document", async () => {
    const m = await seeded();
    const chicago = pair("us-il-chicago", "ru-moscow");
    expect(await statusOf(m, chicago)).toMatchObject({ status: "suspended", since: "2022-03-01" });
    expect(await statusOf(m, chicago, "2022-02-01")).toMatchObject({ status: "active", since: "1997" });
    expect(await statusOf(m, pair("us-or-portland", "ru-khabarovsk"))).toMatchObject({ status: "active" });
    expect(await statusOf(m, pair("us-fl-tallahassee", "ru-krasnodar"))).toMatchObject({
      status: "terminated",
      since: "2022-03-09",
    });
    expect(await statusOf(m, pair("us-fl-jacksonville", "ru-murmansk"))).toMatchObject({
      status: "dormant",
      since: "2017",
    });
    expect(await statusOf(m, pair("us-ca-san-jose", "ru-yekaterinburg"))).toMatchObject({ status: "active" });
    expect(await statusOf(m, pair("us-tx-dallas", "ru-saratov"))).toMatchObject({ status: "suspended" });
    expect(await statusOf(m, pair("us-nc-charlotte", "ru-voronezh"))).toMatchObject({ status: "suspended" });
    expect(await statusOf(m, pair("gb-cov-coventry", "ru-volgograd"))).toMatchObject({
      status: "suspended",
      since: "2022-03-22",
    });
    expect(await statusOf(m, pair("is-akureyri", "ru-murmansk"))).toMatchObject({
      status: "terminated",
      since: "2022-11-15",
    });
    expect(await statusOf(m, pair("us-ak-juneau", "ru-vladivostok"))).toMatchObject({ status: "active" });
  });

  it("answers the seed article's question for its date, 2022-06-04", async () => {
    const m = await seeded();
    const on = "2022-06-04";
    expect((await statusOf(m, pair("us-il-chicago", "ru-moscow"), on)).status).toBe("suspended");
    expect((await statusOf(m, pair("us-fl-jacksonville", "ru-murmansk"), on)).status).toBe("dormant");
    expect((await statusOf(m, pair("us-ca-san-diego", "ru-vladivostok"), on)).status).toBe("active");
    // Albany–Tula's suspension is dated only "2022": it counts from 2022-12-31 (the precision rule).
    expect((await statusOf(m, pair("us-ny-albany", "ru-tula"), on)).status).toBe("active");
    expect((await statusOf(m, pair("us-ny-albany", "ru-tula"), "2022-12-31")).status).toBe("suspended");
  });

  it("writes nothing new when loaded again, and reports every pair as skipped", async () => {
    const m = await seeded();
    const before: number[] = [];
    for await (const page of m.eventStore.scan()) before.push(page.events.length);
    const progress: string[] = [];
    const again = await loadSeed(m.ledger, { onProgress: (p) => progress.push(p.outcome) });
    expect(again).toEqual({ pairs: 0, events: 0, skipped: SEED_PAIRS.length });
    expect(progress).toEqual(SEED_PAIRS.map(() => "skipped"));
    const after: number[] = [];
    for await (const page of m.eventStore.scan()) after.push(page.events.length);
    expect(after).toEqual(before);
  });

  it("projects into the read model so that lists and stats see the seed", async () => {
    const m = await seeded();
    await m.project();
    const res = await m.request("/pairs?country=RU&status=suspended&limit=100");
    const body = (await res.json()) as { items: { pairId: string }[] };
    expect(body.items.map((i) => i.pairId)).toContain(pair("us-il-chicago", "ru-moscow"));
  });
});
