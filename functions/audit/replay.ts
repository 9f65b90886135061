/**
 * The replay engine: scan the events table in parallel segments, group per stream, verify each
 * chain, fold through the SAME view the projector uses (docOf / evolvePairDoc), and compare with
 * the stored read model — or repair it, or rebuild into another table (blue/green). Resumable
 * through per-segment checkpoints; the report carries counts, findings, digest and throughput.
 * The CLI (`ledger replay`), the replay Lambda and `POST /audit/replays` all run this.
 */
import {
  contributions,
  mergeHistory,
  withRollUps,
  type History,
  digestOf,
  docOf,
  toDomainEvent,
  verifyStream,
  type PairDoc,
  type StoredEvent,
  type StreamHead,
} from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import type { ReadModelReader, ReadModelStore, Stats } from "../ports/read-model.js";
import type { CheckpointStore, ScanProgress } from "./stream-scan.js";
import { scanStreams } from "./stream-scan.js";
import { chainFinding, type Finding } from "./verify.js";
import { diffPaths, idsOf, prefetchedDocs, sameDoc } from "./replay-docs.js";

export { batchedDocs, diffPaths, prefetchedDocs, sameJson } from "./replay-docs.js";

export type ReplayMode = "compare" | "repair" | "into";

export interface ReplayOptions {
  readonly mode: ReplayMode;
  /** For `into`: the read model to rebuild (another table); its name for the report. */
  readonly target?: ReadModelStore;
  readonly targetName?: string;
  readonly segments?: number;
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly checkpoint?: {
    readonly store: CheckpointStore<ReplayAcc>;
    readonly key: string;
    readonly resume?: boolean;
  };
  readonly clock?: () => Date;
  readonly onProgress?: (p: ScanProgress) => void;
  /** Stop with LimitExceededError past this many events (replays over HTTP). */
  readonly maxEvents?: number;
}

export interface Differing {
  readonly pairId: string;
  readonly storedVersion: number;
  readonly replayedVersion: number;
  /** JSON paths that differ (at most ten). */
  readonly fields: readonly string[];
}

export interface ReplayAcc {
  breaks: Finding[];
  foldFailures: { pairId: string; message: string }[];
  missing: string[];
  differing: Differing[];
  heads: StreamHead[];
  repaired: number;
  written: number;
  skipped: { pairId: string; reason: string }[];
  /** Day-by-day counter deltas of the replayed documents. */
  history: History;
}

