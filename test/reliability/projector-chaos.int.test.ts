/**
 * Projector chaos, as a property. The REAL stream handler (createStreamHandler + createProjector
 * over DynamoDB Local stores) is fed records read once from DynamoDB Local's own stream, in
 * random schedules: duplicated, reordered, gapped and partially failed batches, faults before and
 * after read-model writes, and crashes mid-batch (the invocation dies after a write landed). Then
 * the stream is redelivered as Lambda would (in order, from the first failed record), and the read
 * model — documents, list entries and counters — must equal a full replay (docOf over all events).
 * FC_RUNS sets the number of schedules.
 */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { BatchWriteCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { docOf, toDomainEvent, type Command, type PairDoc, type StoredEvent } from "../../domain/index.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { runReplay } from "../../functions/audit/replay.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { eventOfRecord } from "../../functions/adapters/dynamodb/stream-records.js";
import { createStreamHandler } from "../../functions/projector/handler-core.js";
import { createProjector } from "../../functions/projector/projector.js";
import { toLambdaRecord } from "../../infra/local/stream-poller.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import {
  OPERATOR,
  allStreams,
  dynamoLedger,
  registerCommand,
  type DynamoLedger,
} from "../support/builders.js";

const local = useDynamoDbLocal();
const RUNS = Number(process.env.FC_RUNS ?? 200);

let tables: { events: string; readModel: string };
let wired: DynamoLedger;
/** The events table's stream as Lambda would receive it, in stream order. */
let records: DynamoDBRecord[];
/** The expected read model: a full replay of every pair's events. */
let replayed: Map<string, PairDoc>;

const source = (c: string) => ({ actor: { side: "operator" }, sources: [{ citation: c }] });
const record = (type: string, effectiveDate: string, extra: object = {}): Command =>
  ({
    kind: "record",
    type,
    data: { effectiveDate, ...source(`${type} ${effectiveDate}`), ...extra },
  }) as Command;

/** Writes a small but varied history: status changes, kept decisions, a retraction, a keyed write. */
async function writeWorkload(l: DynamoLedger) {
  const histories: Command[][] = [
    [
      record("suspended", "2022-03-01", { condition: "until the war ends" }),
      record("change-proposed", "2022-06", { proposed: "terminated" }),
      record("reinstated", "2023-01-15"),
      { kind: "retract", data: { retracts: 4, reason: "the reinstatement was a council rumour" } } as Command,
    ],
    [record("marked-dormant", "2015"), record("reactivated", "2019-04"), record("terminated", "2022-03-05")],
    [record("reaffirmed", "2021-09-01"), record("motion-failed", "2022-04-12", { proposed: "suspended" })],
  ];
  for (const [i, history] of histories.entries()) {
    const reg = await l.ledger.execute(undefined, registerCommand(i, "chaos"), { recordedBy: OPERATOR });
    if (!reg.ok) throw new Error(`register: ${reg.error.code}`);
    for (const [j, command] of history.entries()) {
      // One keyed write per pair: its idempotency item is in the stream too, and must be skipped.
      const out = await l.ledger.execute(reg.value.pairId, command, {
        recordedBy: OPERATOR,
        ...(j === 0 ? { idempotencyKey: `chaos-key-${i}` } : {}),
      });
      if (!out.ok) throw new Error(`${command.kind}: ${JSON.stringify(out.error)}`);
    }
  }
}

