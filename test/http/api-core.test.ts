/** The HTTP suite's core over the in-memory stores. */
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { describeApiCore } from "./api-core.js";

describeApiCore("in memory", async () => ({
  eventStore: createMemoryEventStore(),
  readModel: createMemoryReadModel(),
}));
