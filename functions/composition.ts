/**
 * The composition root: SDK clients and adapters built once from parsed configuration.
 * Entry points (Lambda handlers, the local runtime, the CLI) call these and nothing else builds
 * infrastructure.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { uuidv7 } from "./shared/uuidv7.js";
import { createDynamoEventStore } from "./adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "./adapters/dynamodb/dynamodb-read-model.js";
import { createDynamoReadModelReader } from "./adapters/dynamodb/dynamodb-read-model-reader.js";
import { createMemoryEventStore } from "./adapters/memory/memory-event-store.js";
import { createLedger, type Ledger } from "./application/ledger.js";
import { createStreamCache } from "./application/stream-cache.js";
import type { LedgerConfig } from "./config.js";
import type { EventStore } from "./ports/event-store.js";
import type { ReadModelReader, ReadModelStore } from "./ports/read-model.js";

export interface Stores<R extends ReadModelReader = ReadModelStore> {
  readonly eventStore: EventStore;
  readonly readModel: R;
}

export function createDocumentClient(dynamodb: {
  endpoint?: string;
  region: string;
}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: dynamodb.region,
    ...(dynamodb.endpoint
      ? { endpoint: dynamodb.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    // Throttling and 5xx are retried with exponential backoff by the SDK's standard strategy.
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function buildStores(
  config: Pick<LedgerConfig, "dynamodb" | "eventsTable" | "readModelTable">,
  doc = createDocumentClient(config.dynamodb),
): Stores {
  return {
    eventStore: createDynamoEventStore(doc, config.eventsTable),
    readModel: createDynamoReadModel(doc, config.readModelTable),
  };
}

/**
 * The stores of the HTTP API and the board: the read model's reading half only, so that its write
 * code stays out of their bundles (they never write it: the projector does).
 */
export function buildReadingStores(
  config: Pick<LedgerConfig, "dynamodb" | "eventsTable" | "readModelTable">,
  doc = createDocumentClient(config.dynamodb),
): Stores<ReadModelReader> {
  return {
    eventStore: createDynamoEventStore(doc, config.eventsTable),
    readModel: createDynamoReadModelReader(doc, config.readModelTable),
  };
}

/** An empty event store in memory: the import rehearses a file against one. */
export const createScratchEventStore = (): EventStore => createMemoryEventStore();

export function buildLedger(
  eventStore: EventStore,
  config: Pick<LedgerConfig, "idempotencyTtlSeconds">,
): Ledger {
  return createLedger({
    eventStore,
    clock: () => new Date(),
    newId: uuidv7,
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
    // A warm Lambda or CLI process decides the next command on a pair it just wrote without
    // reading the stream again; the conditional append guards every write.
    streamCache: createStreamCache(),
  });
}
