/**
 * Vitest helper: one in-memory DynamoDB Local per test file, with clients and fresh tables.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { ensureTables, type TableNames } from "../../infra/local/create-tables.js";
import {
  createDynamoClients,
  type DynamoDbLocal,
  startDynamoDbLocal,
} from "../../infra/local/dynamodb-local.js";

export interface DynamoDbLocalFixture {
  readonly endpoint: string;
  readonly dynamodb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly streams: DynamoDBStreamsClient;
  /** Creates a uniquely named events + read-model pair of tables, so tests never share state. */
  freshTables(): Promise<TableNames>;
}

/** Call at the top level of a test file: starts DynamoDB Local before all tests, stops it after. */
export function useDynamoDbLocal(): DynamoDbLocalFixture {
  let local: DynamoDbLocal | undefined;
  let clients:
    | { dynamodb: DynamoDBClient; streams: DynamoDBStreamsClient; doc: DynamoDBDocumentClient }
    | undefined;

  beforeAll(async () => {
    local = await startDynamoDbLocal();
    const { dynamodb, streams } = createDynamoClients(local.endpoint);
    const doc = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
    clients = { dynamodb, streams, doc };
  });

  afterAll(async () => {
    clients?.dynamodb.destroy();
    clients?.streams.destroy();
    await local?.stop();
  });

  const ready = () => {
    if (local === undefined || clients === undefined) {
      throw new Error(
        "DynamoDB Local is not running: use the fixture inside tests or hooks, not at import time",
      );
    }
    return { local, clients };
  };

  return {
    get endpoint() {
      return ready().local.endpoint;
    },
    get dynamodb() {
      return ready().clients.dynamodb;
    },
    get doc() {
      return ready().clients.doc;
    },
    get streams() {
      return ready().clients.streams;
    },
    async freshTables() {
      const suffix = randomUUID().slice(0, 8);
      const names = { events: `events-${suffix}`, readModel: `read-model-${suffix}` };
      await ensureTables(ready().clients.dynamodb, names);
      return names;
    },
  };
}