/** Every record of the table's stream, read once from DynamoDB Local, as Lambda shapes them. */
async function readWholeStream(tableName: string): Promise<DynamoDBRecord[]> {
  const table = await local.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = table.Table?.LatestStreamArn as string;
  const description = await local.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  const out: DynamoDBRecord[] = [];
  for (const shard of description.StreamDescription?.Shards ?? []) {
    let iterator = (
      await local.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shard.ShardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const page = await local.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      out.push(...(page.Records ?? []).map((r) => toLambdaRecord(r, arn, "ddblocal")));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  const seq = (r: DynamoDBRecord) => BigInt(r.dynamodb?.SequenceNumber ?? "0");
  return out.sort((a, b) => (seq(a) < seq(b) ? -1 : seq(a) > seq(b) ? 1 : 0));
}

async function clearReadModel() {
  const out = await local.doc.send(new ScanCommand({ TableName: tables.readModel, ConsistentRead: true }));
  const keys = (out.Items ?? []).map((i) => ({ pk: i.pk, sk: i.sk }));
  for (let i = 0; i < keys.length; i += 25)
    await local.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.readModel]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
        },
      }),
    );
}

beforeAll(async () => {
  tables = await local.freshTables();
  wired = dynamoLedger(local.endpoint, tables);
  await writeWorkload(wired);
  records = await readWholeStream(tables.events);
  const streams = await allStreams(wired.eventStore);
  replayed = new Map(
    [...streams].map(([pairId, events]) => [pairId, docOf(events.map(toDomainEvent)) as PairDoc]),
  );
});

/** What goes wrong in one read-model call of the chaos phase. */
type Fault = "none" | "fail-before" | "fail-after" | "crash-after";

interface Schedule {
  readonly batches: { readonly picks: number[] }[];
  /** Faults by the index of the read-model call (get, save, getMany, saveMany) in the chaos phase. */
  readonly faults: Fault[];
  /** Batch size of the final, in-order redelivery. */
  readonly redeliveryBatch: number;
  /** Faults in the redelivery phase (by call index); it retries until everything succeeds. */
  readonly redeliveryFaults: Fault[];
}

const scheduleArb = (n: number): fc.Arbitrary<Schedule> => {
  const window = fc
    .record({
      start: fc.nat({ max: n - 1 }),
      size: fc.integer({ min: 1, max: 8 }),
      dup: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
      drop: fc.array(fc.nat({ max: 7 }), { maxLength: 3 }),
      shuffle: fc.boolean(),
      seed: fc.nat(),
    })
    .map(({ start, size, dup, drop, shuffle, seed }) => {
      // A window of the stream, with gaps (drops), duplicates from anywhere, maybe reordered.
      let picks = Array.from({ length: Math.min(size, n - start) }, (_, i) => start + i).filter(
        (_, i) => !drop.includes(i),
      );
      picks = [...picks, ...dup];
      if (shuffle) picks = shuffleWith(picks, seed);
      return { picks };
    });
  const fault = fc.oneof(
    { weight: 6, arbitrary: fc.constant<Fault>("none") },
    { weight: 1, arbitrary: fc.constantFrom<Fault>("fail-before", "fail-after", "crash-after") },
  );
  return fc.record({
    batches: fc.array(window, { minLength: 1, maxLength: 6 }),
    faults: fc.array(fault, { maxLength: 60 }),
    redeliveryBatch: fc.integer({ min: 1, max: 10 }),
    redeliveryFaults: fc.array(fault, { maxLength: 12 }),
  });
};

function shuffleWith<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

class Crash extends Error {}

/** The read model with faults injected by call index; a crash kills the rest of the invocation. */
function faultyReadModel(real: ReadModelStore, faults: () => Fault[]) {
  let calls = 0;
  let dead = false;
  const around = async <T>(op: () => Promise<T>): Promise<T> => {
    if (dead) throw new Crash("the invocation already crashed");
    const f = faults()[calls++] ?? "none";
    if (f === "fail-before") throw new Error("injected read-model failure before the call");
    const out = await op();
    if (f === "fail-after") throw new Error("injected failure after the call landed (lost answer)");
    if (f === "crash-after") {
      dead = true;
      throw new Crash("injected crash after the call landed");
    }
    return out;
  };
  const store: ReadModelStore = {
    ...real,
    get: (pairId) => around(() => real.get(pairId)),
    save: (next, previous) => around(() => real.save(next, previous)),
    getMany: (pairIds) => around(() => real.getMany(pairIds)),
    saveMany: (saves) => around(() => real.saveMany(saves)),
  };
  return {
    store,
    /** A new invocation: a crashed process is replaced by a fresh one. */
    revive() {
      dead = false;
    },
    crashed: () => dead,
    reset() {
      calls = 0;
      dead = false;
    },
  };
}

