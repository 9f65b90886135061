/** An app over in-memory stores, with a projector applied synchronously after each write. */
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createApp } from "../../functions/app/app.js";
import { ledgerOver } from "./builders.js";

export const TEST_TOKEN = "test-token-0123456789abcdef";

export function memoryApp(options: { clock?: () => Date } = {}) {
  const eventStore = createMemoryEventStore(options);
  const readModel = createMemoryReadModel(options.clock ? { now: options.clock } : {});
  const { ledger, projector, project } = ledgerOver(eventStore, readModel, {
    clock: options.clock ?? (() => new Date()),
  });
  const app = createApp({ ledger, eventStore, readModel, auth: { mode: "token", token: TEST_TOKEN } });
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
