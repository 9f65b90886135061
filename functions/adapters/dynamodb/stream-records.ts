/** DynamoDB stream records (as Lambda delivers them) → stored events; other items are skipped. */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import type { StoredEvent } from "../../../domain/index.js";
import { isEventItem, itemToEvent } from "./dynamodb-event-store.js";

/** The event in a record, or undefined for removals (TTL) and non-event items (idempotency keys). */
export function eventOfRecord(record: DynamoDBRecord): StoredEvent | undefined {
  if (record.eventName !== "INSERT" && record.eventName !== "MODIFY") return undefined;
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  return isEventItem(item) ? itemToEvent(item) : undefined;
}
