import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, seal, type StoredEvent } from "../../domain/index.js";
import { exportNdjson, writableSink } from "../../functions/audit/export.js";
import { verifyExport } from "../../functions/audit/verify-export.js";
import type { EventStore, ScanPage } from "../../functions/ports/event-store.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

async function exported(scope: Parameters<typeof exportNdjson>[1] = { kind: "all" }) {
  const m = memoryLedger();
  const w = await randomWorkload(m.ledger, { pairs: 12, eventsPerPair: 6, seed: 3 });
  let text = "";
  const manifest = await exportNdjson(m.eventStore, scope, { write: (t) => void (text += t) });
  return { ...m, w, text, manifest, lines: text.trimEnd().split("\n") };
}

const verifyText = (text: string) => verifyExport(Readable.from([text]));

describe("NDJSON export and the offline verifier", () => {
  it("exports everything with a header, every event and a manifest that verifies offline", async () => {
    const { text, lines, manifest, w } = await exported();
    expect(JSON.parse(lines[0] as string)).toMatchObject({ kind: "header", formatVersion: 1 });
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({
      kind: "manifest",
      events: w.events,
      streams: 12,
    });
    expect(lines.length).toBe(w.events + 2);
    const v = await verifyText(text);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.root).toBe(manifest.digest.root);
  });

  it("exports one pair", async () => {
    const m = memoryLedger();
    const w = await randomWorkload(m.ledger, { pairs: 3, eventsPerPair: 5 });
    let text = "";
    const pairId = w.pairIds[1] as string;
    const manifest = await exportNdjson(
      m.eventStore,
      { kind: "pair", pairId },
      { write: (t) => void (text += t) },
    );
    expect(manifest.streams).toBe(1);
    expect((await verifyText(text)).ok).toBe(true);
    expect(
      text
        .split("\n")
        .filter((l) => l.includes('"kind":"event"'))
        .every((l) => l.includes(pairId)),
    ).toBe(true);
  });

  it("exports the pairs of one country only", async () => {
    const { text, manifest } = await exported({ kind: "country", country: "RU" });
    const events = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((l) => l.kind === "event" && l.event.version === 1);
    expect(events.length).toBe(manifest.streams);
    for (const e of events) expect([e.event.data.cityA.country, e.event.data.cityB.country]).toContain("RU");
    expect((await verifyText(text)).ok).toBe(true);
  });

  it("rejects an export whose event was edited, naming the line", async () => {
    const { lines } = await exported();
    const edited = [...lines];
    edited[5] = (edited[5] as string).replace('"recordedBy":"test:workload"', '"recordedBy":"test:mallory"');
    const v = await verifyText(`${edited.join("\n")}\n`);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toMatchObject({
      line: 6,
      message: expect.stringMatching(/hash does not recompute/),
    });
  });

  it("rejects an export with a line removed from the middle of a stream, naming the line after the gap", async () => {
    const { lines } = await exported();
    const at = lines.findIndex((l, i) => i > 0 && l.includes('"version":3,'));
    const cut = lines.filter((_, i) => i !== at);
    const v = await verifyText(`${cut.join("\n")}\n`);
    expect(v.problems[0]).toMatchObject({ line: at + 1, message: expect.stringMatching(/expected v3/) });
    expect(v.problems.some((p) => /manifest counts/.test(p.message))).toBe(true);
  });

  it("rejects a truncated export (no manifest) and a corrupted manifest", async () => {
    const { lines } = await exported();
    const truncated = await verifyText(`${lines.slice(0, -1).join("\n")}\n`);
    expect(truncated.problems).toEqual([
      { line: lines.length, message: expect.stringMatching(/without a manifest/) },
    ]);
    const manifest = JSON.parse(lines.at(-1) as string);
    manifest.digest.root = "0".repeat(64);
    const forged = await verifyText(`${[...lines.slice(0, -1), JSON.stringify(manifest)].join("\n")}\n`);
    expect(forged.problems).toEqual([{ line: lines.length, message: expect.stringMatching(/digest root/) }]);
  });

  it("rejects a line that is not JSON, and a stream split in two", async () => {
    const { lines } = await exported();
    const broken = [...lines];
    broken[3] = "{ not json";
    expect((await verifyText(`${broken.join("\n")}\n`)).problems[0]).toMatchObject({
      line: 4,
      message: "not valid JSON",
    });
    const firstOfSecond = lines.findIndex((l, i) => i > 1 && l.includes('"version":1,'));
    const moved = [lines[0], ...lines.slice(2, -1), lines[1], lines.at(-1)] as string[];
    const v = await verifyText(`${moved.join("\n")}\n`);
    expect(v.ok).toBe(false);
    expect(firstOfSecond).toBeGreaterThan(1);
    expect(v.problems.some((p) => /appears again/.test(p.message))).toBe(true);
  });

  it("streams 100k events: lines are written while the scan is still reading, and memory stays flat", async () => {
    const PAIRS = 10_000;
    const PER_PAIR = 10;
    let pagesRead = 0;
    let linesWritten = 0;
    let lag = 0;
    const store = lazyStore(PAIRS, PER_PAIR, () => {
      pagesRead++;
      // Events read but not yet written: must stay around one page, never the whole ledger.
      lag = Math.max(lag, pagesRead * 1000 - linesWritten);
    });
    let peakHeap = 0;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        linesWritten += chunk.toString().split("\n").length - 1;
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        done();
      },
    });
    const startHeap = process.memoryUsage().heapUsed;
    const manifest = await exportNdjson(store, { kind: "all" }, writableSink(sink), { segments: 1 });
    expect(manifest.events).toBe(PAIRS * PER_PAIR);
    // A few pages in flight (the scan queue is bounded), never the 100 pages of the whole ledger.
    expect(lag).toBeLessThanOrEqual(5000);
    console.log(`export of 100k events: peak heap growth ${((peakHeap - startHeap) / 1e6).toFixed(1)} MB`);
  });
});

/** An event store that makes sealed streams on demand, 1000 events a page. */
function lazyStore(pairs: number, perPair: number, onPage: () => void): EventStore {
  return {
    readStream: async () => [],
    readAfter: async () => [],
    headVersion: async () => 0,
    append: async () => {},
    getIdempotencyRecord: async () => undefined,
    async *scan(): AsyncIterable<ScanPage> {
      let page: StoredEvent[] = [];
      for (let p = 0; p < pairs; p++) {
        let prev = GENESIS_HASH;
        const pairId = `aa-${p}--bb-${p}`;
        for (let v = 1; v <= perPair; v++) {
          const e = seal({
            pairId,
            version: v,
            eventId: `${p}-${v}`,
            type: v === 1 ? "established" : "reaffirmed",
            schemaVersion: 1,
            data: { note: "x".repeat(200) },
            recordedAt: "2026-01-01T00:00:00.000Z",
            recordedBy: "test",
            prevHash: prev,
          });
          prev = e.hash;
          page.push(e);
          if (page.length === 1000) {
            onPage();
            yield { segment: 0, events: page, next: String(p) };
            page = [];
          }
        }
      }
      onPage();
      yield { segment: 0, events: page };
    },
  };
}
