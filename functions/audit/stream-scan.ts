/**
 * The engine under replay, whole-ledger verification, digests, exports and status-as-of: a
 * parallel scan of the events table turned into complete streams, one at a time, each sorted by
 * version, with a per-segment accumulator that can be checkpointed and resumed.
 *
 * Grouping: a parallel Scan splits by partition key, so one stream lives in one segment, and a
 * segment returns a partition's items together in sort-key order — but a stream may straddle
 * pages. So each segment keeps the stream it is in the middle of ("pending") and hands it on only
 * when the next stream starts or the segment ends. We check the contiguity instead of assuming it:
 * a stream seen again after it was handed on is an error, never a silently split stream.
 */
import type { StoredEvent } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { forEachLimited } from "../shared/concurrency.js";

export interface CompleteStream {
  readonly pairId: string;
  /** Sorted by version. */
  readonly events: readonly StoredEvent[];
  readonly segment: number;
}

/** Everything a segment needs to resume: the scan cursor, the unfinished stream, the accumulator. */
export interface SegmentState<A> {
  readonly segment: number;
  readonly segments: number;
  /** Scan cursor after the last processed page; undefined before the first page. */
  next?: string;
  done: boolean;
  pending: StoredEvent[];
  events: number;
  streams: number;
  acc: A;
}

export interface CheckpointStore<A> {
  /** Saved states of a run with this key, or undefined when there is none. */
  load(key: string, segments: number): Promise<SegmentState<A>[] | undefined>;
  save(key: string, state: SegmentState<A>): Promise<void>;
  clear(key: string): Promise<void>;
}

export interface ScanProgress {
  readonly events: number;
  readonly streams: number;
  readonly segmentsDone: number;
  readonly segments: number;
}

export interface StreamScanOptions<A> {
  readonly segments?: number;
  readonly pageSize?: number;
  /** A fresh per-segment accumulator (JSON-serialisable when checkpointed). */
  readonly initial: () => A;
  /** Streams processed at once (each may do I/O, e.g. read the read model). Default 16. */
  readonly concurrency?: number;
  readonly checkpoint?: {
    readonly store: CheckpointStore<A>;
    readonly key: string;
    readonly resume?: boolean;
  };
  /** Minimum pause between checkpoint writes of one segment (ms); segment ends always write. */
  readonly checkpointEveryMs?: number;
  /** Stop with LimitExceededError when more events than this were read. */
  readonly maxEvents?: number;
  readonly onProgress?: (p: ScanProgress) => void;
  /**
   * Told of each page as it arrives, before its streams are handed on (pages of a segment wait for
   * the one before): to start reads the streams will need, so that they overlap the work.
   */
  readonly onPageRead?: (events: readonly StoredEvent[]) => void;
}

export interface StreamScanResult<A> {
  readonly segments: readonly SegmentState<A>[];
  readonly events: number;
  readonly streams: number;
  /** True when at least one segment continued from a checkpoint. */
  readonly resumed: boolean;
}

export class ScanOrderError extends Error {
  readonly code = "SCAN_ORDER";
  constructor(
    readonly pairId: string,
    readonly segment: number,
  ) {
    super(
      `${pairId}: the scan returned this stream's events apart (segment ${segment}); cannot group it safely`,
    );
    this.name = "ScanOrderError";
  }
}

export class LimitExceededError extends Error {
  readonly code = "LIMIT_EXCEEDED";
  constructor(
    readonly limit: number,
    readonly seen: number,
  ) {
    super(`the ledger holds more than ${limit} events (read ${seen} so far); use the CLI for a full pass`);
    this.name = "LimitExceededError";
  }
}

const byVersion = (a: StoredEvent, b: StoredEvent) => a.version - b.version;