const eventOf = (r: DynamoDBRecord) => eventOfRecord(r);

describe("projector chaos over DynamoDB Local", () => {
  it("reads a real stream with every event of the workload and the idempotency items", () => {
    const events = records.map(eventOf).filter((e): e is StoredEvent => e !== undefined);
    expect(events.length).toBe([...replayed.values()].reduce((n, d) => n + d.entries.length, 0));
    expect(records.length).toBeGreaterThan(events.length); // the idempotency items
  });

  it(
    `makes the read model equal a full replay after ${RUNS} random schedules of duplicated, reordered, gapped, failed and crashed deliveries`,
    async () => {
      const readModel = createDynamoReadModel(local.doc, tables.readModel);
      let phase: Fault[] = [];
      const faulty = faultyReadModel(readModel, () => phase);
      const handler = createStreamHandler(
        createProjector({ eventStore: wired.eventStore, readModel: faulty.store }),
        eventOfRecord,
      );

      /** One invocation; returns the index of the first record to redeliver, or undefined. */
      async function invoke(batch: DynamoDBRecord[]): Promise<number | undefined> {
        faulty.revive();
        const event: DynamoDBStreamEvent = { Records: batch };
        const response = await handler(event);
        if (faulty.crashed()) return 0; // the invocation died: Lambda retries the whole batch
        const failed = response.batchItemFailures.map((f) =>
          batch.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
        );
        return failed.length ? Math.min(...failed) : undefined;
      }

      await fc.assert(
        fc.asyncProperty(scheduleArb(records.length), async (schedule) => {
          await clearReadModel();
          faulty.reset();
          // Chaos: whatever the schedule says, answers ignored (as if another poller got them).
          phase = schedule.faults;
          for (const b of schedule.batches) await invoke(b.picks.map((i) => records[i] as DynamoDBRecord));
          // Redelivery as Lambda does it: in order, a batch at a time, again from the first failure.
          faulty.reset();
          phase = schedule.redeliveryFaults;
          let pos = 0;
          for (let rounds = 0; pos < records.length; rounds++) {
            if (rounds > 200) throw new Error("redelivery does not converge");
            const batch = records.slice(pos, pos + schedule.redeliveryBatch);
            const firstFailed = await invoke(batch);
            pos += firstFailed ?? batch.length;
          }
          await expectReplayed(readModel);
        }),
        { numRuns: RUNS },
      );
      // The audit's own check of the last schedule's read model: nothing differs from a replay.
      const report = await runReplay(wired.eventStore, readModel, { mode: "compare" });
      expect({
        differing: report.differing,
        missing: report.missing,
        statsDiffer: report.statsDiffer,
      }).toEqual({
        differing: [],
        missing: [],
        statsDiffer: [],
      });
      expect(report.clean).toBe(true);
    },
    60_000 + RUNS * 1_000,
  );
});

/** Documents, list entries and counters all equal those of a full replay. */
async function expectReplayed(readModel: ReadModelStore) {
  const expectedStore = createMemoryReadModel();
  for (const [pairId, expected] of replayed) {
    expect(await readModel.get(pairId), pairId).toEqual(expected);
    await expectedStore.save(expected, undefined);
  }
  const listed = await readModel.list({}, { limit: 100 });
  expect([...listed.items].sort((a, b) => (a.pairId < b.pairId ? -1 : 1))).toEqual(
    (await expectedStore.list({}, { limit: 100 })).items,
  );
  expect(await readModel.stats()).toEqual(await expectedStore.stats());
  expect(await readModel.history()).toEqual(await expectedStore.history());
}
