/**
 * `ledger status --as-of DATE [--format csv|json] [--out FILE]`: the whole registry as it stood on
 * a date, folded from the events by the replay engine (not read from the read model). The CSV is
 * the import's format, one row per pair (its status on that date).
 */
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { Command, Option } from "commander";
import { latestDay } from "../../../domain/index.js";
import { statsOf } from "../../audit/as-of.js";
import { registryRows } from "../../export/registry-rows.js";
import { statusCsvHeader, statusCsvRows, statusRecords } from "../../export/status-csv.js";
import {
  type ConnectionOptions,
  EXIT,
  approximateItems,
  connect,
  exitWith,
  json,
  positiveInt,
  scanProgress,
  effectiveDateArg,
  withConnectionOptions,
  writeDrained,
} from "../shared.js";

interface StatusOptions extends ConnectionOptions {
  readonly asOf: string;
  readonly format: "csv" | "json";
  readonly segments: number;
  readonly out?: string;
}

export function statusCommand(): Command {
  return withConnectionOptions(
    new Command("status")
      .description("the whole registry as of a date (its last day counts), folded from the events")
      .requiredOption(
        "--as-of <date>",
        "2022-04-01, 2022-03 (= 2022-03-31) or 2022 (= 2022-12-31)",
        effectiveDateArg,
      )
      .addOption(new Option("--format <format>", "output format").choices(["csv", "json"]).default("csv"))
      .option("--out <file>", "write to this file instead of stdout")
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4),
  ).action((opts: StatusOptions) =>
    exitWith(async () => {
      const c = await connect(opts, process.env);
      const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      try {
        const bar = scanProgress("status", await approximateItems(c.dynamodb, c.config.eventsTable));
        const asOf = latestDay(opts.asOf);
        const pairs = await registryRows(c.stores.eventStore, asOf, {
          segments: opts.segments,
          onProgress: bar.onProgress,
        }).finally(bar.stop);
        if (opts.format === "json") {
          const views = pairs.map((p) => p.view);
          await writeDrained(out, json({ asOf, pairs: views.length, stats: statsOf(views), views }));
        } else {
          await writeDrained(out, statusCsvHeader());
          for (let i = 0; i < pairs.length; i += 1000)
            await writeDrained(out, statusCsvRows(statusRecords(pairs.slice(i, i + 1000), "status", asOf)));
        }
        if (opts.out)
          process.stderr.write(
            `${opts.out}: ${pairs.length} ${pairs.length === 1 ? "pair" : "pairs"} as of ${asOf}\n`,
          );
        return EXIT.clean;
      } finally {
        if (opts.out) {
          out.end();
          await finished(out);
        }
        c.close();
      }
    }),
  );
}
