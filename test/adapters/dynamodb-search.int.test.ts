/**
 * The name search over DynamoDB Local asks for one Query: the word entries carry the list view
 * and the status points, kept current by every save. A word entry of the older layout (the pair
 * id only) is still found, its view read from the ALL index.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { expect, it } from "vitest";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { wordKey } from "../../functions/adapters/dynamodb/read-model-writes.js";
import { nameWords } from "../../functions/adapters/read-model-query.js";
import { TODAY, pairDoc } from "../contracts/read-model.contract.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { recordingClient } from "../support/sent-commands.js";

const local = useDynamoDbLocal();

const coventry = (steps: Parameters<typeof pairDoc>[2]) =>
  pairDoc(
    { name: "Volgograd", country: "RU", aliases: ["Stalingrad"] },
    { name: "Coventry", country: "GB" },
    steps,
  );
const first = coventry([["established", "1944"]]);
const second = coventry([
  ["established", "1944"],
  ["suspended", "2022-04"],
]);

it("finds pairs by name in one Query, with each pair's status after its latest save", async () => {
  const tables = await local.freshTables();
  const { client, sent, names } = recordingClient(local.doc);
  const store = createDynamoReadModel(client, tables.readModel, { now: () => TODAY });
  expect(await store.save(first, undefined)).toBe("saved");
  expect(await store.save(second, first)).toBe("saved");
  sent.length = 0;
  for (const q of ["stalin", "coventry", "volgograd gb"]) {
    const page = await store.list({ q }, { limit: 10 });
    expect(
      page.items.map((v) => [v.pairId, v.status, v.since]),
      q,
    ).toEqual([["gb-coventry--ru-volgograd", "suspended", "2022-04"]]);
  }
  expect(names()).toEqual(["QueryCommand", "QueryCommand", "QueryCommand"]);
  // As of a day, from the status points the word entry carries.
  const then = await store.list({ q: "coventry" }, { limit: 10, asOf: "2000" });
  expect(then.items.map((v) => v.status)).toEqual(["active"]);
});

it("still finds a pair whose word entries are of the older layout (the pair id only)", async () => {
  const tables = await local.freshTables();
  const { client, names, sent } = recordingClient(local.doc);
  const store = createDynamoReadModel(client, tables.readModel, { now: () => TODAY });
  await store.save(first, undefined);
  await store.save(second, first);
  for (const w of nameWords(second.view))
    await local.doc.send(
      new PutCommand({
        TableName: tables.readModel,
        Item: { ...wordKey(w, second.view.pairId), pairId: second.view.pairId },
      }),
    );
  sent.length = 0;
  const page = await store.list({ q: "stalingrad" }, { limit: 10 });
  expect(page.items.map((v) => [v.pairId, v.status])).toEqual([["gb-coventry--ru-volgograd", "suspended"]]);
  expect(names()).toEqual(["QueryCommand", "BatchGetCommand"]);
  // The pair's next save writes its word entries in the current layout again.
  const third = coventry([
    ["established", "1944"],
    ["suspended", "2022-04"],
    ["terminated", "2023-01-01"],
  ]);
  expect(await store.save(third, second)).toBe("saved");
  sent.length = 0;
  expect((await store.list({ q: "stalingrad" }, { limit: 10 })).items.map((v) => v.status)).toEqual([
    "terminated",
  ]);
  expect(names()).toEqual(["QueryCommand"]);
});
