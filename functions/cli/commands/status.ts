/**
 * `ledger status --as-of DATE [--format csv|json]`: the whole registry as it stood on a date,
 * folded from the events by the replay engine (not read from the read model).
 */
import { once } from "node:events";
import { Command, InvalidArgumentError, Option } from "commander";
import { isValidEffectiveDate, latestDay } from "../../../domain/index.js";
import { registryAsOf, statsOf } from "../../audit/as-of.js";
import { statusCsvHeader, statusCsvRows } from "../../import/status-csv.js";
import {
  type ConnectionOptions,
  EXIT,
  approximateItems,
  connect,
  exitWith,
  json,
  positiveInt,
  scanProgress,
  withConnectionOptions,
} from "../shared.js";

interface StatusOptions extends ConnectionOptions {
  readonly asOf: string;
  readonly format: "csv" | "json";
  readonly segments: number;
}

const date = (value: string) => {
  if (!isValidEffectiveDate(value))
    throw new InvalidArgumentError("must be a date: 2022, 2022-03 or 2022-03-09");
  return value;
};

async function write(text: string) {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

export function statusCommand(): Command {
  return withConnectionOptions(
    new Command("status")
      .description("the whole registry as of a date (its last day counts), folded from the events")
      .requiredOption("--as-of <date>", "2022-04-01, 2022-03 (= 2022-03-31) or 2022 (= 2022-12-31)", date)
      .addOption(new Option("--format <format>", "output format").choices(["csv", "json"]).default("csv"))
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4),
  ).action((opts: StatusOptions) =>
    exitWith(async () => {
      const c = await connect(opts, process.env);
      try {
        const bar = scanProgress("status", await approximateItems(c.dynamodb, c.config.eventsTable));
        const views = await registryAsOf(c.stores.eventStore, opts.asOf, {
          segments: opts.segments,
          onProgress: bar.onProgress,
        }).finally(bar.stop);
        const asOf = latestDay(opts.asOf);
        if (opts.format === "json")
          await write(json({ asOf, pairs: views.length, stats: statsOf(views), views }));
        else {
          await write(statusCsvHeader());
          for (let i = 0; i < views.length; i += 1000)
            await write(statusCsvRows(views.slice(i, i + 1000), asOf));
        }
        return EXIT.clean;
      } finally {
        c.close();
      }
    }),
  );
}
