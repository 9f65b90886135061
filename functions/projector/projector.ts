/**
 * The projector: applies events to the read model, idempotently and in version order.
 * - duplicate or old delivery (event.version <= doc.version): ignored;
 * - gap (doc at v, event at v+2): the missing events are read from the events table (the source
 *   of truth), never trusted to arrive later;
 * - a concurrent save (another delivery won): re-read and try again.
 */
import { evolvePairDoc, toDomainEvent, type PairDoc, type StoredEvent } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import type { ReadModelStore } from "../ports/read-model.js";

export type ApplyOutcome = "applied" | "duplicate" | "gap-filled";

export interface Projector {
  apply(event: StoredEvent): Promise<ApplyOutcome>;
}

export function createProjector(deps: { eventStore: EventStore; readModel: ReadModelStore }): Projector {
  const { eventStore, readModel } = deps;

  async function attempt(event: StoredEvent): Promise<ApplyOutcome | "stale"> {
    const doc = await readModel.get(event.pairId);
    const at = doc?.view.version ?? 0;
    if (event.version <= at) return "duplicate";
    let next: PairDoc | undefined;
    let outcome: ApplyOutcome = "applied";
    if (event.version === at + 1) {
      next = evolvePairDoc(doc, toDomainEvent(event));
    } else {
      const missing = await eventStore.readStream(event.pairId, { from: at + 1, to: event.version - 1 });
      next = [...missing, event].map(toDomainEvent).reduce(evolvePairDoc, doc);
      outcome = "gap-filled";
      if (missing.length !== event.version - at - 1)
        throw new Error(
          `${event.pairId}: events ${at + 1}..${event.version - 1} are missing from the events table`,
        );
    }
    if (!next) return "duplicate";
    return (await readModel.save(next, doc)) === "saved" ? outcome : "stale";
  }

  return {
    async apply(event) {
      for (let i = 0; i < 5; i++) {
        const outcome = await attempt(event);
        if (outcome !== "stale") return outcome;
        // Another delivery or a transaction on the shared counters won: back off a little.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** i));
      }
      throw new Error(`${event.pairId} v${event.version}: the read model kept moving; giving up for a retry`);
    },
  };
}
