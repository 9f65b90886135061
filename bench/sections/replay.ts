/**
 * Replay + verify (the audit engine's runReplay in compare mode: parallel Scan, group per stream,
 * verify the chain, fold through the views, compare with the read model) beside a bare parallel
 * Scan of the same table with the same segments; and the pure fold + verify in memory on one core.
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { docOf, toDomainEvent, verifyStream, type PairDoc } from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { runReplay } from "../../functions/audit/replay.js";
import { createDocumentClient } from "../../functions/composition.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { median, now, runConcurrent } from "../lib/stats.js";
import { buildStreams } from "../../test/support/builders.js";
import { bareScan as scanItems } from "../replay-vs-scan.js";

export interface ReplayResult {
  readonly pairs: number;
  readonly events: number;
  readonly segments: number;
  readonly seedSeconds: number;
  /** runReplay (compare) over DynamoDB Local: events per second, median of runs. */
  readonly replayEventsPerSecond: number;
  readonly replayClean: boolean;
  /** A parallel Scan of the same table and segments, items per second. */
  readonly bareScanItemsPerSecond: number;
  /** Median over runs of replay ÷ scan, the two measured back to back. */
  readonly ratio: number;
  /** Pure verifyStream + docOf in memory, one core. */
  readonly pureEventsPerSecond: number;
}

export async function benchReplay(ctx: BenchContext): Promise<ReplayResult> {
  const { sizes } = ctx;
  const tables = await ctx.freshTables("replay");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const seedStarted = now();
  ctx.log(`replay: sealing ${sizes.pairs} pairs × ${sizes.events} events in memory`);
  const streams = await buildStreams(sizes.pairs, sizes.events);
  const all = [...streams.values()].flat();

  ctx.log(`replay: writing ${all.length} events and ${streams.size} read-model documents`);
  const batches = Math.ceil(all.length / 25);
  await runConcurrent(batches, 8, async (b) => {
    let items: Record<string, unknown>[] = all.slice(b * 25, b * 25 + 25).map((e) => ({ ...e }));
    while (items.length > 0) {
      const out = await doc.send(
        new BatchWriteCommand({
          RequestItems: { [tables.events]: items.map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
      items = (out.UnprocessedItems?.[tables.events] ?? []).map(
        (r) => r.PutRequest?.Item as Record<string, unknown>,
      );
    }
  });
  const readModel = createDynamoReadModel(doc, tables.readModel);
  // The read model as the projector writes it: shared transactions of up to 100 pairs' writes.
  const docs = [...streams.values()].map((events) => docOf(events.map(toDomainEvent)) as PairDoc);
  await runConcurrent(Math.ceil(docs.length / 100), 4, async (b) => {
    const group = docs.slice(b * 100, b * 100 + 100);
    const outcomes = await readModel.saveMany(group.map((next) => ({ next, previous: undefined })));
    for (const [i, outcome] of outcomes.entries())
      if (outcome !== "saved") await readModel.save(group[i] as PairDoc, undefined);
  });
  const seedSeconds = (now() - seedStarted) / 1000;

  const eventStore = createDynamoEventStore(doc, tables.events);
  const bareScan = () => scanItems(doc, tables.events, sizes.segments);

  // Warm-up: one pass of each side.
  ctx.log("replay: warm-up (one scan, one replay)");
  await bareScan();
  await runReplay(eventStore, readModel, { mode: "compare", segments: sizes.segments });

  const replayRates: number[] = [];
  const scanRates: number[] = [];
  let clean = true;
  for (let r = 0; r < sizes.repeats; r++) {
    for (const side of r % 2 === 0 ? ["replay", "scan"] : ["scan", "replay"]) {
      const t = now();
      if (side === "replay") {
        const report = await runReplay(eventStore, readModel, { mode: "compare", segments: sizes.segments });
        clean &&= report.clean && report.events === all.length;
        replayRates.push((report.events * 1000) / (now() - t));
      } else {
        const items = await bareScan();
        scanRates.push((items * 1000) / (now() - t));
      }
    }
    ctx.log(
      `replay: run ${r + 1}/${sizes.repeats}: replay ${Math.round(replayRates.at(-1) ?? 0)}/s, scan ${Math.round(scanRates.at(-1) ?? 0)}/s`,
    );
  }
  doc.destroy();

  // Pure: the same streams, in memory, one core.
  const pureRates: number[] = [];
  for (let r = 0; r < sizes.repeats + 1; r++) {
    const t = now();
    for (const [pairId, events] of streams) {
      const v = verifyStream(pairId, events);
      if (v.breaks.length > 0) throw new Error(`${pairId} does not verify`);
      docOf(events.map(toDomainEvent));
    }
    if (r > 0) pureRates.push((all.length * 1000) / (now() - t)); // the first pass warms the JIT
  }

  return {
    pairs: streams.size,
    events: all.length,
    segments: sizes.segments,
    seedSeconds,
    replayEventsPerSecond: median(replayRates),
    ratio: median(replayRates.map((x, i) => x / (scanRates[i] as number))),
    replayClean: clean,
    bareScanItemsPerSecond: median(scanRates),
    pureEventsPerSecond: median(pureRates),
  };
}
