/** Commands and streams for the benchmarks: the same shapes the reliability suite uses. */
import type { City, Command, StoredEvent } from "../../domain/index.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createLedger } from "../../functions/application/ledger.js";

export const OPERATOR = "token:bench";

export function cities(i: number, tag: string): [City, City] {
  return [
    { name: `${tag} Town ${i}`, country: "US", region: "US-OR" },
    { name: `${tag} Grad ${i}`, country: "RU" },
  ];
}

export function registerCommand(i: number, tag: string): Command {
  const [cityA, cityB] = cities(i, tag);
  return {
    kind: "register",
    data: {
      cityA,
      cityB,
      relationship: "sister-city",
      effectiveDate: "1991",
      actor: { side: "both" },
      authority: { body: "City Council", instrument: `Resolution 91-${i}` },
      sources: [
        { url: `https://example.org/agreements/${i}`, citation: "Agreement of friendship and cooperation" },
      ],
    },
  } as Command;
}

/** A distinct day per n (1992 on): the decider treats a decision it already has (same type, date, side) as a repeat. */
export function dayOf(n: number): string {
  return new Date(Date.UTC(1992, 0, 1) + (n % 12_000) * 86_400_000).toISOString().slice(0, 10);
}

/** Always accepted in a live pair: a proposal that leaves the status unchanged, on its own day. */
export function changeBody(n: number) {
  return {
    type: "change-proposed",
    effectiveDate: dayOf(n),
    actor: { side: "operator", name: "Sister Cities Association" },
    authority: { body: "City Council", instrument: `Motion 22-${n}` },
    sources: [{ url: `https://example.org/minutes/${n}`, citation: "Council minutes" }],
    wording: "calls to suspend",
    proposed: "suspended",
  };
}

export function changeCommand(n: number): Command {
  const { type, ...data } = changeBody(n);
  return { kind: "record", type, data } as Command;
}

/** Streams of `pairs` pairs × `events` events each, sealed by the real command path in memory. */
export async function buildStreams(
  pairs: number,
  events: number,
  tag = "replay",
): Promise<Map<string, StoredEvent[]>> {
  const store = createMemoryEventStore();
  let id = 0;
  const ledger = createLedger({
    eventStore: store,
    clock: () => new Date(Date.UTC(2024, 0, 1) + id * 1000),
    newId: () => `018f0000-0000-7000-8000-${String(++id).padStart(12, "0")}`,
    idempotencyTtlSeconds: 60,
  });
  for (let p = 0; p < pairs; p++) {
    const reg = await ledger.execute(undefined, registerCommand(p, tag), { recordedBy: OPERATOR });
    if (!reg.ok) throw new Error(reg.error.code);
    for (let e = 1; e < events; e++) {
      const out = await ledger.execute(reg.value.pairId, changeCommand(e), { recordedBy: OPERATOR });
      if (!out.ok) throw new Error(out.error.code);
    }
  }
  return store.streams;
}
