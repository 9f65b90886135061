/**
 * Polls a DynamoDB (Local) table's stream and feeds the records, in the exact shape AWS Lambda
 * delivers them, to a stream handler — so the deployed projector runs unchanged on a laptop.
 * This module is the loop (delivery, redelivery with backoff, parking, idle); its parts are beside
 * it: the checkpoint file (stream-checkpoint.ts), the record conversion (lambda-records.ts) and
 * the shard list (stream-shards.ts).
 */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { appendDeadLetter } from "../../functions/projector/dead-letters.js";
import { backoffDelay } from "../../functions/shared/backoff.js";
import { toLambdaRecord } from "./lambda-records.js";
import { listShards, readyShards } from "./stream-shards.js";
import {
  type CheckpointFile,
  loadCheckpoint,
  saveCheckpoint as writeCheckpoint,
} from "./stream-checkpoint.js";

export { toLambdaRecord };

// biome-ignore lint/suspicious/noConfusingVoidType: Lambda's handler type: a handler may return nothing (no partial batch report)
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  readonly streams: DynamoDBStreamsClient;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** JSON file holding the last processed sequence number per shard; none = start at TRIM_HORIZON. */
  readonly checkpointFile?: string;
  /** Pause between passes that found nothing (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** GetRecords Limit, i.e. the largest batch handed to the handler (default 100, like Lambda). */
  readonly batchSize?: number;
  /** Region written into the records (default: the streams client's; DynamoDB Local says "ddblocal"). */
  readonly awsRegion?: string;
  /** How often the shard list is refreshed while busy (default 5 s); idle() forces a refresh. */
  readonly describeIntervalMs?: number;
  /**
   * Where records that still fail after `maxAttempts` deliveries (and once more alone) are parked,
   * so that the records behind them go on; without it, a failing record is retried forever.
   */
  readonly deadLetterFile?: string;
  /** Deliveries of a failing record before it is tried alone and then parked (default 5). */
  readonly maxAttempts?: number;
  /** Called for handler failures and AWS errors; the poller itself keeps going. */
  readonly onError?: (error: unknown, context: { shardId?: string; phase: string }) => void;
}

export interface StreamPoller {
  /** Stops after the batch in flight; resolves when the loop has ended. */
  stop(): Promise<void>;
  /** Resolves after a full pass, begun after this call, found every shard caught up. */
  idle(): Promise<void>;
}

interface ShardState {
  iterator?: string;
  failures: number;
  retryAt: number;
  /** The record that failed last, and how many deliveries in a row it failed. */
  failedSequence?: string;
  attempts: number;
}

