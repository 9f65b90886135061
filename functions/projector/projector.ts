/**
 * The projector: applies events to the read model, idempotently and in version order, one pair
 * at a time (the caller runs different pairs side by side).
 * - duplicate or old delivery (event.version <= doc.version): ignored;
 * - gap (doc at v, events from v+2): the missing events are read from the events table (the source
 *   of truth), never trusted to arrive later;
 * - an older event the document must now show (after a back-dated event or a retraction): read;
 * - a concurrent save (another delivery, or a transaction on a shared day item): re-read, back off
 *   and try again.
 */
import { projectPairDoc, toDomainEvent, type DomainEvent, type StoredEvent } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import type { ReadModelStore } from "../ports/read-model.js";
import { retrying } from "../shared/backoff.js";

export type ApplyOutcome = "applied" | "duplicate" | "gap-filled";

export interface Projector {
  /** Apply one event. */
  apply(event: StoredEvent): Promise<ApplyOutcome>;
  /** Apply events of ONE pair, in version order, with one read-model write. */
  applyPair(events: readonly StoredEvent[]): Promise<ApplyOutcome>;
}

const SAVE_ATTEMPTS = 8;

export function createProjector(deps: { eventStore: EventStore; readModel: ReadModelStore }): Projector {
  const { eventStore, readModel } = deps;

  async function readVersions(pairId: string, from: number, to: number): Promise<StoredEvent[]> {
    const read = await eventStore.readStream(pairId, { from, to });
    if (read.length !== to - from + 1 || read.some((e, i) => e.version !== from + i))
      throw new Error(`${pairId}: events ${from}..${to} are missing from the events table`);
    return read;
  }

  async function attempt(given: readonly StoredEvent[]): Promise<ApplyOutcome | "stale"> {
    const pairId = (given[0] as StoredEvent).pairId;
    const doc = await readModel.get(pairId);
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
    const saved = await readModel.save(projection.doc, doc);
    if (saved === "stale") return "stale";
    return inOrder ? "applied" : "gap-filled";
  }

  async function applyPair(events: readonly StoredEvent[]): Promise<ApplyOutcome> {
    if (events.length === 0) return "duplicate";
    const sorted = [...new Map(events.map((e) => [e.version, e])).values()].sort(
      (a, b) => a.version - b.version,
    );
    const outcome = await retrying(() => attempt(sorted), "stale" as const, {
      attempts: SAVE_ATTEMPTS,
      baseMs: 10,
      maxMs: 500,
    });
    if (outcome === "stale") {
      const last = sorted.at(-1) as StoredEvent;
      throw new Error(`${last.pairId} v${last.version}: the read model kept moving; giving up for a retry`);
    }
    return outcome;
  }

  return { apply: (event) => applyPair([event]), applyPair };
}
