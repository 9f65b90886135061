/**
 * Import to complete: the CLI import (runImport) of `--import-rows` rows of the Wikidata fixture
 * into empty tables while the projector runs as `npm start` runs it (the local stream poller, poll
 * interval 100 ms, feeding the Lambda-shaped handler); then the time from the import's return until
 * the read model counts every pair (`stats().total`), beside the import's own time.
 */
import { readFileSync } from "node:fs";
import { createScratchEventStore } from "../../functions/composition.js";
import { DEFAULT_CONCURRENCY, runImport } from "../../functions/import/index.js";
import type { BenchContext } from "../lib/context.js";
import { POLL_INTERVAL_MS, projectingLedger } from "../lib/projecting.js";
import { now } from "../lib/stats.js";
import { OPERATOR } from "../../test/support/builders.js";
import { IMPORT_FIXTURE } from "./import.js";

export interface ImportCompleteResult {
  readonly file: string;
  readonly rows: number;
  readonly pairs: number;
  readonly events: number;
  readonly pollIntervalMs: number;
  /** runImport, rehearsal included, while the projector runs beside it. */
  readonly importSeconds: number;
  /** From the import's return until stats().total counts every pair. */
  readonly completeSeconds: number;
  /** Pairs the read model already counted when the import returned. */
  readonly pairsAtReturn: number;
  /** Events projected per second, from the import's start until complete. */
  readonly projectedEventsPerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchImportComplete(ctx: BenchContext): Promise<ImportCompleteResult> {
  const all = readFileSync(IMPORT_FIXTURE, "utf8").split("\n");
  const header = all[0] as string;
  const body = all.slice(1).filter((l) => l.trim() !== "");
  const rowsWanted = Math.min(ctx.sizes.importRows, body.length);
  const text = [header, ...body.slice(0, rowsWanted)].join("\n");
  const { stores, ledger, close } = await projectingLedger(ctx, "complete");
  try {
    ctx.log(`complete: importing ${rowsWanted} rows with the projector running`);
    const started = now();
    const report = await runImport({
      text,
      format: "csv",
      eventStore: stores.eventStore,
      ledger,
      scratch: createScratchEventStore,
      recordedBy: OPERATOR,
      dryRun: false,
      concurrency: DEFAULT_CONCURRENCY,
    });
    const returned = now();
    if (!report.ok || !report.written) throw new Error(`import failed: ${report.problems[0]?.message}`);
    const pairs = report.pairs;
    const pairsAtReturn = (await stores.readModel.stats()).total.total;
    let counted = pairsAtReturn;
    let moved = returned;
    while (counted < pairs) {
      if (now() - moved > 120_000) throw new Error(`the read model stopped at ${counted} of ${pairs}`);
      await sleep(50);
      const next = (await stores.readModel.stats()).total.total;
      if (next !== counted) moved = now();
      counted = next;
    }
    const complete = now();
    const events = report.written.counts.eventsRecorded;
    ctx.log(
      `complete: import ${((returned - started) / 1000).toFixed(1)} s, then ${((complete - returned) / 1000).toFixed(1)} s until ${pairs} pairs counted (${pairsAtReturn} at return)`,
    );
    return {
      file: IMPORT_FIXTURE,
      rows: report.rows,
      pairs,
      events,
      pollIntervalMs: POLL_INTERVAL_MS,
      importSeconds: (returned - started) / 1000,
      completeSeconds: (complete - returned) / 1000,
      pairsAtReturn,
      projectedEventsPerSecond: (events * 1000) / (complete - started),
    };
  } finally {
    await close();
  }
}
