import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { eventStoreContract } from "../contracts/event-store.contract.js";

eventStoreContract("in-memory", () => createMemoryEventStore());