/** Run `fn` over items with at most `limit` in flight. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
export async function scanStreams<A>(
  store: EventStore,
  options: StreamScanOptions<A>,
  onStream: (stream: CompleteStream, acc: A) => Promise<void> | void,
): Promise<StreamScanResult<A>> {
  const segments = options.segments ?? 4;
  const concurrency = options.concurrency ?? 16;
  const cp = options.checkpoint;
  const saved = cp?.resume ? await cp.store.load(cp.key, segments) : undefined;
  const states: SegmentState<A>[] =
    saved ??
    Array.from({ length: segments }, (_, segment) => ({
      segment,
      segments,
      done: false,
      pending: [],
      events: 0,
      streams: 0,
      acc: options.initial(),
    }));
  const resumed = saved?.some((s) => s.next !== undefined || s.done) ?? false;
  const handedOn = states.map(() => new Set<string>());
  const lastSaved = states.map(() => 0);
  const every = options.checkpointEveryMs ?? 1000;
  const total = () =>
    states.reduce((t, s) => ({ events: t.events + s.events, streams: t.streams + s.streams }), {
      events: 0,
      streams: 0,
    });
  const progress = () =>
    options.onProgress?.({ ...total(), segmentsDone: states.filter((s) => s.done).length, segments });

  async function handOn(state: SegmentState<A>, streams: StoredEvent[][]) {
    await forEachLimited(streams, concurrency, async (events) => {
      const first = events[0] as StoredEvent;
      await onStream(
        { pairId: first.pairId, events: events.sort(byVersion), segment: state.segment },
        state.acc,
      );
    });
    state.streams += streams.length;
  }

  async function processPage(
    state: SegmentState<A>,
    events: readonly StoredEvent[],
    next: string | undefined,
  ) {
    const complete: StoredEvent[][] = [];
    for (const e of events) {
      const current = state.pending[0];
      if (current && current.pairId !== e.pairId) {
        handedOn[state.segment]?.add(current.pairId);
        complete.push(state.pending);
        state.pending = [];
      }
      if (handedOn[state.segment]?.has(e.pairId)) throw new ScanOrderError(e.pairId, state.segment);
      state.pending.push(e);
    }
    state.events += events.length;
    if (options.maxEvents !== undefined && total().events > options.maxEvents)
      throw new LimitExceededError(options.maxEvents, total().events);
    if (next === undefined && state.pending.length > 0) {
      complete.push(state.pending);
      state.pending = [];
    }
    await handOn(state, complete);
    state.next = next;
    state.done = next === undefined;
    const now = Date.now();
    if (cp && (state.done || now - (lastSaved[state.segment] ?? 0) >= every)) {
      lastSaved[state.segment] = now;
      await cp.store.save(cp.key, state);
    }
    progress();
  }

  const open = states.filter((s) => !s.done);
  if (open.length > 0) {
    const from = Object.fromEntries(open.flatMap((s) => (s.next ? [[s.segment, s.next]] : [])));
    const chains = new Map<number, Promise<void>>();
    let failure: unknown;
    let queued = 0;
    const waiters: (() => void)[] = [];
    for await (const page of store.scan({
      segments,
      onlySegments: open.map((s) => s.segment),
      from,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    })) {
      if (failure) break;
      // The memory adapter ignores segments and answers as segment 0; it has one state then.
      const state = states[page.segment] ?? (states[0] as SegmentState<A>);
      // A store that cannot resume by segment (the memory adapter) answers finished segments again.
      if (state.done) continue;
      options.onPageRead?.(page.events);
      const previous = chains.get(state.segment) ?? Promise.resolve();
      // Pages of one segment run in order; segments run side by side.
      queued++;
      const chained = previous
        .then(() => (failure ? undefined : processPage(state, page.events, page.next)))
        .catch((e) => {
          failure ??= e;
        })
        .finally(() => {
          queued--;
          waiters.shift()?.();
        });
      chains.set(state.segment, chained);
      // Bounded: stop pulling pages while two per segment wait to be processed.
      while (queued > segments * 2 && !failure) await new Promise<void>((r) => waiters.push(r));
    }
    await Promise.all(chains.values());
    if (failure) throw failure;
    // A store that has no pages for a segment (memory adapter, empty table) ends it here.
    for (const s of states)
      if (!s.done) {
        await processPage(s, [], undefined);
      }
  }
  if (cp) await cp.store.clear(cp.key);
  return { segments: states, ...total(), resumed };
}

/** Options of a one-pass collection over every stream (no checkpoints: it restarts from scratch). */
export type CollectOptions = Pick<StreamScanOptions<unknown>, "segments" | "maxEvents" | "onProgress">;

/**
 * One value per stream (or none: `pick` returns undefined), collected over a parallel scan of
 * every stream, in no particular order; with the scan's event count.
 */
export async function collectStreams<T>(
  store: EventStore,
  options: CollectOptions,
  pick: (stream: CompleteStream) => T | undefined,
): Promise<{ readonly items: T[]; readonly events: number }> {
  const result = await scanStreams<T[]>(
    store,
    {
      initial: () => [],
      ...(options.segments ? { segments: options.segments } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    (stream, acc) => {
      const item = pick(stream);
      if (item !== undefined) acc.push(item);
    },
  );
  return { items: result.segments.flatMap((s) => s.acc), events: result.events };
}
