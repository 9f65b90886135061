/**
 * Stream records as Lambda delivers them: the SDK's DynamoDB Streams record reshaped into what a
 * Lambda stream handler receives. Pure.
 */
import type {
  AttributeValue as SdkAttributeValue,
  _Record as SdkRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue, DynamoDBRecord, StreamRecord } from "aws-lambda";

/**
 * The SDK's stream record, reshaped into what Lambda hands a DynamoDB stream handler: epoch
 * seconds instead of a Date, binary as base64 strings, and the event source ARN added.
 */
export function toLambdaRecord(record: SdkRecord, streamArn: string, awsRegion: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {
    ...(d.ApproximateCreationDateTime !== undefined
      ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
      : {}),
    ...(d.Keys !== undefined ? { Keys: toLambdaImage(d.Keys) } : {}),
    ...(d.NewImage !== undefined ? { NewImage: toLambdaImage(d.NewImage) } : {}),
    ...(d.OldImage !== undefined ? { OldImage: toLambdaImage(d.OldImage) } : {}),
    ...(d.SequenceNumber !== undefined ? { SequenceNumber: d.SequenceNumber } : {}),
    ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
    ...(d.StreamViewType !== undefined ? { StreamViewType: d.StreamViewType } : {}),
  };
  return {
    ...(record.eventID !== undefined ? { eventID: record.eventID } : {}),
    ...(record.eventName !== undefined ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion,
    dynamodb,
    eventSourceARN: streamArn,
    // TTL deletions carry { type: "Service", principalId: "dynamodb.amazonaws.com" } in Lambda.
    ...(record.userIdentity !== undefined
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
  };
}

function toLambdaImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaValue(v)]));
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  throw new Error(`Unsupported attribute value in stream record: ${JSON.stringify(value)}`);
}
