/**
 * Counters as of a day from the read model's `HIST` items (docs/read-model.md): the roll-ups
 * before the day and the days of its month up to it (`rangesUntil`: at most nine key ranges),
 * each read by a paginated Query, all in parallel, and summed.
 */
import { QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { isDayKey, rangesUntil } from "../../../domain/index.js";
import { HIST, PK, SK } from "./read-model-writes.js";

/** Only some counters (a projection), only some roll-up families, with or without the day items. */
export interface CounterRead {
  readonly names?: readonly string[];
  readonly families?: readonly ("" | "P")[];
  readonly days?: boolean;
}

export async function readCountersUntil(
  doc: DynamoDBDocumentClient,
  tableName: string,
  day: string,
  only: CounterRead = {},
): Promise<Record<string, number>> {
  const sum: Record<string, number> = {};
  const { names } = only;
  const attributeNames = {
    "#pk": PK,
    "#sk": SK,
    ...Object.fromEntries((names ?? []).map((n, i) => [`#n${i}`, n])),
  };
  const projection = names ? { ProjectionExpression: names.map((_, i) => `#n${i}`).join(", ") } : {};
  await Promise.all(
    rangesUntil(day, only.families, only.days).map(async ([lo, hi]) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :lo AND :hi",
            ...projection,
            ExpressionAttributeNames: attributeNames,
            ExpressionAttributeValues: { ":pk": HIST, ":lo": lo, ":hi": isDayKey(hi) ? `${hi}#~` : hi },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? [])
          for (const [k, n] of Object.entries(item))
            if (typeof n === "number" && k !== PK && k !== SK) sum[k] = (sum[k] ?? 0) + n;
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return sum;
}
