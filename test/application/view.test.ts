/** ledger.view: the one read use case the API, the board and the registry as of a date share. */
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { foldView } from "../../functions/application/view.js";
import { toDomainEvent } from "../../domain/index.js";
import { PAIR_ID, recordOf, register, testLedger } from "../support/builders.js";

function ledgerAt(times: string[]) {
  const eventStore = createMemoryEventStore();
  const ledger = testLedger(eventStore, {
    clock: (n) => new Date(times[Math.min(n, times.length - 1)] as string),
  });
  return { ledger, eventStore };
}

describe("ledger.view", () => {
  it("folds a pair now, as of a day and as known at an instant", async () => {
    const { ledger } = ledgerAt(["2021-01-01T00:00:00Z", "2022-04-01T00:00:00Z"]);
    await ledger.execute(undefined, register("1997"), { recordedBy: "test" });
    await ledger.execute(PAIR_ID, recordOf("suspended", "2022-03-01"), { recordedBy: "test" });
    const now = await ledger.view(PAIR_ID);
    expect(now).toMatchObject({ version: 2, view: { status: "suspended", since: "2022-03-01" } });
    expect(now?.stored.map((e) => e.version)).toEqual([1, 2]);
    expect((await ledger.view(PAIR_ID, { asOf: "2022-02-01" }))?.view.status).toBe("active");
    expect((await ledger.view(PAIR_ID, { knownAt: "2022-01-01T00:00:00Z" }))?.view.status).toBe("active");
  });

  it("answers undefined for a pair nobody registered", async () => {
    const { ledger } = ledgerAt(["2021-01-01T00:00:00Z"]);
    expect(await ledger.view("ru-nowhere--us-il-nowhere")).toBeUndefined();
  });

  it("folds a scanned stream the same way (foldView)", async () => {
    const { ledger, eventStore } = ledgerAt(["2021-01-01T00:00:00Z", "2022-04-01T00:00:00Z"]);
    await ledger.execute(undefined, register("1997"), { recordedBy: "test" });
    await ledger.execute(PAIR_ID, recordOf("terminated", "2022-03-09"), { recordedBy: "test" });
    const events = (await eventStore.readStream(PAIR_ID)).map(toDomainEvent);
    expect(foldView(events)).toEqual((await ledger.view(PAIR_ID))?.view);
    expect(foldView(events, { asOf: "2022-03-08" })?.status).toBe("active");
  });
});
