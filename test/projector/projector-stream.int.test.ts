/**
 * The projector fed REAL stream records: events appended through the ledger to DynamoDB Local,
 * its stream read by the local poller (Lambda's record shape) and handed to the same handler
 * that Lambda runs.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { docOf, toDomainEvent } from "../../domain/index.js";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import type { Ledger } from "../../functions/application/ledger.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { eventOfRecord } from "../../functions/adapters/dynamodb/stream-records.js";
import { runReplay } from "../../functions/audit/replay.js";
import { createStreamHandler } from "../../functions/projector/handler-core.js";
import { createProjector } from "../../functions/projector/projector.js";
import { startStreamPoller } from "../../infra/local/stream-poller.js";
import { dynamoLedger } from "../support/builders.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { faultsAt, injectFaults } from "../support/faults.js";
import { createDocumentClient } from "../../functions/composition.js";

const ddb = useDynamoDbLocal();

const chicago = { name: "Chicago", country: "US", region: "US-IL" } as const;
const moscow = { name: "Moscow", country: "RU" } as const;
const src = [
  { url: "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow" },
];
const PAIR = "ru-moscow--us-il-chicago";

async function setup() {
  const tables = await ddb.freshTables();
  const { eventStore, readModel, ledger } = dynamoLedger(ddb.endpoint, tables, { doc: ddb.doc });
  const stores = { eventStore, readModel };
  const handler = projectInto(eventStore, readModel);
  /** Every record the stream holds, captured as Lambda would receive them. */
  const captured: DynamoDBRecord[] = [];
  const poller = startStreamPoller({
    streams: ddb.streams,
    dynamodb: ddb.dynamodb,
    tableName: tables.events,
    pollIntervalMs: 50,
    handler: async (event: DynamoDBStreamEvent) => {
      captured.push(...event.Records);
      return handler(event);
    },
  });
  return { stores, ledger, handler, poller, captured };
}

/** An empty read model of its own on DynamoDB Local, through `doc` (default: the suite's client). */
async function freshReadModel(doc: DynamoDBDocumentClient = ddb.doc) {
  const fresh = await ddb.freshTables();
  return createDynamoReadModel(doc, fresh.readModel);
}

/** The stream handler Lambda runs, projecting these events into this read model. */
const projectInto = (eventStore: EventStore, readModel: ReadModelStore) =>
  createStreamHandler(createProjector({ eventStore, readModel }), eventOfRecord);

async function registerAndSuspend(ledger: Ledger, key?: string) {
  await ledger.execute(
    undefined,
    {
      kind: "register",
      data: {
        cityA: chicago,
        cityB: moscow,
        relationship: "sister-city",
        effectiveDate: "1997",
        actor: { side: "both" },
        sources: src,
      },
    },
    { recordedBy: "test" },
  );
  await ledger.execute(
    PAIR,
    {
      kind: "record",
      type: "suspended",
      data: { effectiveDate: "2022-03-01", actor: { side: "us-il-chicago" }, sources: src },
    },
    { recordedBy: "test", idempotencyKey: key },
  );
}

