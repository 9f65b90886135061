/**
 * The hard cases of the research notes (docs/research.md), each on the seed's own data, played through the decider
 * (pure; the seed test plays the same data through the ledger and the HTTP app).
 */
import { describe, expect, it } from "vitest";
import {
  decide,
  docOf,
  evolve,
  initialState,
  isKnownAs,
  pairIdOf,
  summarizeEvent,
  viewOf,
  type Command,
  type DomainEvent,
  type PairState,
} from "../../domain/index.js";
import { loadSeed, seedCommands } from "../../infra/local/seed/load-seed.js";
import { SEED_PAIRS } from "../../infra/local/seed/seed-data.js";
import { memoryApp } from "../support/memory-app.js";
import { recordedAtOf } from "../support/builders.js";

function run(state: PairState, events: DomainEvent[], command: Command) {
  const r = decide(command, state, {
    recordedAt: recordedAtOf(state.version + 1),
    recordedBy: "seed",
    eventId: `e${state.version + 1}`,
  });
  if (!r.ok) throw new Error(`${state.pairId}: ${r.error.code}: ${r.error.message}`);
  for (const e of r.value) {
    const event = { ...e, pairId: state.pairId, version: state.version + 1 } as unknown as DomainEvent;
    events.push(event);
    state = evolve(state, event);
  }
  return { state, recorded: r.value.length };
}

/** A seed pair played through the decider: its events and a view function. */
function seedPair(a: string, b: string) {
  const wanted = pairIdOf(a, b);
  const found = SEED_PAIRS.map(seedCommands).find((p) => p.pairId === wanted);
  if (!found) throw new Error(`the seed has no pair ${wanted}`);
  let state = initialState(wanted);
  const events: DomainEvent[] = [];
  for (const command of [found.register, ...found.records]) state = run(state, events, command).state;
  const view = (asOf?: string) =>
    viewOf(state.header ?? (undefined as never), state.events, asOf ? { asOf } : {});
  return {
    state,
    events,
    view,
    data: (type: string) =>
      events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>),
  };
}

