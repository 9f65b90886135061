/** The CLI as users run it: `node --import tsx functions/cli/main.ts …` in a child process. */
import { execFile } from "node:child_process";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where the ledger's configuration comes from besides flags; cleared so the parent's never leaks in. */
const LEDGER_ENV = ["EVENTS_TABLE", "READ_MODEL_TABLE", "DYNAMODB_ENDPOINT", "DIGEST_BUCKET", "DIGEST_DIR"];

/**
 * Run the CLI with these arguments and environment (added to a copy of the parent's, without its
 * ledger settings); never rejects: resolves with the exit code and the output. A hung child is
 * killed after `timeoutMs`.
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  for (const k of LEDGER_ENV) delete childEnv[k];
  Object.assign(childEnv, env);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "functions/cli/main.ts", ...args],
      { env: childEnv, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The flags that point the CLI at DynamoDB Local tables. */
export const tableFlags = (endpoint: string, tables: { events: string; readModel: string }) => [
  "--endpoint",
  endpoint,
  "--events-table",
  tables.events,
  "--read-model-table",
  tables.readModel,
];
