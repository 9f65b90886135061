/**
 * What the CLI commands share: exit codes, where the tables are (flags, then environment, then the
 * running local ledger's runtime file), SDK clients, and progress bars on stderr.
 */
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import { isValidEffectiveDate } from "../../domain/index.js";
import { readModelTable, toCreateTableInput } from "../adapters/dynamodb/tables.js";
import type { ScanProgress } from "../audit/stream-scan.js";
import { type PairRows, statusCsvHeader, statusCsvRows, statusRecords } from "../export/status-csv.js";
import { buildStores, createDocumentClient, type Stores } from "../composition.js";
import { ENV, loadConfig, type LedgerConfig } from "../config.js";

/** Exit codes scripts can rely on. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** A mistake in how the command was called or configured: exit 2 with the message. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ConnectionOptions {
  /** A deployed stateless stack whose outputs name the tables (SisterCityLedger-<stage>-Stateless). */
  readonly stack?: string;
  readonly endpoint?: string;
  readonly region?: string;
  readonly eventsTable?: string;
  readonly readModelTable?: string;
  readonly data?: string;
}

/** --endpoint, --region, --events-table, --read-model-table, --data on a command. */
export function withConnectionOptions(cmd: Command): Command {
  return cmd
    .option(
      "--stack <name>",
      "a deployed stack whose outputs name the tables, e.g. SisterCityLedger-prod-Stateless",
    )
    .option("--endpoint <url>", `DynamoDB endpoint (DynamoDB Local); env ${ENV.dynamodbEndpoint}`)
    .option("--region <region>", `AWS region; env ${ENV.region}`)
    .option("--events-table <name>", `events table; env ${ENV.eventsTable}`)
    .option("--read-model-table <name>", `read-model table; env ${ENV.readModelTable}`)
    .option(
      "--data <dir>",
      "local data folder: its runtime.json names a running local ledger; env LEDGER_DATA_DIR, default .data",
    );
}

/** The runtime file a running local ledger writes (infra/local/local-runtime.ts). */
function runtimeEnv(dataDir: string): Record<string, string> {
  try {
    const rt = JSON.parse(readFileSync(join(dataDir, "runtime.json"), "utf8")) as {
      dynamodbEndpoint?: string;
      tables?: { events?: string; readModel?: string };
    };
    return Object.fromEntries(
      [
        [ENV.dynamodbEndpoint, rt.dynamodbEndpoint],
        [ENV.eventsTable, rt.tables?.events],
        [ENV.readModelTable, rt.tables?.readModel],
        [ENV.digestDir, join(dataDir, "digests")],
      ].filter((kv): kv is [string, string] => typeof kv[1] === "string"),
    );
  } catch {
    return {};
  }
}

/** The local data folder, found as `npm start` finds it: --data, then LEDGER_DATA_DIR, then .data. */
export const localDataDir = (opts: ConnectionOptions, env: Record<string, string | undefined>) =>
  opts.data ?? (env.LEDGER_DATA_DIR || ".data");

