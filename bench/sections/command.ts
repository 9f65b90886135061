/**
 * The command path (ledger.execute over DynamoDB Local: read the stream, decide, hash, conditional
 * append) beside a bare conditional PutItem of an item of the same size on the same table, in the
 * same run, after the same warm-up. The ledger is built as the composition root builds it for a
 * warm process (with its stream cache). Also the DynamoDB requests per command, counted by SDK
 * middleware, warm and in a process that has not seen the pair.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { uuidv7 } from "../../functions/shared/uuidv7.js";
import type { StoredEvent } from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createLedger } from "../../functions/application/ledger.js";
import { buildLedger, createDocumentClient } from "../../functions/composition.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { countRoundTrips } from "../lib/round-trips.js";
import { latencyOf, median, runConcurrent, type Latency } from "../lib/stats.js";
import { OPERATOR, proposalCommand, registerCommand } from "../../test/support/builders.js";

export interface CommandResult {
  readonly pairs: number;
  readonly warmupPerSide: number;
  readonly ledger: { readonly latency: Latency; readonly throughput: number };
  readonly bare: { readonly latency: Latency; readonly throughput: number };
  /** A consistent Query of the pair's stream then the bare PutItem: a command's round trips alone. */
  readonly readPut: { readonly latency: Latency; readonly ledgerRatioP50: number };
  /** The same commands over the in-memory event store: the command path's own CPU, no I/O. */
  readonly inMemory: { readonly latency: Latency };
  /** Median over runs of ledger ÷ bare, each run's two sides measured back to back. */
  readonly ratios: {
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly throughput: number;
  };
  readonly roundTrips: {
    /** A registration of a new pair. */
    readonly register: number;
    readonly registerByOperation: Record<string, number>;
    readonly plain: number;
    readonly withIdempotencyKey: number;
    readonly plainByOperation: Record<string, number>;
    readonly keyedByOperation: Record<string, number>;
    /** The same in a process that has not seen the pair (no stream cache): the stream is read. */
    readonly cold: {
      readonly plain: number;
      readonly withIdempotencyKey: number;
      readonly plainByOperation: Record<string, number>;
      readonly keyedByOperation: Record<string, number>;
    };
  };
}

