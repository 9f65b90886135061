/** An app over in-memory stores, with a projector applied synchronously after each write. */
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createApp } from "../../functions/app/app.js";
import { createLedger } from "../../functions/application/ledger.js";
import { createProjector } from "../../functions/projector/projector.js";

export const TEST_TOKEN = "test-token-0123456789abcdef";

export function memoryApp(options: { clock?: () => Date } = {}) {
  const eventStore = createMemoryEventStore(options);
  const readModel = createMemoryReadModel(options.clock ? { now: options.clock } : {});
  let n = 0;
  const ledger = createLedger({
    eventStore,
    clock: options.clock ?? (() => new Date()),
    newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`,
    idempotencyTtlSeconds: 3600,
  });
  const projector = createProjector({ eventStore, readModel });
  const app = createApp({ ledger, eventStore, readModel, auth: { mode: "token", token: TEST_TOKEN } });
  /** Project every stored event (what the stream would deliver). */
  async function project() {
    for await (const page of eventStore.scan()) for (const e of page.events) await projector.apply(e);
  }
  const request = (path: string, init: RequestInit & { json?: unknown; token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.json !== undefined) headers.set("content-type", "application/json");
    if (init.token !== null) headers.set("authorization", `Bearer ${init.token ?? TEST_TOKEN}`);
    return app.request(path, {
      ...init,
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
  };
  return { app, ledger, eventStore, readModel, projector, project, request };
}
