/**
 * A warm ledger takes the events it has just appended into the domain as decided, without parsing
 * them again (rememberDecided in functions/application/view.ts). That is sound only if a read
 * parses them into the same thing. Every kind of command here is parsed as its caller parses it
 * (the API's body schemas, EVENT_DATA for the import and the seed), from untidy input: padded
 * text, keys out of order, optional fields left out. Each appended event is then read as a cold
 * process reads it, and the two must be the same JSON, key order included.
 */
import { describe, expect, it } from "vitest";
import {
  EVENT_DATA,
  toDomainEvent,
  type Command,
  type StoredEvent,
  type TimelineEventType,
} from "../../domain/index.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { RecordEventBody, RegisterPairBody } from "../../functions/app/schemas/pairs.js";
import { createLedger } from "../../functions/application/ledger.js";
import { createStreamCache } from "../../functions/application/stream-cache.js";
import { domainEvent } from "../../functions/application/view.js";
import { OPERATOR } from "../support/builders.js";

const untidyRegistration = {
  sources: [{ citation: "  Council minutes, 12 May 1997  " }, { url: "https://example.org/a" }],
  effectiveDate: "1997-05",
  cityB: { country: "RU", name: "  Moscow ", aliases: [" Moskva "], wikidataId: "Q649" },
  actor: { name: " Mayor ", side: "both" },
  cityA: { wikidataId: "Q1297", region: "us-il", name: "Chicago  ", country: "US" },
  authority: { instrument: " agreement ", body: " Mayors Daley and Luzhkov " },
};

/** A change of `type` as a client might send it: keys out of order, padded text. */
function untidyChange(type: TimelineEventType, effectiveDate: string, side: string) {
  return {
    note: `  a note on ${type}  `,
    sources: [{ url: `https://example.org/${type}`, citation: ` minutes on ${type} ` }],
    wording: ` ${type} wording `,
    ...(type === "change-proposed" || type === "motion-failed" ? { proposed: "suspended" } : {}),
    ...(type === "established"
      ? { cityB: untidyRegistration.cityB, cityA: untidyRegistration.cityA, relationship: "friendship-city" }
      : {}),
    actor: { side, name: " The Council " },
    effectiveDate,
    type,
  };
}

const TYPES: readonly TimelineEventType[] = [
  "change-proposed",
  "motion-failed",
  "suspended",
  "reinstated",
  "reaffirmed",
  "retained",
  "marked-dormant",
  "reactivated",
  "terminated",
  "established",
];

describe("events a warm ledger takes in as decided", () => {
  it("are what a cold read parses them into: the same JSON, for every kind of command and caller", async () => {
    const eventStore = createMemoryEventStore();
    let t = Date.parse("2026-01-01T00:00:00Z");
    let n = 0;
    const ledger = createLedger({
      eventStore,
      clock: () => new Date((t += 1000)),
      newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`,
      idempotencyTtlSeconds: 3600,
      streamCache: createStreamCache(),
    });
    const appended: StoredEvent[] = [];
    const run = async (pairId: string | undefined, command: Command) => {
      const out = await ledger.execute(pairId, command, { recordedBy: OPERATOR });
      if (out.ok) appended.push(...out.value.events);
      return out;
    };

    // As the API parses a registration, and as the import and the seed do (EVENT_DATA).
    const viaApi = await run(undefined, {
      kind: "register",
      data: RegisterPairBody().parse(untidyRegistration),
    });
    if (!viaApi.ok) throw new Error(viaApi.error.code);
    const pairId = viaApi.value.pairId;
    const other = EVENT_DATA.established.parse({
      ...untidyRegistration,
      cityB: { name: " Kyiv ", country: "UA" },
    });
    const viaImport = await run(undefined, { kind: "register", data: other });
    if (!viaImport.ok) throw new Error(viaImport.error.code);

    // Every timeline event type, as the API parses the body of POST /pairs/{id}/events.
    let year = 2000;
    for (const type of TYPES) {
      for (const side of ["both", "us-il-chicago"]) {
        const { type: _, ...data } = RecordEventBody().parse(untidyChange(type, String(year++), side));
        await run(pairId, { kind: "record", type, data } as Command);
      }
    }
    // As the import parses a status change, and a retraction.
    const { type: _t, ...imported } = untidyChange("suspended", "2030", "both");
    await run(viaImport.value.pairId, {
      kind: "record",
      type: "suspended",
      data: EVENT_DATA.suspended.parse(imported),
    } as Command);
    const { type: _r, ...retraction } = RecordEventBody().parse({
      type: "retracted",
      retracts: 2,
      reason: "  recorded in error ",
    });
    await run(pairId, { kind: "retract", data: retraction } as Extract<Command, { kind: "retract" }>);

    const types = new Set(appended.map((e) => e.type));
    expect(types.size).toBeGreaterThanOrEqual(8);
    expect(types).toContain("retracted");
    expect(appended.length).toBeGreaterThan(12);
    for (const stored of appended) {
      const warm = domainEvent(stored);
      // Taken in as decided: the very data object that was stored, not a parse of it.
      expect(warm.data).toBe(stored.data);
      expect(JSON.stringify(warm)).toBe(JSON.stringify(toDomainEvent(stored)));
    }
  });
});