/** Waits between redeliveries of a failing shard: 100 ms doubling to 5 s, as steady as Lambda's. */
const BACKOFF = { baseMs: 100, maxMs: 5_000, jitter: false } as const;

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const describeIntervalMs = options.describeIntervalMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const onError = options.onError ?? ((error, ctx) => console.error(`[stream-poller] ${ctx.phase}`, error));

  let stopped = false;
  let wake: (() => void) | undefined;
  let passNumber = 0;
  let streamArn: string | undefined;
  let region: string | undefined = options.awsRegion;
  let shards: Shard[] = [];
  let lastDescribe = 0;
  let checkpoint: CheckpointFile = { shards: {} };
  const states = new Map<string, ShardState>();
  const idleWaiters: { afterPass: number; resolve: () => void; reject: (e: Error) => void }[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  async function saveCheckpoint(): Promise<void> {
    if (options.checkpointFile !== undefined) await writeCheckpoint(options.checkpointFile, checkpoint);
  }

  async function refreshShards(): Promise<void> {
    const table = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (arn === undefined) throw new Error(`Table ${options.tableName} has no stream`);
    if (arn !== streamArn) {
      // A recreated table has a new stream: the old checkpoints mean nothing there.
      streamArn = arn;
      states.clear();
      if (checkpoint.streamArn !== arn) checkpoint = { streamArn: arn, shards: {} };
    }
    const listed = await listShards(options.streams, arn);
    shards = listed;
    lastDescribe = Date.now();
    // Forget checkpoints of shards trimmed from the stream (24 h retention), so the file stays small.
    const live = new Set(listed.map((s) => s.ShardId));
    for (const id of Object.keys(checkpoint.shards)) if (!live.has(id)) delete checkpoint.shards[id];
  }

  const isFinished = (shardId: string) => checkpoint.shards[shardId]?.finished === true;

  function stateOf(shardId: string): ShardState {
    let state = states.get(shardId);
    if (state === undefined) {
      state = { failures: 0, retryAt: 0, attempts: 0 };
      states.set(shardId, state);
    }
    return state;
  }

  async function getIterator(arn: string, shardId: string): Promise<string | undefined> {
    const after = checkpoint.shards[shardId]?.sequenceNumber;
    try {
      const out = await options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shardId,
          ...(after === undefined
            ? { ShardIteratorType: "TRIM_HORIZON" }
            : { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }),
        }),
      );
      return out.ShardIterator;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException && after !== undefined) {
        // The checkpointed record aged out of the stream: resume at the oldest one still there.
        onError(error, { shardId, phase: "checkpoint trimmed, restarting at TRIM_HORIZON" });
        delete checkpoint.shards[shardId]?.sequenceNumber;
        return getIterator(arn, shardId);
      }
      throw error;
    }
  }

  async function markFinished(shardId: string): Promise<void> {
    checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], finished: true };
    states.delete(shardId);
    await saveCheckpoint();
  }

  /**
   * One GetRecords + handler call on a shard: how many records were handled, and whether the shard
   * is caught up (an empty read at the tip of an open shard — nothing else counts).
   */
  async function pollShard(arn: string, shardId: string): Promise<{ delivered: number; caughtUp: boolean }> {
    const state = stateOf(shardId);
    state.iterator ??= await getIterator(arn, shardId);
    if (state.iterator === undefined) {
      await markFinished(shardId);
      return { delivered: 0, caughtUp: false };
    }
    let page: Awaited<ReturnType<typeof getRecords>>;
    try {
      page = await getRecords(state.iterator);
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        delete state.iterator; // re-get from the checkpoint on the next pass
        return { delivered: 0, caughtUp: false };
      }
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length === 0) {
      // A closed shard ends with no next iterator: finished, and its children may start.
      if (page.NextShardIterator === undefined) {
        await markFinished(shardId);
        return { delivered: 0, caughtUp: false };
      }
      state.iterator = page.NextShardIterator;
      return { delivered: 0, caughtUp: true };
    }
    region ??= await options.streams.config.region();
    const event: DynamoDBStreamEvent = { Records: records.map((r) => toLambdaRecord(r, arn, region ?? "")) };
    const firstFailed = await deliver(event, shardId);
    if (firstFailed === undefined) {
      checkpoint.shards[shardId] = { sequenceNumber: lastSequenceNumber(event.Records) };
      state.failures = 0;
      state.attempts = 0;
      if (page.NextShardIterator === undefined) await markFinished(shardId);
      else {
        state.iterator = page.NextShardIterator;
        await saveCheckpoint();
      }
      return { delivered: records.length, caughtUp: false };
    }
    const failed = event.Records[firstFailed] as DynamoDBRecord;
    const sequence = failed.dynamodb?.SequenceNumber;
    state.attempts = state.failedSequence === sequence ? state.attempts + 1 : 1;
    state.failedSequence = sequence;
    if (options.deadLetterFile !== undefined && state.attempts >= maxAttempts) {
      await parkOrPass(failed, shardId, state);
      return { delivered: firstFailed + 1, caughtUp: false };
    }
    // Partial batch response: everything before the first failure is done; redeliver from there.
    if (firstFailed > 0) {
      checkpoint.shards[shardId] = {
        sequenceNumber: lastSequenceNumber(event.Records.slice(0, firstFailed)),
      };
      await saveCheckpoint();
    }
    delete state.iterator;
    state.failures += 1;
    state.retryAt = Date.now() + backoffDelay(state.failures, BACKOFF);
    return { delivered: firstFailed, caughtUp: false };
  }

  /**
   * As Lambda's bisect and on-failure destination: the record that kept failing is delivered
   * alone once more; if it still fails it is parked in the dead-letter file, loudly. Either way
   * the shard moves past it (everything before it was done), so nothing behind it waits.
   */
  async function parkOrPass(record: DynamoDBRecord, shardId: string, state: ShardState): Promise<void> {
    const alone = await deliver({ Records: [record] }, shardId);
    if (alone !== undefined) {
      const image = record.dynamodb?.Keys;
      const version = image?.version?.N;
      await appendDeadLetter(options.deadLetterFile as string, {
        parkedAt: new Date().toISOString(),
        shardId,
        ...(record.dynamodb?.SequenceNumber ? { sequenceNumber: record.dynamodb.SequenceNumber } : {}),
        ...(image?.pairId?.S ? { pairId: image.pairId.S } : {}),
        ...(version ? { version: Number(version) } : {}),
        attempts: state.attempts + 1,
        record,
      });
      onError(
        new Error(
          `PARKED stream record ${record.dynamodb?.SequenceNumber} (${image?.pairId?.S ?? "?"} v${version ?? "?"}) after ${state.attempts + 1} failed deliveries, in ${options.deadLetterFile}; \`ledger replay --repair\` mends it`,
        ),
        { shardId, phase: "parked a record that cannot be projected" },
      );
    }
    checkpoint.shards[shardId] = { sequenceNumber: record.dynamodb?.SequenceNumber };
    await saveCheckpoint();
    delete state.iterator;
    state.failures = 0;
    state.attempts = 0;
    delete state.failedSequence;
  }

  function getRecords(iterator: string) {
    return options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
  }

  /** Calls the handler; returns the index of the first record to redeliver, or undefined. */
  async function deliver(event: DynamoDBStreamEvent, shardId: string): Promise<number | undefined> {
    // biome-ignore lint/suspicious/noConfusingVoidType: what a StreamHandler returns
    let response: DynamoDBBatchResponse | void;
    try {
      response = await options.handler(event);
    } catch (error) {
      onError(error, { shardId, phase: "handler threw; redelivering the whole batch" });
      return 0;
    }
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) return undefined;
    const indexes = failures.map((f) =>
      event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
    );
    // As Lambda does: an identifier that matches no record fails the whole batch.
    const first = indexes.includes(-1) ? 0 : Math.min(...indexes);
    onError(new Error(`handler reported ${failures.length} failed record(s)`), {
      shardId,
      phase: "partial batch failure",
    });
    return first;
  }

  async function pass(): Promise<{ delivered: number; waiting: boolean }> {
    if (shards.length === 0 || Date.now() - lastDescribe >= describeIntervalMs || idleWaiters.length > 0) {
      await refreshShards();
    }
    const arn = streamArn;
    if (arn === undefined) return { delivered: 0, waiting: true };
    let delivered = 0;
    let waiting = false;
    // Shards one after another: never two batches of one shard at once, and parents before children.
    for (const shard of readyShards(shards, isFinished)) {
      if (stopped) break;
      const shardId = shard.ShardId as string;
      if (stateOf(shardId).retryAt > Date.now()) {
        waiting = true;
        continue;
      }
      try {
        const result = await pollShard(arn, shardId);
        delivered += result.delivered;
        waiting ||= !result.caughtUp;
      } catch (error) {
        waiting = true;
        const state = stateOf(shardId);
        delete state.iterator;
        state.failures += 1;
        state.retryAt = Date.now() + backoffDelay(state.failures, BACKOFF);
        onError(error, { shardId, phase: "reading shard" });
      }
    }
    return { delivered, waiting };
  }

  async function run(): Promise<void> {
    if (options.checkpointFile !== undefined) checkpoint = await loadCheckpoint(options.checkpointFile);
    while (!stopped) {
      passNumber += 1;
      const current = passNumber;
      let outcome = { delivered: 0, waiting: true };
      try {
        outcome = await pass();
      } catch (error) {
        onError(error, { phase: "describing stream" });
      }
      if (outcome.delivered === 0 && !outcome.waiting) {
        for (const waiter of idleWaiters.filter((w) => w.afterPass < current)) {
          idleWaiters.splice(idleWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      if (!stopped && outcome.delivered === 0) await sleep(pollIntervalMs);
    }
  }

  const loop = run()
    .catch((error) => onError(error, { phase: "poller loop" }))
    .finally(() => {
      // Ended by stop() or by an unreadable checkpoint file: nobody may wait forever.
      stopped = true;
      for (const waiter of idleWaiters.splice(0)) waiter.reject(new Error("stream poller stopped"));
    });

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
    idle() {
      if (stopped) return Promise.reject(new Error("stream poller stopped"));
      return new Promise<void>((resolve, reject) => {
        idleWaiters.push({ afterPass: passNumber, resolve, reject });
        wake?.();
      });
    },
  };
}

function lastSequenceNumber(records: DynamoDBRecord[]): string | undefined {
  return records.at(-1)?.dynamodb?.SequenceNumber;
}
