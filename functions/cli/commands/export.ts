/**
 * `ledger export --format csv|ndjson [--pair ID | --country RU] [--as-of DATE] [--out FILE]`: the
 * registry as CSV in the import's format, one row per status change of each pair (folded from the
 * events, so it needs no projector; `ledger import` of it writes nothing new), or the events
 * themselves as NDJSON (the audit export, which verify-export checks offline).
 */
import type { Writable } from "node:stream";
import { Command, InvalidArgumentError, Option } from "commander";
import { CountryCode, latestDay } from "../../../domain/index.js";
import { exportNdjson, writableSink } from "../../audit/export.js";
import { registryRows } from "../../export/registry-rows.js";
import { inCountry } from "../../export/status-csv.js";
import type { EventStore } from "../../ports/event-store.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  exitWith,
  effectiveDateArg,
  withConnectionOptions,
  withConnection,
  withOutput,
  writeStatusCsv,
} from "../shared.js";

interface ExportOptions extends ConnectionOptions {
  readonly format: "csv" | "ndjson";
  readonly country?: string;
  readonly pair?: string;
  readonly asOf?: string;
  readonly out?: string;
}

const country = (value: string) => {
  const parsed = CountryCode.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError("must be an ISO 3166-1 alpha-2 code, e.g. RU");
  return parsed.data;
};

export function exportCommand(): Command {
  return withConnectionOptions(
    new Command("export")
      .description(
        "export the registry (csv in the import format: each pair's status changes, up to --as-of) or its events (ndjson, the audit export) to stdout",
      )
      .addOption(
        new Option(
          "--format <format>",
          "csv: one row per status change of each pair, re-importable; ndjson: every event",
        )
          .choices(["csv", "ndjson"])
          .default("csv"),
      )
      .option("--country <code>", "only pairs with a city in this country (ISO 3166-1 alpha-2)", country)
      .option("--pair <pairId>", "only this pair")
      .option(
        "--as-of <date>",
        "csv only: statuses as they stood on this date (its last day counts)",
        effectiveDateArg,
      )
      .option("--out <file>", "write to this file instead of stdout"),
  ).action((opts: ExportOptions) =>
    exitWith(async () => {
      if (opts.format === "ndjson" && opts.asOf)
        throw new UsageError(
          "--as-of applies to --format csv; the ndjson export carries every event with its dates",
        );
      if (opts.pair && opts.country) throw new UsageError("choose --pair or --country, not both");
      return withConnection(opts, (c) =>
        withOutput(opts.out, (out) =>
          opts.format === "ndjson"
            ? exportEvents(c.stores.eventStore, opts, out)
            : exportStatuses(c.stores.eventStore, opts, out),
        ),
      );
    }),
  );
}

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** Every event of the scope as NDJSON, with its manifest (the audit export). */
async function exportEvents(eventStore: EventStore, opts: ExportOptions, out: Writable): Promise<number> {
  const scope = opts.pair
    ? { kind: "pair" as const, pairId: opts.pair }
    : opts.country
      ? { kind: "country" as const, country: opts.country }
      : { kind: "all" as const };
  const manifest = await exportNdjson(eventStore, scope, writableSink(out));
  if (opts.out)
    process.stderr.write(
      `${opts.out}: ${plural(manifest.streams, "stream")}, ${plural(manifest.events, "event")}, root ${manifest.digest.root}\n`,
    );
  return EXIT.clean;
}

/** Each pair's status changes (up to --as-of) as the import's CSV. */
async function exportStatuses(eventStore: EventStore, opts: ExportOptions, out: Writable): Promise<number> {
  const asOf = opts.asOf ? latestDay(opts.asOf) : undefined;
  const pairs = (await registryRows(eventStore, asOf))
    .filter((p) => inCountry(opts.country)(p.view))
    .filter((p) => !opts.pair || p.view.pairId === opts.pair);
  await writeStatusCsv(out, pairs, "history", asOf);
  return EXIT.clean;
}