export async function benchCommand(ctx: BenchContext): Promise<CommandResult> {
  const { sizes } = ctx;
  const tables = await ctx.freshTables("cmd");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const counter = countRoundTrips(doc);
  const eventStore = createDynamoEventStore(doc, tables.events);
  const ledger = buildLedger(eventStore, { idempotencyTtlSeconds: 86_400 });

  // Many pairs, so that no stream grows long over the run (a real pair has a handful of events).
  const pairs = Math.max(500, sizes.concurrency * 50);
  ctx.log(`command: registering ${pairs} pairs (the ledger side of the warm-up)`);
  const pairIds: string[] = new Array(pairs);
  await runConcurrent(pairs, sizes.concurrency, async (i) => {
    const out = await ledger.execute(undefined, registerCommand(i, "cmd"), { recordedBy: OPERATOR });
    if (!out.ok) throw new Error(out.error.code);
    pairIds[i] = out.value.pairId;
  });
  const sample = (await eventStore.readStream(pairIds[0] as string))[0] as StoredEvent;

  let bareSeq = 0;
  const barePut = () => {
    const n = bareSeq++;
    // The same item as an event, under another key: same size, same condition.
    return doc.send(
      new PutCommand({
        TableName: tables.events,
        Item: { ...sample, pairId: `bare#${n}`, version: 1 },
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": "pairId" },
      }),
    );
  };
  // The same two round trips as a command, with nothing in between: what is left is our CPU.
  let readPutSeq = 0;
  const readPut = async () => {
    const n = readPutSeq++;
    await doc.send(
      new QueryCommand({
        TableName: tables.events,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": "pairId" },
        ExpressionAttributeValues: { ":pk": pairIds[n % pairs] },
        ConsistentRead: true,
      }),
    );
    await barePut();
  };
  let cmdSeq = 0;
  const command = async () => {
    const n = cmdSeq++;
    const out = await ledger.execute(pairIds[n % pairs] as string, proposalCommand(n), {
      recordedBy: OPERATOR,
    });
    if (!out.ok) throw new Error(`command failed: ${out.error.code}`);
  };

  ctx.log(`command: warming up the bare side with ${pairs} puts`);
  await runConcurrent(pairs, sizes.concurrency, barePut);

  const readPutRuns: number[][] = [];
  const ledgerRuns: { lat: number[]; tput: number }[] = [];
  const bareRuns: { lat: number[]; tput: number }[] = [];
  for (let r = 0; r < sizes.repeats; r++) {
    // Alternate which side goes first, so neither always gets the warmer JVM.
    const sides = r % 2 === 0 ? (["ledger", "bare"] as const) : (["bare", "ledger"] as const);
    for (const side of sides) {
      const task = side === "ledger" ? command : barePut;
      const seq = await runConcurrent(sizes.commands, 1, task);
      const par = await runConcurrent(sizes.throughputCommands, sizes.concurrency, task);
      (side === "ledger" ? ledgerRuns : bareRuns).push({
        lat: seq.latencies,
        tput: (sizes.throughputCommands * 1000) / par.wallMs,
      });
      if (side === "ledger") readPutRuns.push((await runConcurrent(sizes.commands, 1, readPut)).latencies);
      ctx.log(
        `command: run ${r + 1}/${sizes.repeats} ${side}: p50 ${latencyOf(seq.latencies).p50.toFixed(2)} ms, ${Math.round((sizes.throughputCommands * 1000) / par.wallMs)}/s`,
      );
    }
  }

  // Round trips: a plain command, then one with an Idempotency-Key.
  const probe = 200;
  counter.reset();
  for (let i = 0; i < probe; i++) await command();
  const plain = counter.total() / probe;
  const plainByOperation = perCommand(counter.byOperation(), probe);
  counter.reset();
  for (let i = 0; i < probe; i++) {
    const n = cmdSeq++;
    const out = await ledger.execute(pairIds[n % pairs] as string, proposalCommand(n), {
      recordedBy: OPERATOR,
      idempotencyKey: `bench-key-${n}-${Date.now()}`,
    });
    if (!out.ok) throw new Error(out.error.code);
  }
  const keyed = counter.total() / probe;
  const keyedByOperation = perCommand(counter.byOperation(), probe);
  counter.reset();
  for (let i = 0; i < probe; i++) {
    const out = await ledger.execute(undefined, registerCommand(pairs + i, "cmd-probe"), {
      recordedBy: OPERATOR,
    });
    if (!out.ok) throw new Error(out.error.code);
  }
  const register = counter.total() / probe;
  const registerByOperation = perCommand(counter.byOperation(), probe);
  // A process that has not seen the pairs: no stream cache, every change reads its stream.
  const cold = createLedger({
    eventStore,
    clock: () => new Date(),
    newId: uuidv7,
    idempotencyTtlSeconds: 86_400,
  });
  const coldRun = async (keyedToo: boolean) => {
    counter.reset();
    for (let i = 0; i < probe; i++) {
      const n = cmdSeq++;
      const out = await cold.execute(pairIds[n % pairs] as string, proposalCommand(n), {
        recordedBy: OPERATOR,
        ...(keyedToo ? { idempotencyKey: `bench-cold-${n}-${Date.now()}` } : {}),
      });
      if (!out.ok) throw new Error(out.error.code);
    }
    return { total: counter.total() / probe, byOperation: perCommand(counter.byOperation(), probe) };
  };
  const coldPlain = await coldRun(false);
  const coldKeyed = await coldRun(true);
  doc.destroy();

  const summarize = (runs: { lat: number[]; tput: number }[]) => {
    const lats = runs.map((r) => latencyOf(r.lat));
    return {
      latency: {
        p50: median(lats.map((l) => l.p50)),
        p95: median(lats.map((l) => l.p95)),
        p99: median(lats.map((l) => l.p99)),
        n: sizes.commands,
      },
      throughput: median(runs.map((r) => r.tput)),
    };
  };
  const perRun = (f: (l: { lat: number[]; tput: number }, b: { lat: number[]; tput: number }) => number) =>
    median(ledgerRuns.map((l, i) => f(l, bareRuns[i] as { lat: number[]; tput: number })));
  const ratios = {
    p50: perRun((l, b) => latencyOf(l.lat).p50 / latencyOf(b.lat).p50),
    p95: perRun((l, b) => latencyOf(l.lat).p95 / latencyOf(b.lat).p95),
    p99: perRun((l, b) => latencyOf(l.lat).p99 / latencyOf(b.lat).p99),
    throughput: perRun((l, b) => l.tput / b.tput),
  };
  const readPutLat = readPutRuns.map((l) => latencyOf(l));
  // The command path's own CPU: the same commands against the in-memory store.
  const memory = buildLedger(createMemoryEventStore(), { idempotencyTtlSeconds: 86_400 });
  const memPairs: string[] = [];
  for (let i = 0; i < pairs; i++) {
    const out = await memory.execute(undefined, registerCommand(i, "cmd"), { recordedBy: OPERATOR });
    if (out.ok) memPairs.push(out.value.pairId);
  }
  const memRuns: Latency[] = [];
  for (let r = 0; r < sizes.repeats; r++) {
    const base = r * sizes.commands;
    const run = await runConcurrent(sizes.commands, 1, async (i) => {
      const n = base + i;
      await memory.execute(memPairs[n % memPairs.length] as string, proposalCommand(n), {
        recordedBy: OPERATOR,
      });
    });
    memRuns.push(latencyOf(run.latencies));
  }
  return {
    pairs,
    warmupPerSide: pairs,
    ratios,
    inMemory: {
      latency: {
        p50: median(memRuns.map((l) => l.p50)),
        p95: median(memRuns.map((l) => l.p95)),
        p99: median(memRuns.map((l) => l.p99)),
        n: sizes.commands,
      },
    },
    readPut: {
      latency: {
        p50: median(readPutLat.map((l) => l.p50)),
        p95: median(readPutLat.map((l) => l.p95)),
        p99: median(readPutLat.map((l) => l.p99)),
        n: sizes.commands,
      },
      ledgerRatioP50: median(ledgerRuns.map((l, i) => latencyOf(l.lat).p50 / (readPutLat[i]?.p50 as number))),
    },
    ledger: summarize(ledgerRuns),
    bare: summarize(bareRuns),
    roundTrips: {
      register,
      registerByOperation,
      plain,
      withIdempotencyKey: keyed,
      plainByOperation,
      keyedByOperation,
      cold: {
        plain: coldPlain.total,
        withIdempotencyKey: coldKeyed.total,
        plainByOperation: coldPlain.byOperation,
        keyedByOperation: coldKeyed.byOperation,
      },
    },
  };
}

const perCommand = (counts: Record<string, number>, n: number) =>
  Object.fromEntries(Object.entries(counts).map(([k, v]) => [k.replace(/Command$/, ""), v / n]));