export interface ReplayReport {
  readonly mode: ReplayMode;
  readonly target?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly segments: number;
  readonly resumed: boolean;
  readonly streams: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** No finding is left: nothing broken, nothing missing, extra or differing (after a repair: unrepaired). */
  readonly clean: boolean;
  readonly chainBreaks: readonly Finding[];
  readonly foldFailures: readonly { pairId: string; message: string }[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly differing: readonly Differing[];
  /** Day counters ("<day>.<counter>") in the read model that differ from the replayed documents'. */
  readonly statsDiffer: readonly { key: string; expected: number; found: number }[];
  readonly repaired: number;
  readonly written: number;
  readonly skipped: readonly { pairId: string; reason: string }[];
  readonly digest: {
    readonly root: string;
    readonly streams: number;
    readonly events: number;
    readonly takenAt: string;
  };
}

const emptyAcc = (): ReplayAcc => ({
  breaks: [],
  foldFailures: [],
  missing: [],
  differing: [],
  heads: [],
  repaired: 0,
  written: 0,
  skipped: [],
  history: {},
});

/** A replayed document, or why the events do not fold (which a verified chain should never give). */
export function foldStream(events: readonly StoredEvent[]): { doc?: PairDoc; error?: string } {
  try {
    return { doc: docOf(events.map(toDomainEvent)) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The id of every pair the read model holds a document of (its list index, page by page). */
export async function storedPairIds(readModel: ReadModelReader): Promise<Set<string>> {
  const out = new Set<string>();
  for await (const ids of readModel.pairIds()) for (const id of ids) out.add(id);
  return out;
}

/** Every (day, counter) of two histories whose counts differ, sorted. */
export function historyDifferences(expected: History, found: History) {
  const flat = (h: History) => {
    const m = new Map<string, number>();
    for (const [day, counters] of Object.entries(h))
      for (const [k, n] of Object.entries(counters))
        if (n) m.set(`${day}.${k}`, (m.get(`${day}.${k}`) ?? 0) + n);
    return m;
  };
  const e = flat(expected);
  const f = flat(found);
  return [...new Set([...e.keys(), ...f.keys()])]
    .sort()
    .filter((k) => (e.get(k) ?? 0) !== (f.get(k) ?? 0))
    .map((key) => ({ key, expected: e.get(key) ?? 0, found: f.get(key) ?? 0 }));
}

function flatStats(stats: Stats): Map<string, number> {
  const out = new Map<string, number>();
  const add = (prefix: string, counts: Record<string, number | undefined>) => {
    for (const [k, n] of Object.entries(counts)) if (n) out.set(`${prefix}.${k}`, n);
  };
  add("total", stats.total);
  for (const [c, counts] of Object.entries(stats.byCountry)) add(`byCountry.${c}`, counts);
  for (const [p, counts] of Object.entries(stats.byCountryPair)) add(`byCountryPair.${p}`, counts);
  return out;
}

export function statsDifferences(expected: Stats, found: Stats) {
  const e = flatStats(expected);
  const f = flatStats(found);
  const keys = [...new Set([...e.keys(), ...f.keys()])].sort();
  return keys
    .filter((k) => (e.get(k) ?? 0) !== (f.get(k) ?? 0))
    .map((key) => ({ key, expected: e.get(key) ?? 0, found: f.get(key) ?? 0 }));
}

/** Compare only: reads the read model, so its reading half will do (the HTTP function's). */
export function runReplay(
  events: EventStore,
  readModel: ReadModelReader,
  options: ReplayOptions & { readonly mode: "compare" },
): Promise<ReplayReport>;
/** Any mode: a repair writes to the read model, a rebuild to `options.target`. */
export function runReplay(
  events: EventStore,
  readModel: ReadModelStore,
  options: ReplayOptions,
): Promise<ReplayReport>;
export async function runReplay(
  events: EventStore,
  readModel: ReadModelReader,
  options: ReplayOptions,
): Promise<ReplayReport> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const started = Date.now();
  if (options.mode === "into" && !options.target)
    throw new Error("replay into: a target read model is required");
  // Only a repair or a rebuild writes, and the overloads give those a whole store.
  const target = (options.mode === "into" ? options.target : readModel) as ReadModelStore;
  const segments = options.segments ?? 4;
  // The pair ids the read model holds (for documents no event backs); each replayed stream's
  // stored document is read ahead, 100 a request, when its page arrives, and compared in memory.
  // The id list is read beside the scan (it is needed only at the end).
  const storedIds = storedPairIds(target);
  storedIds.catch(() => {});
  // Compare mode writes nothing, so the stored counters are read beside the scan too (a repair or a
  // rebuild reads them after its own writes).
  const storedHistory = options.mode === "compare" ? target.history() : undefined;
  storedHistory?.catch(() => {});
  const docs = prefetchedDocs(target);

  const result = await scanStreams<ReplayAcc>(
    events,
    {
      initial: emptyAcc,
      segments,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      onPageRead: (page) => docs.prefetch(idsOf(page)),
      // Streams in flight per segment: enough that documents not read ahead (a stream the page
      // did not show) are still read 100 at a time.
      concurrency: options.concurrency ?? 100,
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    },
    async ({ pairId, events: stream }, acc) => {
      const v = verifyStream(pairId, stream);
      if (v.head) acc.heads.push({ pairId, ...v.head });
      acc.breaks.push(...v.breaks.map(chainFinding));
      const { doc, error } = foldStream(stream);
      if (!doc) {
        acc.foldFailures.push({ pairId, message: error ?? "no events" });
        return;
      }
      contributions(doc, 1, acc.history);
      const kept = await docs.take(pairId);
      const same = kept !== undefined && sameDoc(kept, doc);
      if (options.mode !== "into") {
        if (!kept) acc.missing.push(pairId);
        else if (!same)
          acc.differing.push({
            pairId,
            storedVersion: kept.view?.version ?? 0,
            replayedVersion: doc.view.version,
            fields: diffPaths(kept, doc),
          });
      }
      if (options.mode === "compare" || same) return;
      // Never write a view folded from a broken chain: that would launder the tampering.
      if (v.breaks.length > 0) {
        acc.skipped.push({ pairId, reason: "the chain is broken; not written" });
        return;
      }
      const outcome = await target.save(doc, kept);
      if (outcome === "stale")
        acc.skipped.push({ pairId, reason: "the read model moved during the replay; run again" });
      else if (options.mode === "repair") acc.repaired++;
      else acc.written++;
    },
  );

  let stored = await storedIds;
  const accs = result.segments.map((s) => s.acc);
  const heads = accs.flatMap((a) => a.heads);
  const replayed = new Set(heads.map((h) => h.pairId));
  for (const a of accs) for (const f of a.foldFailures) replayed.add(f.pairId);
  const extraOf = () => [...stored].filter((id) => !replayed.has(id)).sort();
  let extra = extraOf();
  const history: History = {};
  for (const a of accs) mergeHistory(history, a.history);
  let statsDiffer = historyDifferences(withRollUps(history), await (storedHistory ?? target.history()));
  // A repair also removes documents no event backs and recounts, so that a document edited behind
  // the projector's back cannot leave the counters wrong. Only after a whole run: a resumed run
  // has not counted the segments finished before it.
  let removed = 0;
  if (options.mode === "repair" && !result.resumed && (extra.length > 0 || statsDiffer.length > 0)) {
    for (const pairId of extra) await target.remove(pairId);
    removed = extra.length;
    await target.setHistory(history);
    stored = await storedPairIds(target);
    extra = extraOf();
    statsDiffer = historyDifferences(withRollUps(history), await target.history());
  }

  const finishedAt = clock();
  const durationMs = Date.now() - started;
  const d = digestOf(heads, finishedAt.toISOString(), { events: result.events, includeHeads: false });
  const all = <T>(pick: (a: ReplayAcc) => T[]) => accs.flatMap(pick);
  const report = {
    mode: options.mode,
    ...(options.mode === "into" ? { target: options.targetName ?? "target" } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs,
    segments: result.segments.length,
    resumed: result.resumed,
    streams: result.streams,
    events: result.events,
    eventsPerSecond: durationMs > 0 ? Math.round((result.events * 1000) / durationMs) : result.events,
    chainBreaks: all((a) => a.breaks),
    foldFailures: all((a) => a.foldFailures),
    missing: all((a) => a.missing).sort(),
    extra,
    differing: all((a) => a.differing).sort((a, b) => a.pairId.localeCompare(b.pairId)),
    statsDiffer,
    repaired: accs.reduce((n, a) => n + a.repaired, 0),
    removed,
    written: accs.reduce((n, a) => n + a.written, 0),
    skipped: all((a) => a.skipped),
    digest: { root: d.root, streams: d.streams, events: d.events, takenAt: d.takenAt },
  };
  const unrepaired =
    options.mode === "compare" ? report.missing.length + report.differing.length : report.skipped.length;
  const clean =
    report.chainBreaks.length +
      report.foldFailures.length +
      report.extra.length +
      report.statsDiffer.length +
      unrepaired ===
    0;
  return { ...report, clean };
}
