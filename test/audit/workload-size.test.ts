import { expect, it } from "vitest";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

it("the random workload records most of the events it attempts (a rich history, not only registrations)", async () => {
  const m = memoryLedger();
  const w = await randomWorkload(m.ledger, { pairs: 20, eventsPerPair: 8, seed: 1 });
  expect(w.events).toBeGreaterThan(20 * 5);
});
