import { describe, expect, it } from "vitest";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createMemoryCheckpoints } from "../../functions/audit/checkpoint.js";
import { runReplay, type ReplayAcc } from "../../functions/audit/replay.js";
import { ScanOrderError, scanStreams } from "../../functions/audit/stream-scan.js";
import type { StoredEvent } from "../../domain/index.js";
import type { EventStore, ScanPage } from "../../functions/ports/event-store.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

async function projected(pairs = 30) {
  const m = memoryLedger();
  const w = await randomWorkload(m.ledger, { pairs, eventsPerPair: 8, seed: 7 });
  await m.project();
  return { ...m, workload: w };
}

/** An event store whose scan answers in the pages given (to test grouping and resuming). */
function pagedStore(pages: ScanPage[]): EventStore {
  return {
    readStream: async () => [],
    readAfter: async () => [],
    headVersion: async () => 0,
    append: async () => {},
    getIdempotencyRecord: async () => undefined,
    async *scan(options = {}) {
      const only = options.onlySegments;
      for (const p of pages) {
        if (only && !only.includes(p.segment)) continue;
        const from = options.from?.[p.segment];
        if (from && Number(p.next ?? Number.POSITIVE_INFINITY) <= Number(from)) continue;
        yield p;
      }
    },
  };
}

describe("replay (in memory)", () => {
  it("finds a random workload's replay equal to the live read model", async () => {
    const { eventStore, readModel, workload } = await projected();
    const report = await runReplay(eventStore, readModel, { mode: "compare" });
    expect(report.streams).toBe(workload.pairIds.length);
    expect(report.events).toBe(workload.events);
    expect(report.chainBreaks).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.differing).toEqual([]);
    expect(report.extra).toEqual([]);
    expect(report.statsDiffer).toEqual([]);
    expect(report.clean).toBe(true);
  });

  it("reports a corrupted document, a missing one and an extra one, and repair fixes what it can", async () => {
    const { eventStore, readModel, workload } = await projected();
    const [a, b] = workload.pairIds as [string, string];
    const docA = readModel.docs.get(a);
    if (!docA) throw new Error("no doc");
    readModel.docs.set(a, { ...docA, view: { ...docA.view, eventCount: 999 } });
    readModel.docs.delete(b);
    const before = await runReplay(eventStore, readModel, { mode: "compare" });
    expect(before.clean).toBe(false);
    expect(before.differing).toEqual([
      expect.objectContaining({ pairId: a, fields: expect.arrayContaining(["/view/eventCount"]) }),
    ]);
    expect(before.missing).toEqual([b]);

    const repair = await runReplay(eventStore, readModel, { mode: "repair" });
    expect(repair.repaired).toBe(2);
    const after = await runReplay(eventStore, readModel, { mode: "compare" });
    expect(after.differing).toEqual([]);
    expect(after.missing).toEqual([]);
  });

  it("repairs documents edited behind the projector's back: statuses, counts and extra entries", async () => {
    const { eventStore, readModel, workload } = await projected();
    const [a, b] = workload.pairIds as [string, string];
    const docA = readModel.docs.get(a);
    const docB = readModel.docs.get(b);
    if (!docA || !docB) throw new Error("no doc");
    const wrong = docA.view.status === "terminated" ? "active" : "terminated";
    readModel.docs.set(a, { ...docA, view: { ...docA.view, status: wrong } });
    readModel.docs.delete(b);
    readModel.docs.set("ru-nowhere--us-nowhere", {
      ...docB,
      view: { ...docB.view, pairId: "ru-nowhere--us-nowhere" },
    });
    const before = await runReplay(eventStore, readModel, { mode: "compare" });
    expect(before.extra).toEqual(["ru-nowhere--us-nowhere"]);

    const repair = await runReplay(eventStore, readModel, { mode: "repair" });
    expect(repair).toMatchObject({ clean: true, removed: 1, extra: [], statsDiffer: [] });
    const after = await runReplay(eventStore, readModel, { mode: "compare" });
    expect(after).toMatchObject({ clean: true, missing: [], differing: [], extra: [], statsDiffer: [] });
  });

  it("rebuilds into another read model (blue/green) that then compares clean", async () => {
    const { eventStore, readModel, workload } = await projected(12);
    const green = createMemoryReadModel();
    const into = await runReplay(eventStore, readModel, { mode: "into", target: green, targetName: "green" });
    expect(into.written).toBe(workload.pairIds.length);
    expect(into.target).toBe("green");
    const check = await runReplay(eventStore, green, { mode: "compare" });
    expect(check.clean).toBe(true);
    expect(await green.stats()).toEqual(await readModel.stats());
  });

  it("never writes a view folded from a broken chain", async () => {
    const { eventStore, readModel, workload } = await projected(5);
    const pairId = workload.pairIds[0] as string;
    readModel.docs.delete(pairId);
    const stream = await eventStore.readStream(pairId);
    const forged = stream.map((e, i) => (i === 0 ? { ...e, recordedBy: "mallory" } : e));
    const store = { ...eventStore, scan: pagedStore([{ segment: 0, events: forged }]).scan };
    const report = await runReplay(store, readModel, { mode: "repair" });
    expect(report.chainBreaks[0]).toMatchObject({ pairId, version: 1, kind: "hash-mismatch" });
    expect(report.skipped).toEqual([{ pairId, reason: "the chain is broken; not written" }]);
    expect(readModel.docs.has(pairId)).toBe(false);
    expect(report.clean).toBe(false);
  });
});

