/**
 * The registry at scale, loaded fast: the Wikidata twinnings fixture through the real import
 * (runImport: read, plan, rehearse, write through the ledger's command path) into an in-memory
 * event store, its events copied into the DynamoDB events table by BatchWrite, and the pairs'
 * documents saved into the read model as the projector saves a batch of new pairs
 * (`readModel.saveMany`: documents, index entries, name words and summed counters, many pairs
 * per transaction) — no poller.
 */
import { readFileSync } from "node:fs";
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { docOf, toDomainEvent, type PairView, type StoredEvent } from "../../domain/index.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { buildLedger, createScratchEventStore } from "../../functions/composition.js";
import { runImport } from "../../functions/import/index.js";
import type { TableNames } from "../../infra/local/create-tables.js";
import type { BenchContext } from "./context.js";
import { now, runConcurrent } from "./stats.js";
import { OPERATOR } from "../../test/support/builders.js";

export const REGISTRY_FIXTURE = "test/fixtures/import/wikidata-twinnings-eu-2017.csv";

export interface LoadedRegistry {
  readonly rows: number;
  readonly pairs: number;
  readonly events: number;
  readonly importSeconds: number;
  readonly writeSeconds: number;
  readonly projectSeconds: number;
  /** The streams as imported (pair id → events), for picking request parameters. */
  readonly streams: ReadonlyMap<string, readonly StoredEvent[]>;
  /** Each pair's list view, as projected. */
  readonly views: readonly PairView[];
}

/** The fixture's first `rows` rows (all: 15,911) as CSV text. */
export function fixtureText(rows: number): string {
  const all = readFileSync(REGISTRY_FIXTURE, "utf8").split("\n");
  const body = all.slice(1).filter((l) => l.trim() !== "");
  return [all[0] as string, ...body.slice(0, Math.min(rows, body.length))].join("\n");
}

async function batchPut(doc: DynamoDBDocumentClient, table: string, items: readonly object[]) {
  await runConcurrent(Math.ceil(items.length / 25), 8, async (b) => {
    let batch: unknown[] = items.slice(b * 25, b * 25 + 25).map((Item) => ({ PutRequest: { Item } }));
    while (batch.length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: batch as never } }));
      batch = out.UnprocessedItems?.[table] ?? [];
    }
  });
}

/** Documents per `saveMany` call of the loader. */
const SAVE_CHUNK = 200;

export async function loadRegistry(
  doc: DynamoDBDocumentClient,
  tables: TableNames,
  rows: number,
  log: (m: string) => void,
): Promise<LoadedRegistry> {
  let t = now();
  const memory = createMemoryEventStore();
  const report = await runImport({
    text: fixtureText(rows),
    format: "csv",
    eventStore: memory,
    ledger: buildLedger(memory, { idempotencyTtlSeconds: 86_400 }),
    scratch: createScratchEventStore,
    recordedBy: OPERATOR,
    dryRun: false,
    concurrency: 32,
  });
  if (!report.ok) throw new Error(`import failed: ${report.problems[0]?.message}`);
  const importSeconds = (now() - t) / 1000;
  const streams = memory.streams;
  const events = [...streams.values()].flat();
  log(
    `registry: imported ${report.rows} rows, ${streams.size} pairs in ${importSeconds.toFixed(1)} s (memory)`,
  );

  t = now();
  await batchPut(doc, tables.events, events);
  const writeSeconds = (now() - t) / 1000;
  log(`registry: ${events.length} events written in ${writeSeconds.toFixed(1)} s`);

  t = now();
  const readModel = createDynamoReadModel(doc, tables.readModel);
  const ids = [...streams.keys()];
  const views: PairView[] = [];
  const docs = ids.flatMap((id) => {
    const pairDoc = docOf((streams.get(id) as StoredEvent[]).map(toDomainEvent));
    if (pairDoc) views.push(pairDoc.view);
    return pairDoc ? [pairDoc] : [];
  });
  let retries = 0;
  // As the projector saves a batch of new pairs (`saveMany`: many documents per transaction, the
  // shared counter items summed once per transaction); what was not saved (a conflict on a
  // shared counter item writes nothing) is saved again.
  await runConcurrent(Math.ceil(docs.length / SAVE_CHUNK), 4, async (c) => {
    let pending = docs.slice(c * SAVE_CHUNK, (c + 1) * SAVE_CHUNK);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 50) throw new Error(`${pending[0]?.view.pairId}: could not be saved`);
      const outcomes = await readModel.saveMany(pending.map((next) => ({ next, previous: undefined })));
      const again = pending.filter((_, i) => outcomes[i] !== "saved");
      retries += again.length;
      pending = again;
    }
  });
  const projectSeconds = (now() - t) / 1000;
  log(
    `registry: ${ids.length} documents projected in ${projectSeconds.toFixed(1)} s (${retries} saves again after a conflict)`,
  );
  return {
    rows: report.rows,
    pairs: streams.size,
    events: events.length,
    importSeconds,
    writeSeconds,
    projectSeconds,
    streams,
    views,
  };
}

const loads = new Map<string, Promise<{ tables: TableNames; loaded: LoadedRegistry }>>();

/**
 * The registry loaded once per run and DynamoDB Local: the sections that only read it (reads,
 * pictures) share its tables instead of loading 15,911 pairs each (the load takes minutes).
 */
export function sharedRegistry(
  ctx: BenchContext,
  doc: DynamoDBDocumentClient,
): Promise<{ tables: TableNames; loaded: LoadedRegistry }> {
  const key = `${ctx.endpoint} ${ctx.sizes.importRows}`;
  let load = loads.get(key);
  if (!load) {
    load = ctx.freshTables("registry").then(async (tables) => ({
      tables,
      loaded: await loadRegistry(doc, tables, ctx.sizes.importRows, ctx.log),
    }));
    loads.set(key, load);
  }
  return load;
}
