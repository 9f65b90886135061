/**
 * A DynamoDB table built from a definition in functions/adapters/dynamodb/tables.ts, so the deployed
 * key schema, stream and TTL are the ones the adapters and DynamoDB Local use.
 */
import type { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type { Construct } from "constructs";
import type { AttributeType, TableDefinition } from "../../functions/adapters/dynamodb/tables.js";

const attributeTypes: Record<AttributeType, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
};

const streamTypes: Record<NonNullable<TableDefinition["stream"]>, dynamodb.StreamViewType> = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
};

export interface LedgerTableOptions {
  /** RETAIN keeps the table (and its data) when the stack or resource is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /** Blocks DeleteTable, from the console and CloudFormation alike. */
  readonly deletionProtection: boolean;
}

/** The CDK props a definition maps to: on-demand, PITR always, AWS-owned encryption. */
export function tablePropsFrom(def: TableDefinition, options: LedgerTableOptions): dynamodb.TableProps {
  return {
    // No tableName: generated physical names let CloudFormation replace a table and let two
    // stages share an account.
    partitionKey: { name: def.partitionKey.name, type: attributeTypes[def.partitionKey.type] },
    sortKey: { name: def.sortKey.name, type: attributeTypes[def.sortKey.type] },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: options.deletionProtection,
    removalPolicy: options.removalPolicy,
    ...(def.stream ? { stream: streamTypes[def.stream] } : {}),
    ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
  };
}

export function createLedgerTable(
  scope: Construct,
  def: TableDefinition,
  options: LedgerTableOptions,
): dynamodb.Table {
  return new dynamodb.Table(scope, `${def.id}Table`, tablePropsFrom(def, options));
}