describe("stream scan", () => {
  const ev = (pairId: string, version: number) => ({ pairId, version }) as StoredEvent;

  it("joins a stream that straddles pages and hands it on sorted by version", async () => {
    const store = pagedStore([
      { segment: 0, events: [ev("a", 1), ev("a", 2)], next: "1" },
      { segment: 0, events: [ev("a", 4), ev("a", 3), ev("b", 1)], next: "2" },
      { segment: 0, events: [ev("b", 2)] },
    ]);
    const seen: string[] = [];
    await scanStreams(store, { segments: 1, initial: () => null }, ({ pairId, events }) => {
      seen.push(`${pairId}:${events.map((e) => e.version).join(",")}`);
    });
    expect(seen).toEqual(["a:1,2,3,4", "b:1,2"]);
  });

  it("refuses a stream that comes back after another stream began", async () => {
    const store = pagedStore([{ segment: 0, events: [ev("a", 1), ev("b", 1), ev("a", 2)] }]);
    await expect(scanStreams(store, { segments: 1, initial: () => null }, () => {})).rejects.toBeInstanceOf(
      ScanOrderError,
    );
  });

  it("resumes each segment from its checkpoint without handing a stream on twice", async () => {
    const pages: ScanPage[] = [
      { segment: 0, events: [ev("a", 1), ev("a", 2)], next: "1" },
      { segment: 1, events: [ev("c", 1)], next: "1" },
      { segment: 0, events: [ev("a", 3), ev("b", 1)], next: "2" },
      { segment: 1, events: [ev("d", 1)] },
      { segment: 0, events: [ev("b", 2)] },
    ];
    const checkpoints = createMemoryCheckpoints<string[]>();
    const checkpoint = { store: checkpoints, key: "run", resume: true };
    let calls = 0;
    // The first run dies at the third page; segment 1 finished, segment 0 is half way.
    await expect(
      scanStreams(
        pagedStore(pages),
        { segments: 2, initial: () => [], checkpoint, checkpointEveryMs: 0 },
        ({ pairId }, acc) => {
          if (++calls === 3) throw new Error("crash");
          acc.push(pairId);
        },
      ),
    ).rejects.toThrow("crash");
    expect(checkpoints.saved.size).toBe(2);
    const result = await scanStreams(
      pagedStore(pages),
      { segments: 2, initial: () => [], checkpoint, checkpointEveryMs: 0 },
      ({ pairId }, acc) => {
        acc.push(pairId);
      },
    );
    expect(result.resumed).toBe(true);
    expect(result.segments.flatMap((s) => s.acc).sort()).toEqual(["a", "b", "c", "d"]);
    expect(checkpoints.saved.size).toBe(0);
  });

  it("keeps the replay accumulator serialisable for checkpoints", async () => {
    const { eventStore, readModel } = await projected(3);
    const checkpoints = createMemoryCheckpoints<ReplayAcc>();
    const report = await runReplay(eventStore, readModel, {
      mode: "compare",
      checkpoint: { store: checkpoints, key: "k" },
    });
    expect(report.clean).toBe(true);
  });
});
