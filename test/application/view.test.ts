/** ledger.view: the one read use case the API, the board and the registry as of a date share. */
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createLedger } from "../../functions/application/ledger.js";
import { createStreamCache } from "../../functions/application/stream-cache.js";
import { foldView, readingOf } from "../../functions/application/view.js";
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

  it("folds a stream it holds again only for another query or once the stream has moved", async () => {
    // As the HTTP function builds it: with a stream cache.
    const eventStore = createMemoryEventStore();
    let n = 0;
    const ledger = createLedger({
      eventStore,
      clock: () => new Date("2022-04-01T00:00:00Z"),
      newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`,
      idempotencyTtlSeconds: 3600,
      streamCache: createStreamCache(),
    });
    await ledger.execute(undefined, register("1997"), { recordedBy: "test" });
    // A warm process reading a pair again: nothing new, so the stream cache hands back the same array.
    const first = await ledger.view(PAIR_ID, { asOf: "2022-04-01" });
    expect(await ledger.view(PAIR_ID, { asOf: "2022-04-01" })).toBe(first);
    const before = await ledger.view(PAIR_ID, { asOf: "1990-01-01" });
    expect(before?.view).not.toEqual(first?.view); // registered in 1997: not yet in 1990
    expect(await ledger.view(PAIR_ID, { asOf: "2022-04-01" })).toEqual(first);
    // The stream moved (this process's write): a new array, folded afresh.
    await ledger.execute(PAIR_ID, recordOf("suspended", "2022-03-01"), { recordedBy: "test" });
    const after = await ledger.view(PAIR_ID, { asOf: "2022-04-01" });
    expect(after).toMatchObject({ version: 2, view: { status: "suspended" } });
    // An array read anew from the store folds to the same reading.
    expect(readingOf(await eventStore.readStream(PAIR_ID), { asOf: "2022-04-01" })).toEqual(after);
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
