/**
 * `ledger verify-export FILE`: check an NDJSON export offline — no database, no AWS, no
 * configuration. Exit 0 when it verifies, 1 with each problem and its line, 2 when unreadable.
 */
import { access } from "node:fs/promises";
import { Command } from "commander";
import { verifyExportFile } from "../../audit/verify-export.js";
import { EXIT, UsageError, exitWith, json } from "../shared.js";

export function verifyExportCommand(): Command {
  return new Command("verify-export")
    .description(
      "verify an NDJSON export offline: every chain, the manifest's counts and digest (no database needed)",
    )
    .argument("<file>", "an export written by `ledger export --format ndjson` or GET /audit/export")
    .option("--json", "print the result as JSON")
    .action((file: string, opts: { json?: boolean }) =>
      exitWith(async () => {
        await access(file).catch(() => {
          throw new UsageError(`cannot read ${file}`);
        });
        const v = await verifyExportFile(file);
        if (opts.json) process.stdout.write(json(v));
        else {
          const head = v.ok
            ? `${file}: OK — ${v.streams} streams, ${v.events} events, root ${v.root}`
            : `${file}: REJECTED — first break at line ${v.problems[0]?.line}`;
          process.stdout.write(
            `${head}\n${v.problems.map((p) => `  line ${p.line}: ${p.message}\n`).join("")}`,
          );
        }
        return v.ok ? EXIT.clean : EXIT.findings;
      }),
    );
}
