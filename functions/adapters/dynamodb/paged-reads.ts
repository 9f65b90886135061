/**
 * The two paged reads every DynamoDB adapter here needs: a Query followed page by page, and a
 * BatchGet of any number of keys (100 a request, DynamoDB's limit; unprocessed keys asked again).
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";

export type Item = Record<string, unknown>;

/** Keys per BatchGetItem request (DynamoDB's limit). */
export const BATCH_GET_KEYS = 100;

/** Each page of a Query's items, following LastEvaluatedKey to the end. */
export async function* queryPages(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): AsyncGenerator<Item[]> {
  let startKey: Item | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield (out.Items ?? []) as Item[];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/**
 * The items of these keys that exist, consistently read, in no particular order: BatchGets of at
 * most 100 keys, all in parallel, each repeated for its unprocessed keys. `read` adds a projection.
 */
export async function batchGetAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  read: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  const batches: Item[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) batches.push(keys.slice(i, i + BATCH_GET_KEYS));
  await Promise.all(
    batches.map(async (batch) => {
      let pending: Item[] | undefined = batch;
      while (pending && pending.length > 0) {
        const out: BatchGetCommandOutput = await doc.send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ...read } },
          }),
        );
        found.push(...((out.Responses?.[tableName] ?? []) as Item[]));
        pending = out.UnprocessedKeys?.[tableName]?.Keys as Item[] | undefined;
      }
    }),
  );
  return found;
}
