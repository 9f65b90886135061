/**
 * Shard lineage, pagination and iterator expiry, which DynamoDB Local does not produce on demand
 * (its stream keeps one shard for hours), checked against a scripted stream that behaves like
 * DynamoDB Streams: closed shards end with no NextShardIterator, children appear over time.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startStreamPoller } from "../../infra/local/stream-poller.js";

const STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/events/stream/2026-01-01T00:00:00.000";

interface ScriptedShard {
  id: string;
  parent?: string;
  versions: number[];
  closed: boolean;
  /** Listed only once the poller has delivered this version. */
  appearsAfter?: number;
}

function record(version: number): _Record {
  return {
    eventID: `e${version}`,
    eventName: "INSERT",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "ddblocal",
    dynamodb: {
      ApproximateCreationDateTime: new Date(1_767_225_600_000),
      Keys: { pairId: { S: "p" }, version: { N: String(version) } },
      NewImage: { pairId: { S: "p" }, version: { N: String(version) } },
      SequenceNumber: String(version).padStart(21, "0"),
      SizeBytes: 20,
      StreamViewType: "NEW_IMAGE",
    },
  };
}

/** A fake DynamoDB Streams: one shard per DescribeStream page, iterators "shardId|position". */
function scriptedStream(shards: ScriptedShard[], delivered: () => number[]) {
  let expireNextGetRecordsOn: string | undefined = shards.at(-1)?.id;
  const byId = (id: string) => shards.find((s) => s.id === id) as ScriptedShard;
  const listed = () =>
    shards.filter((s) => s.appearsAfter === undefined || delivered().includes(s.appearsAfter));
  const send = async (command: unknown) => {
    if (command instanceof DescribeStreamCommand) {
      const visible = listed();
      const start = command.input.ExclusiveStartShardId;
      const index = start === undefined ? 0 : visible.findIndex((s) => s.id === start) + 1;
      const shard = visible[index];
      const page = shard === undefined ? [] : [shard];
      return {
        StreamDescription: {
          StreamArn: STREAM_ARN,
          Shards: page.map((s) => ({ ShardId: s.id, ...(s.parent ? { ParentShardId: s.parent } : {}) })),
          ...(index + 1 < visible.length && shard ? { LastEvaluatedShardId: shard.id } : {}),
        },
      };
    }
    if (command instanceof GetShardIteratorCommand) {
      const shard = byId(command.input.ShardId as string);
      const after = command.input.SequenceNumber;
      const position = after === undefined ? 0 : shard.versions.indexOf(Number(after)) + 1;
      return { ShardIterator: `${shard.id}|${position}` };
    }
    if (command instanceof GetRecordsCommand) {
      const [id, at] = (command.input.ShardIterator as string).split("|");
      const shard = byId(id as string);
      if (expireNextGetRecordsOn === shard.id) {
        expireNextGetRecordsOn = undefined;
        throw new ExpiredIteratorException({ message: "Iterator expired", $metadata: {} });
      }
      const position = Number(at);
      const page = shard.versions.slice(position, position + (command.input.Limit ?? 100));
      const end = position + page.length;
      const drained = end >= shard.versions.length;
      return {
        Records: page.map(record),
        ...(shard.closed && drained ? {} : { NextShardIterator: `${shard.id}|${end}` }),
      };
    }
    throw new Error(`unexpected command ${String(command)}`);
  };
  const streams = { send, config: { region: async () => "us-east-1" } } as unknown as DynamoDBStreamsClient;
  const dynamodb = {
    send: async () => ({ Table: { LatestStreamArn: STREAM_ARN } }),
  } as unknown as DynamoDBClient;
  return { streams, dynamodb };
}

describe("stream poller shard lineage", () => {
  it("reads a parent shard to its end before its children and follows shards that appear later", async () => {
    const batches: { versions: number[] }[] = [];
    const delivered = () => batches.flatMap((b) => b.versions);
    const { streams, dynamodb } = scriptedStream(
      [
        // Listed child first: the order must come from the lineage, not from the listing.
        { id: "shard-child", parent: "shard-parent", versions: [4, 5], closed: true },
        { id: "shard-parent", versions: [1, 2, 3], closed: true },
        { id: "shard-grandchild", parent: "shard-child", versions: [6, 7], closed: false, appearsAfter: 5 },
      ],
      delivered,
    );
    const handler = async (event: DynamoDBStreamEvent) => {
      batches.push({ versions: event.Records.map((r) => Number(r.dynamodb?.NewImage?.version?.N)) });
    };
    const poller = startStreamPoller({
      streams,
      dynamodb,
      tableName: "events",
      handler,
      batchSize: 2,
      pollIntervalMs: 10,
      describeIntervalMs: 0,
      onError: () => {},
    });
    try {
      await poller.idle();
    } finally {
      await poller.stop();
    }

    expect(delivered()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches.map((b) => b.versions)).toEqual([[1, 2], [3], [4, 5], [6, 7]]);
  });

  it("after a restart skips finished shards and resumes the open one after its last handled record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lineage-"));
    try {
      const checkpointFile = join(dir, "checkpoint.json");
      const shards: ScriptedShard[] = [
        { id: "shard-old", versions: [1, 2], closed: true },
        { id: "shard-new", parent: "shard-old", versions: [3, 4], closed: false },
      ];
      const runOnce = async () => {
        const versions: number[] = [];
        const { streams, dynamodb } = scriptedStream(shards, () => versions);
        const poller = startStreamPoller({
          streams,
          dynamodb,
          tableName: "events",
          handler: async (event) => {
            versions.push(...event.Records.map((r) => Number(r.dynamodb?.NewImage?.version?.N)));
          },
          checkpointFile,
          pollIntervalMs: 10,
          onError: () => {},
        });
        try {
          await poller.idle();
        } finally {
          await poller.stop();
        }
        return versions;
      };

      const first = await runOnce();
      shards[1]?.versions.push(5, 6);
      const second = await runOnce();

      expect(first).toEqual([1, 2, 3, 4]);
      expect(second).toEqual([5, 6]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects idle() waiters when the checkpoint file cannot be read, instead of hanging", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lineage-"));
    try {
      const checkpointFile = join(dir, "checkpoint.json");
      await writeFile(checkpointFile, "{not json");
      const errors: unknown[] = [];
      const { streams, dynamodb } = scriptedStream([{ id: "s", versions: [1], closed: false }], () => []);
      const poller = startStreamPoller({
        streams,
        dynamodb,
        tableName: "events",
        handler: async () => {},
        checkpointFile,
        onError: (error) => errors.push(error),
      });

      await expect(poller.idle()).rejects.toThrow("stopped");
      await poller.stop();
      expect(errors).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
