/** In-memory stores, ledger and projector, without the HTTP app (the audit engine needs no HTTP). */
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createLedger } from "../../functions/application/ledger.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { createProjector } from "../../functions/projector/projector.js";

export function memoryLedger() {
  const eventStore = createMemoryEventStore();
  const readModel = createMemoryReadModel();
  return { ...ledgerOver(eventStore, readModel), eventStore, readModel };
}

/** A ledger and projector over any stores (memory or DynamoDB Local). */
export function ledgerOver(eventStore: EventStore, readModel: ReadModelStore) {
  let n = 0;
  let t = Date.parse("2026-01-01T00:00:00Z");
  const ledger = createLedger({
    eventStore,
    clock: () => new Date((t += 1000)),
    newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`,
    idempotencyTtlSeconds: 3600,
  });
  const projector = createProjector({ eventStore, readModel });
  /** Project every stored event (what the stream would deliver). */
  async function project() {
    for await (const page of eventStore.scan()) for (const e of page.events) await projector.apply(e);
  }
  return { ledger, projector, project };
}