describe("hard cases from the sources", () => {
  it("Chicago: a revocation order that fails to pass (Or2022-61) leaves the pair suspended", () => {
    const chicago = seedPair("us-il-chicago", "ru-moscow");
    expect(chicago.view()).toMatchObject({
      status: "suspended",
      since: "2022-03-01",
      latest: { type: "motion-failed", effectiveDate: "2023-05-24", wording: "Failed to Pass" },
    });
    expect(chicago.data("motion-failed")[0]).toMatchObject({
      proposed: "terminated",
      authority: { instrument: "Order Or2022-61" },
    });
    expect(chicago.view("2023-05-23").status).toBe("suspended");
    expect(chicago.view("2022-02-28").status).toBe("active");
  });

  it("Albany: a suspension by the nonprofit alone is recorded as the operator's act, the city silent", () => {
    const albany = seedPair("us-ny-albany", "ru-tula");
    const [suspension] = albany.data("suspended");
    expect(suspension).toMatchObject({ actor: { side: "operator", name: "Albany-Tula Alliance board" } });
    expect(suspension?.note).toMatch(/not by the city/);
    expect(albany.view().status).toBe("suspended");
    // The city never acted: no event of the pair is by an Albany or Tula side.
    expect(
      albany.events.slice(1).every((e) => (e.data as { actor: { side: string } }).actor.side === "operator"),
    ).toBe(true);
  });

  it("Dallas: a suspension reported as severing keeps the source's word next to the normalised type", () => {
    const dallas = seedPair("us-tx-dallas", "ru-saratov");
    expect(dallas.view()).toMatchObject({
      status: "suspended",
      since: "2022-03-09",
      latest: { type: "suspended" },
    });
    expect(dallas.view().latest?.wording).toMatch(/sever/);
    expect(dallas.data("suspended")[0]?.note).toMatch(/says it 'suspends'/);
  });

  it("Jacksonville: dormant since 2017 before any decision, then retained in 2022, still dormant", () => {
    const jax = seedPair("us-fl-jacksonville", "ru-murmansk");
    expect(jax.events.map((e) => e.type)).toEqual(["established", "marked-dormant", "retained"]);
    expect(jax.view("2016-12-31").status).toBe("active");
    expect(jax.view("2017-12-31")).toMatchObject({ status: "dormant", since: "2017" });
    expect(jax.view()).toMatchObject({
      status: "dormant",
      since: "2017",
      latest: { type: "retained", effectiveDate: "2022-06-09" },
    });
    expect(jax.data("marked-dormant")[0]).toMatchObject({ actor: { side: "operator" } });
  });

  it("Akureyri then Murmansk: a unilateral termination, then the other side's reciprocal one, recorded as concurring", () => {
    const ak = seedPair("is-akureyri", "ru-murmansk");
    const terminations = ak.events.filter((e) => e.type === "terminated");
    expect(
      terminations.map((e) => [
        (e.data as { actor: { side: string } }).actor.side,
        (e.data as { effectiveDate: string }).effectiveDate,
      ]),
    ).toEqual([
      ["is-akureyri", "2022-11-15"],
      ["ru-murmansk", "2022-12-15"],
    ]);
    // Status and its date stay those of the first, unilateral termination.
    expect(ak.view()).toMatchObject({
      status: "terminated",
      since: "2022-11-15",
      latest: { effectiveDate: "2022-12-15" },
    });
    expect(ak.view("2022-12-01")).toMatchObject({ status: "terminated", since: "2022-11-15" });
    // Murmansk repeating its own decision, or Akureyri repeating its own, records nothing.
    const repeat = (side: string) =>
      run(ak.state, [...ak.events], {
        kind: "record",
        type: "terminated",
        data: { ...(terminations[1]?.data as object), actor: { side }, effectiveDate: "2023" },
      } as Command).recorded;
    expect(repeat("ru-murmansk")).toBe(0);
    expect(repeat("is-akureyri")).toBe(0);
  });

  it("Coventry: several candidate founding dates, one recorded, the others in the note", () => {
    const cov = seedPair("gb-cov-coventry", "ru-volgograd");
    const [est] = cov.data("established");
    expect(est?.effectiveDate).toBe("1944");
    expect(est?.note).toMatch(/1941/);
    expect(est?.note).toMatch(/6 June 1944/);
    expect(est?.note).toMatch(/2004/);
    expect((est?.sources as unknown[] | undefined)?.length).toBeGreaterThan(1);
    // A year-precision date counts from its last day: not yet established on D-Day 1944.
    expect(cov.view("1944-06-06").status).toBe("not-established");
    expect(cov.view("1945-01-01")).toMatchObject({ status: "active", establishedOn: "1944" });
    expect(cov.view()).toMatchObject({
      status: "suspended",
      since: "2022-03-22",
      latest: { wording: "paused" },
    });
  });

  it("renamed cities are found by their former names (Stalingrad, Ekaterinburg)", async () => {
    const cov = seedPair("gb-cov-coventry", "ru-volgograd");
    const volgograd =
      cov.state.header?.cityB.id === "ru-volgograd" ? cov.state.header.cityB : cov.state.header?.cityA;
    expect(volgograd && isKnownAs(volgograd, "Stalingrad")).toBe(true);

    const m = memoryApp();
    await loadSeed(m.ledger);
    await m.project();
    for (const [q, pairId] of [
      ["stalingrad", pairIdOf("gb-cov-coventry", "ru-volgograd")],
      ["Ekaterinburg", pairIdOf("us-ca-san-jose", "ru-yekaterinburg")],
    ] as const) {
      const res = await m.request(`/pairs?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { pairId: string }[] };
      expect(body.items.map((i) => i.pairId)).toEqual([pairId]);
    }
  });

  it("every seed pair folds the same through the decider and through the read-model document", () => {
    for (const p of SEED_PAIRS.map(seedCommands)) {
      const [a, b] = p.pairId.split("--") as [string, string];
      const s = seedPair(a, b);
      expect(docOf(s.events)?.view).toEqual(
        viewOf(s.state.header ?? (undefined as never), s.events.map(summarizeEvent)),
      );
    }
  });
});
