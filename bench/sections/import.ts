/**
 * The CLI import (runImport: read, plan, rehearse against a scratch copy, write through the
 * command path, `concurrency` pairs at a time) of the Wikidata twinnings fixture into an empty
 * table, beside a bare loop of conditional PutItems of the very items the import wrote, at the
 * same concurrency, into another empty table. Both sides are warmed with the same number of puts.
 */
import { readFileSync } from "node:fs";
import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { buildLedger, createDocumentClient, createScratchEventStore } from "../../functions/composition.js";
import type { Ledger } from "../../functions/application/ledger.js";
import { DEFAULT_CONCURRENCY, runImport } from "../../functions/import/index.js";
import type { RunImportOptions } from "../../functions/import/run-import.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { now, runConcurrent } from "../lib/stats.js";
import { OPERATOR, registerCommand } from "../../test/support/builders.js";

export const IMPORT_FIXTURE = "test/fixtures/import/wikidata-twinnings-eu-2017.csv";

/** The first `rows` data rows of the Wikidata fixture (with its header), and how many that is. */
export function fixtureRows(rows: number): { readonly text: string; readonly rows: number } {
  const all = readFileSync(IMPORT_FIXTURE, "utf8").split("\n");
  const body = all.slice(1).filter((l) => l.trim() !== "");
  const taken = body.slice(0, Math.min(rows, body.length));
  return { text: [all[0] as string, ...taken].join("\n"), rows: taken.length };
}

/** A CSV imported through the ledger as `ledger import` does it (rehearsal, then the writes). */
export function importFixture(
  eventStore: EventStore,
  ledger: Ledger,
  text: string,
  onPhase?: RunImportOptions["onPhase"],
) {
  return runImport({
    text,
    format: "csv",
    eventStore,
    ledger,
    scratch: createScratchEventStore,
    recordedBy: OPERATOR,
    dryRun: false,
    concurrency: DEFAULT_CONCURRENCY,
    ...(onPhase ? { onPhase } : {}),
  });
}

export interface ImportBenchResult {
  readonly file: string;
  readonly rows: number;
  readonly pairs: number;
  readonly events: number;
  readonly concurrency: number;
  readonly rehearsalSeconds: number;
  readonly writeSeconds: number;
  readonly bareSeconds: number;
  /** DynamoDB requests per pair during the write phase. */
  readonly writeRequestsPerPair: number;
  /** bare ÷ write time: the import's write phase as a share of the bare put loop's speed. */
  readonly ratio: number;
  /** bare ÷ (rehearsal + write). */
  readonly ratioWithRehearsal: number;
}

export async function benchImport(ctx: BenchContext): Promise<ImportBenchResult> {
  const { text, rows: rowsWanted } = fixtureRows(ctx.sizes.importRows);
  const concurrency = DEFAULT_CONCURRENCY;
  const ours = await ctx.freshTables("import");
  const bare = await ctx.freshTables("import-bare");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  let requests = 0;
  doc.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: "initialize", name: "benchImportRequests" },
  );
  const eventStore = createDynamoEventStore(doc, ours.events);
  const ledger = buildLedger(eventStore, { idempotencyTtlSeconds: 86_400 });

  // Warm-up, alike: 300 registrations through the ledger, 300 bare puts.
  ctx.log(`import: warm-up; then ${rowsWanted} rows of ${IMPORT_FIXTURE}`);
  await runConcurrent(300, concurrency, (i) =>
    ledger.execute(undefined, registerCommand(i, "import-warm"), { recordedBy: OPERATOR }),
  );
  const warmItem = { pairId: "", version: 1, note: "warm-up" };
  await runConcurrent(300, concurrency, (i) =>
    doc.send(
      new PutCommand({
        TableName: bare.events,
        Item: { ...warmItem, pairId: `warm-${i}` },
        ConditionExpression: "attribute_not_exists(pairId)",
      }),
    ),
  );

  let phaseStarted = now();
  let rehearsalMs = 0;
  let requestsAtWrite = 0;
  const report = await importFixture(eventStore, ledger, text, (phase) => {
    if (phase === "writing") {
      rehearsalMs = now() - phaseStarted;
      requestsAtWrite = requests;
    }
    phaseStarted = now();
  });
  const writeMs = now() - phaseStarted;
  if (!report.ok || !report.written) throw new Error(`import failed: ${report.problems[0]?.message}`);
  const writeRequests = requests - requestsAtWrite;
  ctx.log(
    `import: rehearsal ${(rehearsalMs / 1000).toFixed(1)} s, write ${(writeMs / 1000).toFixed(1)} s, ${report.written.counts.eventsRecorded} events`,
  );

  // The very items the import wrote (the warm-up's left out), put back with the same condition.
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: ours.events, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of out.Items ?? [])
      if (item.recordedAt && !String(item.pairId).includes("import-warm")) items.push(item);
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  const t = now();
  await runConcurrent(items.length, concurrency, (i) =>
    doc.send(
      new PutCommand({
        TableName: bare.events,
        Item: items[i],
        ConditionExpression: "attribute_not_exists(pairId)",
      }),
    ),
  );
  const bareMs = now() - t;
  ctx.log(`import: bare put loop of ${items.length} items ${(bareMs / 1000).toFixed(1)} s`);
  doc.destroy();
  return {
    file: IMPORT_FIXTURE,
    rows: report.rows,
    pairs: report.pairs,
    events: report.written.counts.eventsRecorded,
    concurrency,
    rehearsalSeconds: rehearsalMs / 1000,
    writeSeconds: writeMs / 1000,
    bareSeconds: bareMs / 1000,
    writeRequestsPerPair: writeRequests / report.pairs,
    ratio: bareMs / writeMs,
    ratioWithRehearsal: bareMs / (rehearsalMs + writeMs),
  };
}
