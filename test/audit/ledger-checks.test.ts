/**
 * The local server's interval verification (the digest job's check, without publishing) and the
 * board's header that says when the ledger was last verified and whether it held.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/app/app.js";
import { createDirectoryPublisher } from "../../functions/audit/digest-archive.js";
import { verifyThenPublish } from "../../functions/audit/guarded-publish.js";
import { startLedgerChecks } from "../../functions/audit/ledger-checks.js";
import { DEFAULT_VERIFY_INTERVAL_MINUTES, verifyIntervalMinutes } from "../../functions/config.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** The same store, except that one event reads back edited (as a table edited behind the API). */
function tampered(store: EventStore, pairId: string): EventStore {
  const edit = <T extends { pairId: string; version: number }>(e: T) =>
    e.pairId === pairId && e.version === 1 ? { ...e, recordedBy: "mallory" } : e;
  return {
    ...store,
    readStream: async (...args) => (await store.readStream(...args)).map(edit),
    async *scan(options) {
      for await (const page of store.scan(options)) yield { ...page, events: page.events.map(edit) };
    },
  } as EventStore;
}

describe("interval verification (npm start)", () => {
  it("reads VERIFY_INTERVAL_MINUTES: 15 by default, 0 turns it off, nonsense is refused", () => {
    expect(verifyIntervalMinutes({})).toBe(DEFAULT_VERIFY_INTERVAL_MINUTES);
    expect(verifyIntervalMinutes({ VERIFY_INTERVAL_MINUTES: "0" })).toBe(0);
    expect(verifyIntervalMinutes({ VERIFY_INTERVAL_MINUTES: "2.5" })).toBe(2.5);
    expect(() => verifyIntervalMinutes({ VERIFY_INTERVAL_MINUTES: "soon" })).toThrow(
      /VERIFY_INTERVAL_MINUTES/,
    );
  });

  it("checks against the last published digest, publishes nothing, and the board's header says whether it held", async () => {
    const m = memoryLedger();
    const w = await randomWorkload(m.ledger, { pairs: 4, eventsPerPair: 3, seed: 8 });
    await m.project();
    const dir = await mkdtemp(join(tmpdir(), "checks-"));
    dirs.push(dir);
    const archive = createDirectoryPublisher(dir);
    expect((await verifyThenPublish({ store: m.eventStore, archive })).published).toBe(true);

    const good = startLedgerChecks({ store: m.eventStore, archive, intervalMs: 0 });
    const bad = startLedgerChecks({
      store: tampered(m.eventStore, w.pairIds[0] as string),
      archive,
      intervalMs: 0,
    });
    expect(good.latest()).toBeUndefined();
    const held = await good.runNow();
    expect(held).toMatchObject({
      ok: true,
      breaks: 0,
      streams: 4,
      against: { id: (await archive.list())[0] },
    });
    const broke = await bad.runNow();
    expect(broke).toMatchObject({ ok: false, breaks: 1 });
    expect(broke.findings[0]?.message).toMatch(/does not recompute/);
    expect(await archive.list()).toHaveLength(1);

    const board = (checks: typeof good) =>
      createApp({
        ledger: m.ledger,
        eventStore: m.eventStore,
        readModel: m.readModel,
        auth: { mode: "token", token: "checks-test-token-0123456789" },
        audit: { checks },
      } as Parameters<typeof createApp>[0]);
    const home = await (await board(good).request("/")).text();
    expect(home).toMatch(/id="ledger-verified" data-held="true"/);
    expect(home).toContain("Ledger last verified");
    expect(home).toContain("every hash chain held (4 pairs)");
    const pair = await (await board(bad).request(`/board/pairs/${w.pairIds[1]}`)).text();
    expect(pair).toMatch(/data-held="false"/);
    expect(pair).toContain("1 break found");
    expect(pair).toContain(`/board/pairs/${w.pairIds[1]}/proof.json`);
    // Before any check (or in AWS, where the digest job verifies), the header says nothing.
    const none = await (
      await board(startLedgerChecks({ store: m.eventStore, archive, intervalMs: 0 })).request("/")
    ).text();
    expect(none).not.toContain("ledger-verified");
  });
});
