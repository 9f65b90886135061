/**
 * Castore 2.4.2 as its documentation sets it up: the single-table DynamoDB adapter on a table
 * keyed (aggregateId, version) with the `initialEvents` GSI (eventStoreId, timestamp, KEYS_ONLY),
 * an EventStore with a reducer, and a command that reads the aggregate, decides, and pushes the
 * next version. Same business shape as ours: a pair is registered, then proposals are recorded
 * while it is live.
 */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventStore, EventType } from "@castore/core";
import {
  DynamoDBSingleTableEventStorageAdapter,
  EVENT_TABLE_EVENT_STORE_ID_KEY,
  EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
  EVENT_TABLE_PK,
  EVENT_TABLE_SK,
  EVENT_TABLE_TIMESTAMP_KEY,
} from "@castore/event-storage-adapter-dynamodb";
import { forEachLimited } from "../../functions/shared/concurrency.js";
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "../../infra/local/dynamodb-local.js";

/** The table of the adapter's README (CloudFormation/CDK examples), on DynamoDB Local. */
export async function createCastoreTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: EVENT_TABLE_PK, AttributeType: "S" },
        { AttributeName: EVENT_TABLE_SK, AttributeType: "N" },
        { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, AttributeType: "S" },
        { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: EVENT_TABLE_PK, KeyType: "HASH" },
        { AttributeName: EVENT_TABLE_SK, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: EVENT_TABLE_INITIAL_EVENT_INDEX_NAME,
          KeySchema: [
            { AttributeName: EVENT_TABLE_EVENT_STORE_ID_KEY, KeyType: "HASH" },
            { AttributeName: EVENT_TABLE_TIMESTAMP_KEY, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
}

export const castoreClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 5 });

const registered = new EventType<"PAIR_REGISTERED", Record<string, unknown>>({ type: "PAIR_REGISTERED" });
const proposed = new EventType<"CHANGE_PROPOSED", Record<string, unknown>>({ type: "CHANGE_PROPOSED" });

interface PairAggregate {
  aggregateId: string;
  version: number;
  status: "active" | "terminated";
  proposals: number;
}

export function castorePairs(client: DynamoDBClient, tableName: string) {
  const store = new EventStore({
    eventStoreId: "PAIRS",
    eventTypes: [registered, proposed],
    reducer: (aggregate: PairAggregate | undefined, event): PairAggregate => {
      const { aggregateId, version } = event;
      if (event.type === "PAIR_REGISTERED") return { aggregateId, version, status: "active", proposals: 0 };
      const prev = aggregate as PairAggregate;
      return { ...prev, version, proposals: prev.proposals + 1 };
    },
    eventStorageAdapter: new DynamoDBSingleTableEventStorageAdapter({ tableName, dynamoDBClient: client }),
  });
  return {
    store,
    /** Registration: pushEvent at version 1, no read (the condition refuses a second one). */
    async register(aggregateId: string, payload: Record<string, unknown>) {
      await store.pushEvent({ aggregateId, version: 1, type: "PAIR_REGISTERED", payload });
    },
    /** A command: getAggregate → decide a valid transition → pushEvent at version + 1. */
    async propose(aggregateId: string, payload: Record<string, unknown>) {
      const { aggregate } = await store.getAggregate(aggregateId);
      if (aggregate?.status !== "active") throw new Error(`${aggregateId} is not live`);
      await store.pushEvent(
        { aggregateId, version: aggregate.version + 1, type: "CHANGE_PROPOSED", payload },
        { prevAggregate: aggregate },
      );
    },
    /** Replay: list every aggregate id (GSI, page by page), then getAggregate each, `concurrency` at a time. */
    async replay(concurrency: number): Promise<{ aggregates: number; events: number }> {
      let aggregates = 0;
      let events = 0;
      let pageToken: string | undefined;
      do {
        const page = await store.listAggregateIds({ limit: 100, ...(pageToken ? { pageToken } : {}) });
        await forEachLimited(page.aggregateIds, concurrency, async ({ aggregateId }) => {
          const { aggregate } = await store.getAggregate(aggregateId);
          aggregates++;
          events += aggregate?.version ?? 0;
        });
        pageToken = page.nextPageToken;
      } while (pageToken);
      return { aggregates, events };
    },
  };
}