describe("projector on DynamoDB Local's stream", () => {
  it("builds the read model from real stream records, and ignores idempotency items", async () => {
    const { stores, ledger, poller, captured } = await setup();
    try {
      await registerAndSuspend(ledger, "key-projector-1");
      await poller.idle();
      const doc = await stores.readModel.get(PAIR);
      expect(doc?.view).toMatchObject({ status: "suspended", since: "2022-03-01", version: 2 });
      expect(captured.map((r) => r.eventSource)).toEqual(["aws:dynamodb", "aws:dynamodb", "aws:dynamodb"]);
      const keys = captured.map((r) => r.dynamodb?.Keys?.pairId?.S);
      expect(keys.filter((k) => k?.startsWith("$idem#"))).toHaveLength(1);
      const page = await stores.readModel.list({ country: "RU" }, { limit: 10 });
      expect(page.items.map((v) => v.pairId)).toEqual([PAIR]);
      expect((await stores.readModel.stats()).byCountryPair["RU-US"]).toMatchObject({
        total: 1,
        suspended: 1,
      });
    } finally {
      await poller.stop();
    }
  });

  it("applies a redelivered batch, reordered, without changing anything", async () => {
    const { stores, ledger, handler, poller, captured } = await setup();
    try {
      await registerAndSuspend(ledger);
      await poller.idle();
      const before = await stores.readModel.get(PAIR);
      const stats = await stores.readModel.stats();
      const out = await handler({ Records: [...captured].reverse() });
      expect(out.batchItemFailures).toEqual([]);
      expect(await stores.readModel.get(PAIR)).toEqual(before);
      expect(await stores.readModel.stats()).toEqual(stats);
    } finally {
      await poller.stop();
    }
  });

  it("fills a gap from the events table when a record arrives before its predecessor", async () => {
    const { stores, ledger, poller, captured } = await setup();
    await registerAndSuspend(ledger);
    await poller.idle();
    await poller.stop();
    // A second projector over an empty read model sees only the newest record.
    const readModel = await freshReadModel();
    const handler = projectInto(stores.eventStore, readModel);
    const newest = captured.filter((r) => r.dynamodb?.Keys?.version?.N === "2");
    const out = await handler({ Records: newest });
    expect(out.batchItemFailures).toEqual([]);
    const events = (await stores.eventStore.readStream(PAIR)).map(toDomainEvent);
    expect(await readModel.get(PAIR)).toEqual(docOf(events));
  });

  it("reports a failing pair's first record, so that it and what follows are delivered again", async () => {
    const { stores, ledger, poller, captured } = await setup();
    await registerAndSuspend(ledger);
    await poller.idle();
    await poller.stop();
    let fail = true;
    const readModel = await freshReadModel();
    const flaky = {
      ...readModel,
      save: (n: never, p: never) => (fail ? Promise.reject(new Error("injected")) : readModel.save(n, p)),
      saveMany: (saves: never) => (fail ? Promise.reject(new Error("injected")) : readModel.saveMany(saves)),
    };
    const handler = projectInto(stores.eventStore, flaky);
    const events = captured.filter((r) => !r.dynamodb?.Keys?.pairId?.S?.startsWith("$"));
    const first = await handler({ Records: events });
    // One pair: its first record of the batch (Lambda redelivers from the lowest one reported).
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      events[0]?.dynamodb?.SequenceNumber,
    ]);
    fail = false;
    const second = await handler({ Records: events });
    expect(second.batchItemFailures).toEqual([]);
    expect((await readModel.get(PAIR))?.view.status).toBe("suspended");
  });

  it("re-reads and retries when its save is cancelled by a TransactionConflict on the shared counters", async () => {
    const { stores, ledger, poller, captured } = await setup();
    await registerAndSuspend(ledger);
    await poller.idle();
    await poller.stop();
    const faulty = createDocumentClient({ endpoint: ddb.endpoint, region: "us-east-1" });
    // AWS cancels a transaction that meets another one on the same item; DynamoDB Local never does.
    injectFaults(
      faulty,
      faultsAt([
        {
          command: "TransactWriteItemsCommand",
          indexOfCommand: 0,
          fault: { kind: "TransactionConflict", when: "before" },
        },
        {
          command: "TransactWriteItemsCommand",
          indexOfCommand: 1,
          fault: { kind: "TransactionConflict", when: "before" },
        },
      ]),
    );
    const readModel = await freshReadModel(faulty);
    const handler = projectInto(stores.eventStore, readModel);
    const out = await handler({ Records: captured });
    expect(out.batchItemFailures).toEqual([]);
    const events = (await stores.eventStore.readStream(PAIR)).map(toDomainEvent);
    expect(await readModel.get(PAIR)).toEqual(docOf(events));
    expect((await readModel.stats()).total).toMatchObject({ total: 1, suspended: 1 });
  });
});

describe("a batch of many pairs", () => {
  it("converges to the replay when its records are reordered across pairs but not within one", async () => {
    const { stores, ledger, poller, captured } = await setup();
    const cities = ["Aachen", "Bonn", "Celle", "Essen", "Fulda", "Gera"] as const;
    try {
      for (const name of cities) {
        const out = await ledger.execute(
          undefined,
          {
            kind: "register",
            data: {
              cityA: { name, country: "DE" },
              cityB: moscow,
              relationship: "sister-city",
              effectiveDate: "1990",
              actor: { side: "both" },
              sources: src,
            },
          },
          { recordedBy: "test" },
        );
        if (!out.ok) throw new Error(out.error.message);
        for (const [type, day] of [
          ["suspended", "2022-03-01"],
          ["terminated", "2022-05-01"],
        ] as const)
          await ledger.execute(
            out.value.pairId,
            { kind: "record", type, data: { effectiveDate: day, actor: { side: "both" }, sources: src } },
            { recordedBy: "test" },
          );
      }
      await poller.idle();
    } finally {
      await poller.stop();
    }
    const events = captured.filter((r) => !r.dynamodb?.Keys?.pairId?.S?.startsWith("$"));
    // Pairs in reverse order of writing, each pair's records still in order.
    const byPair = new Map<string, DynamoDBRecord[]>();
    for (const r of events) {
      const id = r.dynamodb?.Keys?.pairId?.S as string;
      byPair.set(id, [...(byPair.get(id) ?? []), r]);
    }
    const lanes = [...byPair.values()].reverse();
    const reordered: DynamoDBRecord[] = [];
    for (let i = 0; lanes.some((l) => i < l.length); i++)
      for (const l of lanes) {
        const r = l[i];
        if (r) reordered.push(r);
      }
    expect(reordered.map((r) => r.dynamodb?.SequenceNumber)).not.toEqual(
      events.map((r) => r.dynamodb?.SequenceNumber),
    );

    const readModel = await freshReadModel();
    const handler = projectInto(stores.eventStore, readModel);
    expect((await handler({ Records: reordered })).batchItemFailures).toEqual([]);
    for (const pairId of byPair.keys()) {
      const replayed = (await stores.eventStore.readStream(pairId)).map(toDomainEvent);
      expect(await readModel.get(pairId)).toEqual(docOf(replayed));
    }
    expect(await readModel.history()).toEqual(await stores.readModel.history());
    expect((await runReplay(stores.eventStore, readModel, { mode: "compare" })).clean).toBe(true);
    expect((await readModel.statsAsOf("2022-04-01")).byCountryPair["DE-RU"]).toMatchObject({
      total: cities.length,
      suspended: cities.length,
    });
  });
});