/** Configuration from flags, then the environment, then the local runtime file. */
export function resolveConfig(
  opts: ConnectionOptions,
  env: Record<string, string | undefined>,
): LedgerConfig {
  const flags = Object.fromEntries(
    [
      [ENV.dynamodbEndpoint, opts.endpoint],
      [ENV.region, opts.region],
      [ENV.eventsTable, opts.eventsTable],
      [ENV.readModelTable, opts.readModelTable],
    ].filter((kv): kv is [string, string] => typeof kv[1] === "string"),
  );
  // With --stack the tables are deployed ones: a running local ledger must not lend its endpoint.
  const local = opts.stack ? {} : runtimeEnv(localDataDir(opts, env));
  const merged = { ...local, ...env, ...flags };
  if (!merged[ENV.eventsTable])
    throw new UsageError(
      `no events table: pass --events-table (and --endpoint for DynamoDB Local), set ${ENV.eventsTable}, or start the local ledger (npm start)`,
    );
  try {
    // The CLI never serves HTTP; auth settings do not apply to it.
    return loadConfig({ ...merged, [ENV.authMode]: "aws" });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export interface Connection {
  readonly config: LedgerConfig;
  readonly doc: DynamoDBDocumentClient;
  readonly stores: Stores;
  /** A low-level client (table management). */
  readonly dynamodb: DynamoDBClient;
  close(): void;
}

/** The stateless stack's outputs that configure the CLI (names set in infra/stacks/stateless-stack.ts). */
export function envFromStackOutputs(outputs: readonly { OutputKey?: string; OutputValue?: string }[]) {
  const value = (key: string) => outputs.find((o) => o.OutputKey === key)?.OutputValue;
  const pairs: [string, string | undefined][] = [
    [ENV.eventsTable, value("EventsTableName")],
    [ENV.readModelTable, value("ReadModelTableName")],
    [ENV.digestBucket, value("DigestBucketName")],
  ];
  return Object.fromEntries(pairs.filter((kv): kv is [string, string] => kv[1] !== undefined));
}

async function stackEnv(stack: string, region: string | undefined): Promise<Record<string, string>> {
  const { CloudFormationClient, DescribeStacksCommand } = await import("@aws-sdk/client-cloudformation");
  const cfn = new CloudFormationClient(region ? { region } : {});
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
    const env = envFromStackOutputs(out.Stacks?.[0]?.Outputs ?? []);
    if (!env[ENV.eventsTable]) throw new UsageError(`stack ${stack} has no EventsTableName output`);
    return env;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(
      `cannot read the outputs of stack ${stack}: ${e instanceof Error ? e.message : String(e)}`,
    );
  } finally {
    cfn.destroy();
  }
}

export async function connect(
  opts: ConnectionOptions,
  env: Record<string, string | undefined>,
): Promise<Connection> {
  const fromStack = opts.stack ? await stackEnv(opts.stack, opts.region ?? env[ENV.region]) : {};
  const config = resolveConfig(opts, { ...env, ...fromStack });
  const doc = createDocumentClient(config.dynamodb);
  const dynamodb = new DynamoDBClient({
    region: config.dynamodb.region,
    ...(config.dynamodb.endpoint
      ? {
          endpoint: config.dynamodb.endpoint,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
  });
  return {
    config,
    doc,
    dynamodb,
    stores: buildStores(config, doc),
    close() {
      doc.destroy();
      dynamodb.destroy();
    },
  };
}

/**
 * Connect, run a command's work on the connection, and close it however the work ends (the SDK
 * clients keep sockets open: an unclosed connection keeps the process alive).
 */
export async function withConnection<T>(
  opts: ConnectionOptions,
  work: (c: Connection) => Promise<T>,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  const c = await connect(opts, env);
  try {
    return await work(c);
  } finally {
    c.close();
  }
}

/** Where a command writes: the --out file (ended and flushed before this resolves) or stdout. */
export async function withOutput<T>(
  file: string | undefined,
  work: (out: Writable) => Promise<T>,
): Promise<T> {
  const out: Writable = file ? createWriteStream(file) : process.stdout;
  try {
    return await work(out);
  } finally {
    if (file) {
      out.end();
      await finished(out);
    }
  }
}

/** A scan of the events table with a progress bar (sized by the table's item count), stopped when it ends. */
export async function withScanProgress<T>(
  c: Connection,
  label: string,
  scan: (onProgress: (p: ScanProgress) => void) => Promise<T>,
): Promise<T> {
  const bar = scanProgress(label, await approximateItems(c.dynamodb, c.config.eventsTable));
  return scan(bar.onProgress).finally(bar.stop);
}

/** Approximate item count of a table (for the progress bar's total); undefined when unknown. */
export async function approximateItems(dynamodb: DynamoDBClient, table: string): Promise<number | undefined> {
  try {
    const out = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    return out.Table?.ItemCount || undefined;
  } catch {
    return undefined;
  }
}

/** Create a read-model table from the shared definition when it does not exist (replay --into). */
export async function ensureReadModelTable(dynamodb: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: table }));
    return false;
  } catch (e) {
    if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
  }
  await dynamodb.send(new CreateTableCommand(toCreateTableInput(readModelTable, table)));
  await waitUntilTableExists({ client: dynamodb, minDelay: 1, maxWaitTime: 120 }, { TableName: table });
  return true;
}

/** A progress bar on stderr (only when stderr is a terminal: pipes and CI logs stay clean). */
export function scanProgress(label: string, total: number | undefined) {
  if (!process.stderr.isTTY) return { onProgress: (_: ScanProgress) => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label.padEnd(8)} [{bar}] {value}/{total} events | {streams} streams | {segmentsDone}/{segments} segments | {rate} events/s`,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(total ?? 1, 0, { streams: 0, segmentsDone: 0, segments: "?", rate: 0 });
  return {
    onProgress(p: ScanProgress) {
      if (p.events > bar.getTotal()) bar.setTotal(p.events);
      const rate = Math.round((p.events * 1000) / Math.max(1, Date.now() - started));
      bar.update(p.events, { streams: p.streams, segmentsDone: p.segmentsDone, segments: p.segments, rate });
    },
    stop() {
      bar.stop();
    },
  };
}

export const positiveInt =
  (max = 1024) =>
  (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`must be an integer from 1 to ${max}`);
    return n;
  };

/** Run a command's body: its result is the exit code; usage errors are 2, anything else 2 with the message. */
export function exitWith(body: () => Promise<number>): Promise<void> {
  return body().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`ledger: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A commander parser for an effective date (2022, 2022-03 or 2022-03-09). */
export function effectiveDateArg(value: string): string {
  if (!isValidEffectiveDate(value))
    throw new InvalidArgumentError("must be a date: 2022, 2022-03 or 2022-03-09");
  return value;
}

/** Write to a stream, waiting for it to drain when its buffer is full (large exports). */
export async function writeDrained(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** Pairs as the import's CSV, written in chunks (a registry-scale export does not sit in one string). */
export async function writeStatusCsv(
  out: Writable,
  pairs: readonly PairRows[],
  which: "history" | "status",
  asOf: string | undefined,
): Promise<void> {
  await writeDrained(out, statusCsvHeader());
  for (let i = 0; i < pairs.length; i += 1000)
    await writeDrained(out, statusCsvRows(statusRecords(pairs.slice(i, i + 1000), which, asOf)));
}
