/**
 * The `ledger` CLI: audits and operations against DynamoDB Local or AWS.
 * Each command is a module in ./commands exporting a factory that returns a commander Command;
 * register a new one with ONE line in COMMANDS below. Exit codes: 0 clean, 1 findings, 2 usage.
 * Run: `npm run ledger -- <command>`, `node --import tsx functions/cli/main.ts <command>`, or bin/ledger.js.
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command, CommanderError } from "commander";
import { digestCommand } from "./commands/digest.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { proofCommand } from "./commands/proof.js";
import { replayCommand } from "./commands/replay.js";
import { statusCommand } from "./commands/status.js";
import { verifyExportCommand } from "./commands/verify-export.js";
import { verifyCommand } from "./commands/verify.js";
import { verifyDigestsCommand } from "./commands/verify-digests.js";
import { verifyProofCommand } from "./commands/verify-proof.js";
import { EXIT } from "./shared.js";

export const COMMANDS: readonly (() => Command)[] = [
  verifyCommand,
  digestCommand,
  exportCommand,
  verifyExportCommand,
  replayCommand,
  statusCommand,
  importCommand,
  proofCommand,
  verifyProofCommand,
  verifyDigestsCommand,
];

export function buildProgram(): Command {
  const program = new Command("ledger")
    .description(
      "Sister City Ledger: verify, digest, export, replay and import, against DynamoDB Local or AWS",
    )
    .showHelpAfterError("(run with --help for usage)");
  for (const make of COMMANDS) program.addCommand(make());
  // Usage errors exit 2 (commander's default is 1, which scripts would read as "findings").
  for (const cmd of [program, ...program.commands]) cmd.exitOverride();
  return program;
}

/** Parse and run; resolves with the exit code. */
export async function run(argv: readonly string[] = process.argv): Promise<number> {
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync([...argv]);
    return Number(process.exitCode ?? EXIT.clean);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.clean : EXIT.usage;
    throw e;
  }
}

const invokedDirectly = (() => {
  try {
    return (
      process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href
    );
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  // AWS SDK v3 warns on Node 20; the CLI's output must stay clean (docs/maintaining.md#sdk-node-warning).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.exitCode = await run();
}
