/**
 * Replay throughput beside a bare parallel Scan of the same events table, in the same run:
 * both warmed up equally (docs/maintaining.md#dynamodb-local), then timed. Replay = scan + group per stream + verify
 * the chain + fold the views + read and compare the read model (one Get per stream).
 *
 *   node --import tsx bench/replay-vs-scan.ts [--pairs 2000] [--events-per-pair 10] [--segments 4]
 *
 * `measureReplayVsScan()` is what `npm run bench` calls; it starts (and always stops) its own
 * DynamoDB Local unless given an endpoint.
 */
import { parseArgs } from "node:util";
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoDBDocumentClient as DocClient } from "@aws-sdk/lib-dynamodb";
import { GENESIS_HASH, seal, type StoredEvent } from "../domain/index.js";
import { runReplay } from "../functions/audit/replay.js";
import { buildStores } from "../functions/composition.js";
import { ensureTables } from "../infra/local/create-tables.js";
import { createDynamoClients, startDynamoDbLocal } from "../infra/local/dynamodb-local.js";
import { forEachLimited } from "../functions/shared/concurrency.js";

export interface ReplayVsScanResult {
  readonly pairs: number;
  readonly events: number;
  readonly segments: number;
  readonly scan: { readonly ms: number; readonly eventsPerSecond: number };
  readonly replay: { readonly ms: number; readonly eventsPerSecond: number };
  /** Replay throughput as a fraction of the bare scan's (1 = as fast as reading). */
  readonly ratio: number;
}

/** A valid stream: an establishment, then reaffirmations (every one folds and verifies). */
function streamOf(p: number, length: number): StoredEvent[] {
  const cityA = { name: `Alpha ${p}`, country: "US" };
  const cityB = { name: `Beta ${p}`, country: "RU" };
  const pairId = `ru-beta-${p}--us-alpha-${p}`;
  const base = { actor: { side: "both" }, sources: [{ citation: `bench source ${p}` }] };
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let v = 1; v <= length; v++) {
    const e = seal({
      pairId,
      version: v,
      eventId: `bench-${p}-${v}`,
      type: v === 1 ? "established" : "reaffirmed",
      schemaVersion: 1,
      data:
        v === 1
          ? { ...base, cityA, cityB, relationship: "sister-city", effectiveDate: "1990" }
          : { ...base, effectiveDate: String(1990 + v) },
      recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, v)).toISOString(),
      recordedBy: "bench",
      prevHash,
    });
    prevHash = e.hash;
    events.push(e);
  }
  return events;
}

async function load(doc: DynamoDBDocumentClient, table: string, pairs: number, perPair: number) {
  const all = Array.from({ length: pairs }, (_, p) => streamOf(p, perPair)).flat();
  const batches: StoredEvent[][] = [];
  for (let i = 0; i < all.length; i += 25) batches.push(all.slice(i, i + 25));
  await forEachLimited(batches, 8, async (batch) => {
    let items: Record<string, unknown>[] | undefined = batch.map((e) => ({ PutRequest: { Item: { ...e } } }));
    while (items?.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
      items = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
    }
  });
  return all.length;
}

/** A bare parallel Scan: every page of every segment read, items counted, nothing else. */
export async function bareScan(
  doc: DynamoDBDocumentClient,
  table: string,
  segments: number,
): Promise<number> {
  const counts = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let n = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        );
        n += out.Items?.length ?? 0;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

const timed = async <T>(work: () => Promise<T>) => {
  const t = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t };
};

export async function measureReplayVsScan(
  options: {
    readonly endpoint?: string;
    readonly pairs?: number;
    readonly eventsPerPair?: number;
    readonly segments?: number;
  } = {},
): Promise<ReplayVsScanResult> {
  const pairs = options.pairs ?? 2000;
  const perPair = options.eventsPerPair ?? 10;
  const segments = options.segments ?? 4;
  const ddb = options.endpoint ? undefined : await startDynamoDbLocal();
  const endpoint = options.endpoint ?? (ddb?.endpoint as string);
  const { dynamodb } = createDynamoClients(endpoint);
  const doc = DocClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const suffix = Date.now().toString(36);
    const tables = { events: `bench-events-${suffix}`, readModel: `bench-read-model-${suffix}` };
    await ensureTables(dynamodb, tables);
    const events = await load(doc, tables.events, pairs, perPair);
    const stores = buildStores(
      {
        dynamodb: { endpoint, region: "us-east-1" },
        eventsTable: tables.events,
        readModelTable: tables.readModel,
      },
      doc,
    );
    // The read model the replay compares with: written by a replay into it (also a warm-up of writes).
    await runReplay(stores.eventStore, stores.readModel, { mode: "repair", segments });
    // Warm up both sides equally, then time each.
    await bareScan(doc, tables.events, segments);
    await runReplay(stores.eventStore, stores.readModel, { mode: "compare", segments });
    const scan = await timed(() => bareScan(doc, tables.events, segments));
    const replay = await timed(() =>
      runReplay(stores.eventStore, stores.readModel, { mode: "compare", segments }),
    );
    if (scan.value !== events || replay.value.events !== events || !replay.value.clean)
      throw new Error(
        `bench data mismatch: loaded ${events}, scanned ${scan.value}, replayed ${replay.value.events}`,
      );
    const eps = (ms: number) => Math.round((events * 1000) / ms);
    return {
      pairs,
      events,
      segments,
      scan: { ms: Math.round(scan.ms), eventsPerSecond: eps(scan.ms) },
      replay: { ms: Math.round(replay.ms), eventsPerSecond: eps(replay.ms) },
      ratio: Number((scan.ms / replay.ms).toFixed(3)),
    };
  } finally {
    doc.destroy();
    await ddb?.stop();
  }
}

const invokedDirectly = process.argv[1]?.endsWith("replay-vs-scan.ts");
if (invokedDirectly) {
  const { values } = parseArgs({
    options: {
      pairs: { type: "string", default: "2000" },
      "events-per-pair": { type: "string", default: "10" },
      segments: { type: "string", default: "4" },
      endpoint: { type: "string" },
    },
  });
  const r = await measureReplayVsScan({
    pairs: Number(values.pairs),
    eventsPerPair: Number(values["events-per-pair"]),
    segments: Number(values.segments),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
  });
  console.log(
    `replay vs bare parallel Scan (${r.events} events, ${r.pairs} streams, ${r.segments} segments, DynamoDB Local)\n` +
      `  bare scan: ${r.scan.eventsPerSecond} events/s (${r.scan.ms} ms)\n` +
      `  replay:    ${r.replay.eventsPerSecond} events/s (${r.replay.ms} ms)\n` +
      `  replay / scan throughput: ${r.ratio}`,
  );
}
