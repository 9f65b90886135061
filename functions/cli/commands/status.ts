/**
 * `ledger status --as-of DATE [--format csv|json] [--out FILE]`: the whole registry as it stood on
 * a date, folded from the events by the replay engine (not read from the read model). The CSV is
 * the import's format, one row per pair (its status on that date).
 */
import type { Writable } from "node:stream";
import { Command, Option } from "commander";
import { latestDay } from "../../../domain/index.js";
import { statsOf } from "../../audit/as-of.js";
import { registryRows } from "../../export/registry-rows.js";
import type { PairRows } from "../../export/status-csv.js";
import {
  type ConnectionOptions,
  EXIT,
  exitWith,
  json,
  positiveInt,
  effectiveDateArg,
  withConnectionOptions,
  writeDrained,
  withConnection,
  withOutput,
  withScanProgress,
  writeStatusCsv,
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
      const asOf = latestDay(opts.asOf);
      return withConnection(opts, async (c) => {
        const pairs = await withScanProgress(c, "status", (onProgress) =>
          registryRows(c.stores.eventStore, asOf, { segments: opts.segments, onProgress }),
        );
        await withOutput(opts.out, (out) => writeRegistry(out, opts.format, pairs, asOf));
        if (opts.out)
          process.stderr.write(
            `${opts.out}: ${pairs.length} ${pairs.length === 1 ? "pair" : "pairs"} as of ${asOf}\n`,
          );
        return EXIT.clean;
      });
    }),
  );
}

/** The registry as JSON (views and their counts) or as the import's CSV (one status row a pair). */
async function writeRegistry(
  out: Writable,
  format: StatusOptions["format"],
  pairs: readonly PairRows[],
  asOf: string,
): Promise<void> {
  if (format === "csv") return writeStatusCsv(out, pairs, "status", asOf);
  const views = pairs.map((p) => p.view);
  await writeDrained(out, json({ asOf, pairs: views.length, stats: statsOf(views), views }));
}
