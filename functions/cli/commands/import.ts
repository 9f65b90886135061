/**
 * `ledger import <file.csv|file.json> [--dry-run]`: a registry kept in a spreadsheet becomes
 * registrations and status events through the ledger's command path. Every row is checked first
 * (a rehearsal against a scratch copy); nothing is written unless all rows are good.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename } from "node:path";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { buildLedger, createScratchEventStore } from "../../composition.js";
import { columnsText, formatOf, formatReport, runImport, type Phase } from "../../import/index.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  exitWith,
  positiveInt,
  withConnectionOptions,
  withConnection,
} from "../shared.js";

/** Files shorter than this finish before a bar would say anything useful. */
const PROGRESS_MIN_ROWS = 200;

interface ImportOptions extends ConnectionOptions {
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly recordedBy: string;
}

function progressBar() {
  let bar: SingleBar | undefined;
  return {
    onPhase(phase: Phase, rows: number) {
      bar?.stop();
      bar = undefined;
      if (rows < PROGRESS_MIN_ROWS) return;
      bar = new SingleBar({
        stream: process.stderr,
        format: `${phase.padEnd(10)} [{bar}] {value}/{total} rows | {percentage}% | eta {eta_formatted}`,
        hideCursor: true,
      });
      bar.start(rows, 0);
    },
    onProgress(done: number) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}

export function importCommand(): Command {
  return withConnectionOptions(
    new Command("import")
      .description(
        "import a registry from a spreadsheet (CSV or a JSON array of rows); columns in the README",
      )
      .argument("<file>", "a .csv or .json file")
      .option("--dry-run", "validate every row and report; write nothing", false)
      .option("--concurrency <n>", "pairs written at once", positiveInt(256), 12)
      .option("--recorded-by <identity>", "the identity recorded on each event", `cli:${userInfo().username}`)
      .addHelpText("after", `\n${columnsText()}\n`),
  ).action((file: string, opts: ImportOptions) =>
    exitWith(async () => {
      const format = formatOf(file);
      if (!format) throw new UsageError(`${file}: the file name must end in .csv or .json`);
      const text = await readFile(file, "utf8");
      return withConnection(opts, async (c) => {
        const bar = progressBar();
        try {
          const report = await runImport({
            text,
            format,
            eventStore: c.stores.eventStore,
            ledger: buildLedger(c.stores.eventStore, c.config),
            scratch: createScratchEventStore,
            recordedBy: opts.recordedBy,
            dryRun: opts.dryRun,
            concurrency: opts.concurrency,
            onPhase: bar.onPhase,
            onProgress: bar.onProgress,
          });
          bar.stop();
          process.stdout.write(`${formatReport(report, basename(file))}\n`);
          return report.ok ? EXIT.clean : EXIT.findings;
        } finally {
          bar.stop();
        }
      });
    }),
  );
}
