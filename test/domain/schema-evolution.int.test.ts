/**
 * Schema evolution against DynamoDB Local: raw `suspended` v1 items (the condition was called
 * `until`) are read through the DynamoDB event store as v2 (`condition`), and their hash chain
 * still verifies, because the hash covers the data as stored and upcasting happens only on read.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  docOf,
  seal,
  toDomainEvent,
  verifyStream,
  type StoredEvent,
} from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createLedger } from "../../functions/application/ledger.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const local = useDynamoDbLocal();
const PAIR = "ru-voronezh--us-nc-charlotte";

/** Items as a 2022 version of the code wrote them: suspended at schemaVersion 1, with `until`. */
function v1Items(): StoredEvent[] {
  const established = seal({
    pairId: PAIR,
    version: 1,
    eventId: "0190a0c0-0000-7000-8000-000000000001",
    type: "established",
    schemaVersion: 1,
    data: {
      cityA: { name: "Charlotte", country: "US", region: "US-NC" },
      cityB: { name: "Voronezh", country: "RU" },
      relationship: "sister-city",
      effectiveDate: "1991-06-26",
      actor: { side: "both" },
      sources: [{ url: "http://www.charlottesistercities.org/voronezh-russia" }],
    },
    recordedAt: "2022-03-01T10:00:00.000Z",
    recordedBy: "clerk@charlotte",
    prevHash: GENESIS_HASH,
  });
  const suspended = seal({
    pairId: PAIR,
    version: 2,
    eventId: "0190a0c0-0000-7000-8000-000000000002",
    type: "suspended",
    schemaVersion: 1,
    data: {
      effectiveDate: "2022-03-28",
      actor: { side: "us-nc-charlotte", name: "Charlotte City Council" },
      authority: { body: "Charlotte City Council", instrument: "resolution", vote: "unanimous" },
      sources: [{ citation: "The Charlotte Weekly, 2022-03-29" }],
      until: "one year following the declaration of peace",
    },
    recordedAt: "2022-03-29T09:00:00.000Z",
    recordedBy: "clerk@charlotte",
    prevHash: established.hash,
  });
  return [established, suspended];
}

describe("stored v1 events in DynamoDB Local", () => {
  it("are read through the event store as v2, and their hash chain still verifies", async () => {
    const tables = await local.freshTables();
    for (const item of v1Items())
      await local.doc.send(new PutCommand({ TableName: tables.events, Item: { ...item } }));

    const store = createDynamoEventStore(local.doc, tables.events);
    const stored = await store.readStream(PAIR);
    expect(stored.map((e) => [e.type, e.schemaVersion])).toEqual([
      ["established", 1],
      ["suspended", 1],
    ]);
    // What is stored is untouched: still `until`, still hashing to what was sealed.
    expect(stored[1]?.data).toHaveProperty("until");
    expect(verifyStream(PAIR, stored).breaks).toEqual([]);

    const suspended = toDomainEvent(stored[1] as StoredEvent);
    expect(suspended.data).toMatchObject({ condition: "one year following the declaration of peace" });
    expect(suspended.data).not.toHaveProperty("until");
    expect(docOf(stored.map(toDomainEvent))?.view).toMatchObject({
      status: "suspended",
      since: "2022-03-28",
    });
  });

  it("accept new events chained after them through the ledger, written at the current schema", async () => {
    const tables = await local.freshTables();
    for (const item of v1Items())
      await local.doc.send(new PutCommand({ TableName: tables.events, Item: { ...item } }));
    const eventStore = createDynamoEventStore(local.doc, tables.events);
    const ledger = createLedger({
      eventStore,
      clock: () => new Date("2026-01-01T00:00:00.000Z"),
      newId: () => "0190a0c0-0000-7000-8000-000000000003",
      idempotencyTtlSeconds: 60,
    });
    const out = await ledger.execute(
      PAIR,
      {
        kind: "record",
        type: "suspended",
        data: {
          effectiveDate: "2022-03-28",
          actor: { side: "us-nc-charlotte" },
          sources: [{ citation: "repeat" }],
          condition: "one year following the declaration of peace",
        },
      },
      { recordedBy: "clerk@charlotte" },
    );
    // The same side suspending again is a no-op, judged on the upcast v1 event.
    expect(out).toMatchObject({ ok: true, value: { version: 2, events: [] } });

    const record = (type: "reinstated" | "suspended", effectiveDate: string, extra: object = {}) =>
      ledger.execute(
        PAIR,
        {
          kind: "record",
          type,
          data: {
            effectiveDate,
            actor: { side: "us-nc-charlotte" },
            sources: [{ citation: "test" }],
            ...extra,
          },
        } as never,
        { recordedBy: "clerk@charlotte" },
      );
    expect((await record("reinstated", "2025")).ok).toBe(true);
    expect((await record("suspended", "2026", { condition: "until further notice" })).ok).toBe(true);
    const stored = await eventStore.readStream(PAIR);
    expect(stored.map((e) => [e.type, e.schemaVersion])).toEqual([
      ["established", 1],
      ["suspended", 1],
      ["reinstated", 1],
      ["suspended", 2],
    ]);
    expect(stored[3]?.data).toMatchObject({ condition: "until further notice" });
    expect(stored[2]?.prevHash).toBe(stored[1]?.hash);
    expect(verifyStream(PAIR, stored).breaks).toEqual([]);
  });
});
