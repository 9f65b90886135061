/**
 * `ledger replay [--repair | --into TABLE] [--segments N] [--resume]`: rebuild every pair's view
 * from the events (chains verified) and compare it with the read model, repair it, or write a new
 * read-model table (blue/green). Checkpoints per segment in the data folder make it resumable.
 */
import { join } from "node:path";
import { Command } from "commander";
import { createDynamoReadModel } from "../../adapters/dynamodb/dynamodb-read-model.js";
import { createFileCheckpoints } from "../../audit/checkpoint.js";
import { formatReplayReport } from "../../audit/report.js";
import { runReplay, type ReplayAcc, type ReplayMode } from "../../audit/replay.js";
import { DEAD_LETTER_FILE, deadLetterFile, mendParked } from "../../projector/dead-letters.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  ensureReadModelTable,
  exitWith,
  json,
  localDataDir,
  positiveInt,
  withConnectionOptions,
  withConnection,
  withScanProgress,
} from "../shared.js";

interface ReplayOptions extends ConnectionOptions {
  readonly repair?: boolean;
  readonly into?: string;
  readonly segments: number;
  readonly resume?: boolean;
  readonly checkpointDir?: string;
  readonly json?: boolean;
}

export function replayCommand(): Command {
  return withConnectionOptions(
    new Command("replay")
      .description(
        "replay the events into views and compare them with the read model (exit 0 clean, 1 findings, 2 usage)",
      )
      .option("--repair", "write the replayed view wherever the read model is missing or differs")
      .option("--into <table>", "rebuild into another read-model table (created when missing): blue/green")
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4)
      .option(
        "--resume",
        "continue an interrupted run of the same mode, tables and segments from its checkpoints",
      )
      .option("--checkpoint-dir <dir>", "where checkpoints go (default <data>/replay-checkpoints/<mode>)")
      .option("--json", "print the report as JSON"),
  ).action((opts: ReplayOptions) =>
    exitWith(async () => {
      if (opts.repair && opts.into) throw new UsageError("choose --repair or --into, not both");
      const mode: ReplayMode = opts.into ? "into" : opts.repair ? "repair" : "compare";
      // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
      return withConnection(opts, async (c) => {
        if (opts.into && opts.into === c.config.readModelTable)
          throw new UsageError(
            "--into must name another table than the live read model (use --repair for that)",
          );
        if (opts.into && (await ensureReadModelTable(c.dynamodb, opts.into)))
          process.stderr.write(`created table ${opts.into}\n`);
        const dir = opts.checkpointDir ?? join(localDataDir(opts, process.env), "replay-checkpoints", mode);
        const key = [mode, c.config.eventsTable, opts.into ?? c.config.readModelTable, opts.segments].join(
          ":",
        );
        const report = await withScanProgress(c, "replay", (onProgress) =>
          runReplay(c.stores.eventStore, c.stores.readModel, {
            mode,
            segments: opts.segments,
            ...(opts.into ? { target: createDynamoReadModel(c.doc, opts.into), targetName: opts.into } : {}),
            checkpoint: { store: createFileCheckpoints<ReplayAcc>(dir), key, resume: opts.resume ?? false },
            onProgress,
          }),
        );
        process.stdout.write(opts.json ? json(report) : `${formatReplayReport(report)}\n`);
        // A clean repair wrote every document from the events: what the poller parked is mended.
        const mended =
          mode === "repair"
            ? await mendParked(deadLetterFile(localDataDir(opts, process.env)), report.clean)
            : 0;
        if (mended > 0)
          process.stderr.write(`mended ${mended} parked stream record(s); cleared ${DEAD_LETTER_FILE}\n`);
        return report.clean ? EXIT.clean : EXIT.findings;
      });
    }),
  );
}
