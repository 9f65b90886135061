/** What every benchmark section gets: the DynamoDB Local endpoint, sizes, fresh tables, a logger. */
import { randomUUID } from "node:crypto";
import { ensureTables, type TableNames } from "../../infra/local/create-tables.js";
import { createDynamoClients } from "../../infra/local/dynamodb-local.js";

export interface Sizes {
  /** Pairs in the replay table (registry scale: up to 20,000). */
  readonly pairs: number;
  /** Events per pair in the replay table (the registration included). */
  readonly events: number;
  /** Commands per timed run of the command path (sequential latency run). */
  readonly commands: number;
  /** Commands per throughput run. */
  readonly throughputCommands: number;
  /** Writers in flight in the throughput runs and HTTP connections. */
  readonly concurrency: number;
  /** Repeated runs per measurement (the median is reported). */
  readonly repeats: number;
  /** Seconds per autocannon run. */
  readonly httpSeconds: number;
  /** Append→visible samples through the stream poller. */
  readonly lagSamples: number;
  /** Fresh-process runs per bundle. */
  readonly coldRuns: number;
  /** Parallel scan segments (replay and bare scan alike). */
  readonly segments: number;
  /** Rows of the Wikidata fixture the import section imports (all: 15,911). */
  readonly importRows: number;
}

export interface BenchContext {
  readonly endpoint: string;
  readonly sizes: Sizes;
  log(message: string): void;
  freshTables(prefix: string): Promise<TableNames>;
}

export function createContext(endpoint: string, sizes: Sizes, log: (m: string) => void): BenchContext {
  const { dynamodb } = createDynamoClients(endpoint);
  return {
    endpoint,
    sizes,
    log,
    async freshTables(prefix) {
      const suffix = randomUUID().slice(0, 8);
      const names = { events: `${prefix}-events-${suffix}`, readModel: `${prefix}-read-model-${suffix}` };
      await ensureTables(dynamodb, names);
      return names;
    },
  };
}

export const REGION = "us-east-1";
