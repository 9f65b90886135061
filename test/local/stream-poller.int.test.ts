import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StreamPoller, startStreamPoller } from "../../infra/local/stream-poller.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const local = useDynamoDbLocal();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "stream-poller-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function putEvents(table: string, pairId: string, versions: number[]): Promise<void> {
  for (const version of versions) {
    await local.dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pairId: { S: pairId },
          version: { N: String(version) },
          type: { S: "PairingRecorded" },
          payload: { M: { cities: { L: [{ S: "Kyoto" }, { S: "Paris" }] }, active: { BOOL: true } } },
          digest: { B: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
        },
      }),
    );
  }
}

type Handler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

function poll(tableName: string, handler: Handler, checkpointFile?: string): StreamPoller {
  return startStreamPoller({
    streams: local.streams,
    dynamodb: local.dynamodb,
    tableName,
    handler,
    ...(checkpointFile ? { checkpointFile } : {}),
    pollIntervalMs: 50,
    onError: () => {},
  });
}

const versionOf = (r: DynamoDBRecord) => Number(r.dynamodb?.NewImage?.version?.N);

/** A handler that records every batch it sees (as the versions it carried). */
function recorder(
  respond: (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | void = () => {},
) {
  const batches: number[][] = [];
  const records: DynamoDBRecord[] = [];
  const handler: Handler = async (event) => {
    batches.push(event.Records.map(versionOf));
    records.push(...event.Records);
    return respond(event, batches.length);
  };
  return { handler, batches, records, delivered: () => batches.flat() };
}

describe("stream poller against DynamoDB Local", () => {
  it("delivers inserted events in order, in the shape Lambda gives a stream handler", async () => {
    const tables = await local.freshTables();
    await putEvents(tables.events, "pair-1", [1, 2, 3]);
    const seen = recorder();
    const poller = poll(tables.events, seen.handler);
    try {
      await poller.idle();
      await putEvents(tables.events, "pair-1", [4, 5]);
      await poller.idle();
    } finally {
      await poller.stop();
    }

    expect(seen.delivered()).toEqual([1, 2, 3, 4, 5]);
    const record = seen.records[0];
    expect(record).toMatchObject({
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      eventSourceARN: expect.stringMatching(new RegExp(`table/${tables.events}/stream/`)),
      dynamodb: {
        Keys: { pairId: { S: "pair-1" }, version: { N: "1" } },
        NewImage: {
          pairId: { S: "pair-1" },
          version: { N: "1" },
          type: { S: "PairingRecorded" },
          payload: { M: { cities: { L: [{ S: "Kyoto" }, { S: "Paris" }] }, active: { BOOL: true } } },
          digest: { B: "3q2+7w==" },
        },
        StreamViewType: "NEW_IMAGE",
      },
    });
    expect(typeof record?.eventID).toBe("string");
    expect(typeof record?.dynamodb?.SizeBytes).toBe("number");
    // Lambda gives epoch seconds as a number; the SDK would give a Date.
    const created = record?.dynamodb?.ApproximateCreationDateTime;
    expect(Number.isInteger(created)).toBe(true);
    expect(Math.abs((created ?? 0) - Date.now() / 1000)).toBeLessThan(3600);
    const sequenceNumbers = seen.records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? "0"));
    expect([...sequenceNumbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequenceNumbers);
    // The result must survive JSON, as a real Lambda event does.
    expect(JSON.parse(JSON.stringify(seen.records))).toEqual(seen.records);
  });

  it("redelivers the first reported batch item failure and every later record, but not earlier ones", async () => {
    const tables = await local.freshTables();
    await putEvents(tables.events, "pair-2", [1, 2, 3, 4, 5]);
    const seen = recorder((event, call) => {
      if (call !== 1) return;
      const failed = event.Records.find((r) => versionOf(r) === 3);
      return { batchItemFailures: [{ itemIdentifier: failed?.dynamodb?.SequenceNumber ?? "" }] };
    });
    const poller = poll(tables.events, seen.handler);
    try {
      await poller.idle();
    } finally {
      await poller.stop();
    }

    expect(seen.batches).toEqual([
      [1, 2, 3, 4, 5],
      [3, 4, 5],
    ]);
  });

  it("redelivers the whole batch when the handler throws", async () => {
    const tables = await local.freshTables();
    await putEvents(tables.events, "pair-3", [1, 2]);
    const seen = recorder((_event, call) => {
      if (call === 1) throw new Error("projector unavailable");
    });
    const poller = poll(tables.events, seen.handler);
    try {
      await poller.idle();
    } finally {
      await poller.stop();
    }

    expect(seen.batches).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it("resumes after a restart from the checkpoint file without redelivering processed records", async () => {
    const tables = await local.freshTables();
    const checkpointFile = join(dir, "resume", "checkpoint.json");
    await putEvents(tables.events, "pair-4", [1, 2, 3]);
    const first = recorder();
    const before = poll(tables.events, first.handler, checkpointFile);
    try {
      await before.idle();
    } finally {
      await before.stop();
    }
    await putEvents(tables.events, "pair-4", [4, 5]);

    const second = recorder();
    const after = poll(tables.events, second.handler, checkpointFile);
    try {
      await after.idle();
    } finally {
      await after.stop();
    }

    expect(first.delivered()).toEqual([1, 2, 3]);
    expect(second.delivered()).toEqual([4, 5]);
    const saved = JSON.parse(await readFile(checkpointFile, "utf8"));
    expect(saved.streamArn).toBe(first.records[0]?.eventSourceARN);
    expect(Object.values(saved.shards)).toContainEqual({
      sequenceNumber: second.records.at(-1)?.dynamodb?.SequenceNumber,
    });
  });

  it("resumes after a restart in the middle of a partial failure from the last record before it", async () => {
    const tables = await local.freshTables();
    const checkpointFile = join(dir, "partial", "checkpoint.json");
    await putEvents(tables.events, "pair-5", [1, 2, 3, 4]);
    const failing = recorder((event) => {
      const failed = event.Records.find((r) => versionOf(r) === 3);
      return { batchItemFailures: [{ itemIdentifier: failed?.dynamodb?.SequenceNumber ?? "" }] };
    });
    const before = poll(tables.events, failing.handler, checkpointFile);
    // Wait for the first (failing) delivery, then stop while the poller is backing off.
    await new Promise<void>((resolve) => {
      const check = () => (failing.batches.length > 0 ? resolve() : setTimeout(check, 20));
      check();
    });
    await before.stop();

    const healthy = recorder();
    const after = poll(tables.events, healthy.handler, checkpointFile);
    try {
      await after.idle();
    } finally {
      await after.stop();
    }

    expect(failing.batches[0]).toEqual([1, 2, 3, 4]);
    expect(healthy.delivered()).toEqual([3, 4]);
  });

  it("delivers records of many items in batches no larger than the batch size, in write order", async () => {
    const tables = await local.freshTables();
    const versions = Array.from({ length: 25 }, (_, i) => i + 1);
    await putEvents(tables.events, "pair-6", versions);
    const seen = recorder();
    const poller = startStreamPoller({
      streams: local.streams,
      dynamodb: local.dynamodb,
      tableName: tables.events,
      handler: seen.handler,
      batchSize: 10,
      pollIntervalMs: 50,
    });
    try {
      await poller.idle();
    } finally {
      await poller.stop();
    }

    expect(seen.delivered()).toEqual(versions);
    expect(Math.max(...seen.batches.map((b) => b.length))).toBeLessThanOrEqual(10);
  });
});
