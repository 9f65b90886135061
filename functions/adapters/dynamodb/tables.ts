/**
 * The one definition of the ledger's DynamoDB tables: key names, stream, TTL.
 * The CDK stacks (infra/stacks) and the local runtime (infra/local) both build their tables from
 * this module, and the adapters read and write with these names, so the three cannot drift.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export type AttributeType = "S" | "N";

export interface TableDefinition {
  /** Logical id, used for CDK construct ids and default local table names. */
  readonly id: "Events" | "ReadModel";
  readonly partitionKey: { readonly name: string; readonly type: AttributeType };
  readonly sortKey: { readonly name: string; readonly type: AttributeType };
  /** Stream view type, when the table has a stream. */
  readonly stream?: "NEW_IMAGE";
  /** Attribute holding an epoch-seconds expiry, when the table has TTL. */
  readonly timeToLiveAttribute?: string;
}

/**
 * Events: one item per event. pk = stream (pair id), sk = version (1, 2, …).
 * Idempotency records share the table (pk `$idem#<key>`, sk 0) so that an event and its key are
 * written in one TransactWriteItems; they expire through TTL, and the projector ignores them.
 */
export const eventsTable = {
  id: "Events",
  partitionKey: { name: "pairId", type: "S" },
  sortKey: { name: "version", type: "N" },
  stream: "NEW_IMAGE",
  timeToLiveAttribute: "expiresAt",
} as const satisfies TableDefinition;

/**
 * Read model: generic single-table layout (pk, sk strings). Item kinds are described in
 * functions/adapters/dynamodb/dynamodb-read-model.ts.
 */
export const readModelTable = {
  id: "ReadModel",
  partitionKey: { name: "pk", type: "S" },
  sortKey: { name: "sk", type: "S" },
} as const satisfies TableDefinition;

/** Prefix of every non-event item in the events table (idempotency records, markers). */
export const NON_EVENT_PREFIX = "$";

/** CreateTable input for DynamoDB (Local or AWS SDK), from a definition. */
export function toCreateTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const keys = [def.partitionKey, def.sortKey];
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: "HASH" },
      { AttributeName: def.sortKey.name, KeyType: "RANGE" },
    ],
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
}
