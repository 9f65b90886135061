/**
 * Creates the ledger's tables in DynamoDB Local from the shared definitions, when missing.
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import {
  eventsTable,
  readModelTable,
  type TableDefinition,
  toCreateTableInput,
} from "../../functions/adapters/dynamodb/tables.js";

export interface TableNames {
  readonly events: string;
  readonly readModel: string;
}

/** Creates both tables if missing (idempotent) and enables TTL on the events table. */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all([
    ensureTable(client, eventsTable, names.events),
    ensureTable(client, readModelTable, names.readModel),
  ]);
}

async function ensureTable(client: DynamoDBClient, def: TableDefinition, tableName: string): Promise<void> {
  if (!(await tableExists(client, tableName))) {
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(def, tableName)));
    } catch (error) {
      // Another process created it between our describe and create: fine.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 60 }, { TableName: tableName });
  }
  if (def.timeToLiveAttribute !== undefined) {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: def.timeToLiveAttribute, Enabled: true },
        }),
      );
    } catch {
      // DynamoDB Local accepts UpdateTimeToLive, but a second enable (restart with a data folder)
      // is a ValidationException ("TimeToLive is already enabled"), and older versions rejected it.
      // Locally TTL only matters for tidiness (the idempotency records), so either way is fine.
    }
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
