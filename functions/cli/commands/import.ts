/**
 * `ledger import <file.csv|file.json> [--dry-run]`: a registry kept in a spreadsheet becomes
 * registrations and status events through the ledger's command path. Every row is checked first
 * (a rehearsal against a scratch copy); nothing is written unless all rows are good.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename } from "node:path";
import { SingleBar } from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { buildLedger, buildStores, createDocumentClient } from "../../composition.js";
import { loadConfig } from "../../config.js";
import { columnsMarkdown, formatOf, formatReport, runImport, type Phase } from "../../import/index.js";

/** Files shorter than this finish before a bar would say anything useful. */
const PROGRESS_MIN_ROWS = 200;

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new InvalidArgumentError("must be an integer from 1 to 256");
  return n;
};

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
  return new Command("import")
    .description("import a registry from a spreadsheet (CSV or a JSON array of rows); columns in the README")
    .argument("<file>", "a .csv or .json file")
    .option("--dry-run", "validate every row and report; write nothing", false)
    .option("--concurrency <n>", "pairs written at once", positiveInt, 12)
    .option("--recorded-by <identity>", "the identity recorded on each event", `cli:${userInfo().username}`)
    .addHelpText("after", `\nColumns:\n${columnsMarkdown()}\n`)
    .action(async (file: string, opts: { dryRun: boolean; concurrency: number; recordedBy: string }) => {
      const format = formatOf(file);
      if (!format) {
        console.error(`${file}: the file name must end in .csv or .json`);
        process.exitCode = 2;
        return;
      }
      const text = await readFile(file, "utf8");
      const config = loadConfig();
      const doc = createDocumentClient(config.dynamodb);
      const { eventStore } = buildStores(config, doc);
      const bar = progressBar();
      try {
        const report = await runImport({
          text,
          format,
          eventStore,
          ledger: buildLedger(eventStore, config),
          recordedBy: opts.recordedBy,
          dryRun: opts.dryRun,
          concurrency: opts.concurrency,
          onPhase: bar.onPhase,
          onProgress: bar.onProgress,
        });
        bar.stop();
        console.log(formatReport(report, basename(file)));
        if (!report.ok) process.exitCode = 1;
      } finally {
        bar.stop();
        doc.destroy();
      }
    });
}
