import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { readModelContract } from "../contracts/read-model.contract.js";

readModelContract("memory", async (now) => createMemoryReadModel({ now }));
