/**
 * `ledger verify [--pair ID] [--against DIGEST]`: check the hash chain of one pair or of the whole
 * ledger; with a digest, also prove the ledger today extends the ledger at that digest.
 */
import { Command } from "commander";
import { readDigestFile } from "../../audit/digest.js";
import { formatVerification } from "../../audit/report.js";
import { verifyLedger, verifyPair } from "../../audit/verify.js";
import type { EventStore } from "../../ports/event-store.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  exitWith,
  json,
  positiveInt,
  withConnection,
  withConnectionOptions,
  withScanProgress,
} from "../shared.js";

interface VerifyOptions extends ConnectionOptions {
  readonly pair?: string;
  readonly against?: string;
  readonly segments: number;
  readonly json?: boolean;
}

export function verifyCommand(): Command {
  return withConnectionOptions(
    new Command("verify")
      .description(
        "verify the hash chain of one pair or the whole ledger (exit 0 intact, 1 findings, 2 usage)",
      )
      .option("--pair <pairId>", "only this pair (a consistent read of its stream)")
      .option("--against <digest.json>", "also prove the ledger extends the ledger at this published digest")
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4)
      .option("--json", "print the result as JSON"),
  ).action((opts: VerifyOptions) =>
    exitWith(async () => {
      if (opts.pair && opts.against) throw new UsageError("--against checks the whole ledger; drop --pair");
      const against = opts.against
        ? await readDigestFile(opts.against).catch((e: Error) => {
            throw new UsageError(e.message);
          })
        : undefined;
      return withConnection(opts, async (c) => {
        if (opts.pair) return verifyOnePair(c.stores.eventStore, opts.pair, opts.json);
        const v = await withScanProgress(c, "verify", (onProgress) =>
          verifyLedger(c.stores.eventStore, {
            segments: opts.segments,
            ...(against ? { against } : {}),
            onProgress,
          }),
        );
        process.stdout.write(opts.json ? json(v) : `${formatVerification(v)}\n`);
        return v.ok ? EXIT.clean : EXIT.findings;
      });
    }),
  );
}

/** One pair's chain, read consistently. */
async function verifyOnePair(eventStore: EventStore, pairId: string, asJson?: boolean): Promise<number> {
  const v = await verifyPair(eventStore, pairId);
  if (v.events === 0) {
    process.stderr.write(`no events for pair ${pairId}\n`);
    return EXIT.findings;
  }
  process.stdout.write(
    asJson
      ? json(v)
      : `${v.pairId}: ${v.ok ? "OK" : "BROKEN"} — ${v.events} events, head v${v.head?.version} ${v.head?.hash}\n${v.breaks.map((b) => `  - ${b.message}\n`).join("")}`,
  );
  return v.ok ? EXIT.clean : EXIT.findings;
}
