/**
 * The projector: applies events to the read model, idempotently and in version order: one pair at
 * a time, or a batch's pairs together (documents read by one BatchGet, saves in shared
 * transactions), falling back to one pair at a time for any pair whose shared write did not land.
 * - duplicate or old delivery (event.version <= doc.version): ignored;
 * - gap (doc at v, events from v+2): the missing events are read from the events table (the source
 *   of truth), never trusted to arrive later;
 * - an older event the document must now show (after a back-dated event or a retraction): read;
 * - a concurrent save (another delivery, or a transaction on a shared day item): re-read, back off
 *   and try again.
 */
import {
  projectPairDoc,
  toDomainEvent,
  type DomainEvent,
  type PairDoc,
  type StoredEvent,
} from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { type DocSave, type ReadModelStore, SaveTooLargeError } from "../ports/read-model.js";
import { retrying } from "../shared/backoff.js";
import { forEachLimited } from "../shared/concurrency.js";

export type ApplyOutcome = "applied" | "duplicate" | "gap-filled";

export interface Projector {
  /** Apply one event. */
  apply(event: StoredEvent): Promise<ApplyOutcome>;
  /** Apply events of ONE pair, in version order, with one read-model write. */
  applyPair(events: readonly StoredEvent[]): Promise<ApplyOutcome>;
  /** Apply the events of many pairs (one array a pair), written together: per pair, its outcome or error. */
  applyPairs(pairs: readonly (readonly StoredEvent[])[]): Promise<Map<string, ApplyOutcome | Error>>;
}

const SAVE_ATTEMPTS = 8;
/** Pairs projected (events-table reads for gaps) or applied on their own at once. */
const READS_IN_FLIGHT = 16;

export function createProjector(deps: { eventStore: EventStore; readModel: ReadModelStore }): Projector {
  const { eventStore, readModel } = deps;

  async function readVersions(pairId: string, from: number, to: number): Promise<StoredEvent[]> {
    const read = await eventStore.readStream(pairId, { from, to });
    if (read.length !== to - from + 1 || read.some((e, i) => e.version !== from + i))
      throw new Error(`${pairId}: events ${from}..${to} are missing from the events table`);
    return read;
  }

  /** What the stored document becomes with these events (read from the events table if need be). */
  async function project(
    given: readonly StoredEvent[],
    doc: PairDoc | undefined,
  ): Promise<{ outcome: ApplyOutcome; save: DocSave } | "duplicate"> {
    const pairId = (given[0] as StoredEvent).pairId;
    const at = doc?.view.version ?? 0;
    const fresh = given.filter((e) => e.version > at);
    const last = fresh.at(-1);
    if (!last) return "duplicate";
    // Anything but the next versions in order (a gap, a hole in the batch): read them all.
    const inOrder = fresh.every((e, i) => e.version === at + 1 + i);
    const events = inOrder ? fresh : await readVersions(pairId, at + 1, last.version);
    const domain = events.map(toDomainEvent);
    let projection = projectPairDoc(doc, domain);
    if ("need" in projection) {
      const older = new Map<number, DomainEvent>();
      for (const v of projection.need)
        older.set(v, toDomainEvent((await readVersions(pairId, v, v))[0] as StoredEvent));
      projection = projectPairDoc(doc, domain, (v) => older.get(v));
      if ("need" in projection) throw new Error(`${pairId}: cannot read v${projection.need.join(", v")}`);
    }
    return { outcome: inOrder ? "applied" : "gap-filled", save: { next: projection.doc, previous: doc } };
  }

  async function attempt(given: readonly StoredEvent[]): Promise<ApplyOutcome | "stale"> {
    const doc = await readModel.get((given[0] as StoredEvent).pairId);
    const projected = await project(given, doc);
    if (projected === "duplicate") return "duplicate";
    const saved = await readModel.save(projected.save.next, projected.save.previous);
    return saved === "stale" ? "stale" : projected.outcome;
  }

  async function applyPair(events: readonly StoredEvent[]): Promise<ApplyOutcome> {
    if (events.length === 0) return "duplicate";
    const sorted = inVersionOrder(events);
    let outcome: ApplyOutcome | "stale";
    try {
      outcome = await retrying(() => attempt(sorted), "stale" as const, {
        attempts: SAVE_ATTEMPTS,
        baseMs: 10,
        maxMs: 500,
      });
    } catch (e) {
      // Too many status days for one transaction: the earlier half, then the later one (each a
      // whole, guarded save; the document passes through a version it would have had anyway).
      if (!(e instanceof SaveTooLargeError) || sorted.length < 2) throw e;
      const half = Math.ceil(sorted.length / 2);
      const first = await applyPair(sorted.slice(0, half));
      const second = await applyPair(sorted.slice(half));
      return first === "gap-filled" || second === "gap-filled" ? "gap-filled" : second;
    }
    if (outcome === "stale") {
      const last = sorted.at(-1) as StoredEvent;
      throw new Error(`${last.pairId} v${last.version}: the read model kept moving; giving up for a retry`);
    }
    return outcome;
  }

  /**
   * Many pairs at once: their documents read together, the saves written together (shared
   * transactions, counters summed); a pair whose shared write did not happen (a document moved, a
   * conflict, a lost answer) or that could not be projected is applied again on its own, so a stale
   * or duplicate delivery still changes nothing and an error is that pair's alone.
   */
  async function applyPairs(
    pairs: readonly (readonly StoredEvent[])[],
  ): Promise<Map<string, ApplyOutcome | Error>> {
    const results = new Map<string, ApplyOutcome | Error>();
    const work = pairs.filter((p) => p.length > 0).map(inVersionOrder);
    const alone: StoredEvent[][] = [];
    const planned: { events: StoredEvent[]; outcome: ApplyOutcome; save: DocSave }[] = [];
    const stored = await readModel
      .getMany(work.map((p) => (p[0] as StoredEvent).pairId))
      .catch(() => undefined);
    if (stored)
      await forEachLimited(work, READS_IN_FLIGHT, async (events) => {
        const pairId = (events[0] as StoredEvent).pairId;
        try {
          const projected = await project(events, stored.get(pairId));
          if (projected === "duplicate") results.set(pairId, "duplicate");
          else planned.push({ events, ...projected });
        } catch {
          alone.push(events);
        }
      });
    else alone.push(...work);
    const saved = planned.length
      ? await readModel.saveMany(planned.map((p) => p.save)).catch(() => undefined)
      : [];
    planned.forEach((p, i) => {
      if (saved?.[i] === "saved") results.set((p.events[0] as StoredEvent).pairId, p.outcome);
      else alone.push(p.events);
    });
    await forEachLimited(alone, READS_IN_FLIGHT, async (events) => {
      const pairId = (events[0] as StoredEvent).pairId;
      results.set(
        pairId,
        await applyPair(events).catch((e) => (e instanceof Error ? e : new Error(String(e)))),
      );
    });
    return results;
  }

  return { apply: (event) => applyPair([event]), applyPair, applyPairs };
}

/** One pair's events, each version once, in version order. */
function inVersionOrder(events: readonly StoredEvent[]): StoredEvent[] {
  return [...new Map(events.map((e) => [e.version, e])).values()].sort((a, b) => a.version - b.version);
}
