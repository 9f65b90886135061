/**
 * What the counts as of a day ask DynamoDB for: the roll-ups by key in one BatchGet, and never
 * the centuries before the year 1000 (no effective date lies there: C#00–C#09 are never written).
 */
import { expect, it } from "vitest";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { recordingClient } from "../support/sent-commands.js";

const local = useDynamoDbLocal();

it("reads the counts as of a day in one BatchGet of the roll-ups from C#10 and the day's items", async () => {
  const tables = await local.freshTables();
  const { client, sent, names: commands } = recordingClient(local.doc);
  const batches = () =>
    sent.flatMap(({ input }) => {
      const keys = (input.RequestItems as Record<string, { Keys: { sk: string }[] }> | undefined)?.[
        tables.readModel
      ]?.Keys;
      return keys ? [keys.map((k) => k.sk)] : [];
    });
  const store = createDynamoReadModel(client, tables.readModel);
  await store.statsAsOf("2022-01-01");
  expect(commands()).toEqual(["BatchGetCommand"]);
  const keys = (batches()[0] ?? []).sort();
  // Per family: C#10–C#19, X#200–X#201, Y#2020–Y#2021; then the day's 8 shards.
  expect(keys.filter((k) => /^P?C#/.test(k))).toEqual([
    ...Array.from({ length: 10 }, (_, i) => `C#1${i}`),
    ...Array.from({ length: 10 }, (_, i) => `PC#1${i}`),
  ]);
  expect(keys).toHaveLength(2 * (10 + 2 + 2) + 8);
  // The board's counts (US–Russia only): the same roll-ups, none before C#10 either.
  sent.length = 0;
  await store.statsAsOf("2022-01-01", { countryPairs: ["RU-US"] });
  expect(commands()).toEqual(["BatchGetCommand", "BatchGetCommand"]);
  expect(
    batches()
      .flat()
      .filter((k) => /^P?C#0/.test(k)),
  ).toEqual([]);
});
