/**
 * What the counts as of a day ask DynamoDB for: the roll-ups by key in one BatchGet, and never
 * the centuries before the year 1000 (no effective date lies there: C#00–C#09 are never written);
 * the board's US–Russia counts read with the totals while the LAYOUT item vouches for them.
 */
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { expect, it } from "vitest";
import { isDayKey, type History } from "../../domain/index.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { TODAY, pairDoc } from "../contracts/read-model.contract.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { injectFaults } from "../support/faults.js";

const local = useDynamoDbLocal();

/** The day items of a stored history (what a replay recounts), without the roll-ups. */
const dayByDay = (h: History): History => Object.fromEntries(Object.entries(h).filter(([k]) => isDayKey(k)));

it("reads the counts as of a day in one BatchGet of the roll-ups from C#10 and the day's items", async () => {
  const tables = await local.freshTables();
  const { calls } = injectFaults(local.doc); // no plan: it only records each request
  const commands = () => calls.map((c) => c.command);
  const batches = () =>
    calls.flatMap(({ input }) => {
      const keys = (input.RequestItems as Record<string, { Keys: { sk: { S: string } }[] }> | undefined)?.[
        tables.readModel
      ]?.Keys;
      return keys ? [keys.map((k) => k.sk.S)] : [];
    });
  const store = createDynamoReadModel(local.doc, tables.readModel);
  await store.statsAsOf("2022-01-01");
  expect(commands()).toEqual(["BatchGetItemCommand"]);
  const keys = (batches()[0] ?? []).sort();
  // Per family: C#10–C#19, X#200–X#201, Y#2020–Y#2021; then the day's 8 shards.
  expect(keys.filter((k) => /^P?C#/.test(k))).toEqual([
    ...Array.from({ length: 10 }, (_, i) => `C#1${i}`),
    ...Array.from({ length: 10 }, (_, i) => `PC#1${i}`),
  ]);
  expect(keys).toHaveLength(2 * (10 + 2 + 2) + 8);
  // The board's counts (US–Russia only): the same roll-ups, none before C#10 either.
  calls.length = 0;
  await store.statsAsOf("2022-01-01", { countryPairs: ["RU-US"] });
  expect(commands()).toEqual(["BatchGetItemCommand", "BatchGetItemCommand"]);
  expect(
    batches()
      .flat()
      .filter((k) => /^P?C#0/.test(k)),
  ).toEqual([]);
});

const usRussia = [
  pairDoc({ name: "Volgograd", country: "RU" }, { name: "Cleveland", country: "US" }, [
    ["established", "1990"],
    ["suspended", "2022-03"],
  ]),
  pairDoc({ name: "Tula", country: "RU" }, { name: "Albuquerque", country: "US" }, [["established", "1994"]]),
  pairDoc({ name: "Düsseldorf", country: "DE" }, { name: "Moscow", country: "RU" }, [
    ["established", "1992"],
  ]),
];

it("reads the board's US–Russia counts with the totals (one BatchGet) once the LAYOUT item vouches for them, from their own roll-ups otherwise", async () => {
  const tables = await local.freshTables();
  const { calls } = injectFaults(local.doc); // no plan: it only records each request
  const commands = () => calls.map((c) => c.command);
  const store = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  // The first save into a read model without counters writes the LAYOUT item.
  for (const d of usRussia) expect(await store.save(d, undefined)).toBe("saved");
  const layout = { pk: "HIST", sk: "LAYOUT" };
  expect(
    (await local.doc.send(new GetCommand({ TableName: tables.readModel, Key: layout }))).Item,
  ).toMatchObject({
    featured: ["RU-US"],
  });
  expect((await store.statsAsOf("2023-01-01")).byCountryPair["RU-US"]).toMatchObject({
    total: 2,
    active: 1,
    suspended: 1,
  });
  // The board's counts: the same as the whole counts', and the requests they took.
  const board = async () => {
    const whole = await store.statsAsOf("2023-01-01");
    calls.length = 0;
    const stats = await store.statsAsOf("2023-01-01", { countryPairs: ["RU-US"] });
    expect(stats.total).toEqual(whole.total);
    expect(stats.byCountry).toEqual(whole.byCountry);
    expect(stats.byCountryPair).toEqual({ "RU-US": whole.byCountryPair["RU-US"] });
    return commands();
  };
  expect(await board()).toEqual(["BatchGetItemCommand"]);
  // Counters that predate the layout (the LAYOUT item absent): the pair's own roll-ups, and the
  // totals' copies (here whole, after an upgrade partial) are not added.
  await local.doc.send(new DeleteCommand({ TableName: tables.readModel, Key: layout }));
  expect(await board()).toEqual(["BatchGetItemCommand", "BatchGetItemCommand"]);
  // A new process does not vouch for counters it did not see written …
  const later = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  const moved = pairDoc({ name: "Tula", country: "RU" }, { name: "Albuquerque", country: "US" }, [
    ["established", "1994"],
    ["suspended", "2022-04"],
  ]);
  expect(await later.save(moved, usRussia[1])).toBe("saved");
  expect(
    (await local.doc.send(new GetCommand({ TableName: tables.readModel, Key: layout }))).Item,
  ).toBeUndefined();
  expect(await board()).toEqual(["BatchGetItemCommand", "BatchGetItemCommand"]);
  expect((await store.statsAsOf("2023-01-01")).byCountryPair["RU-US"]).toMatchObject({
    total: 2,
    suspended: 2,
  });
  // … a repair (the counters rewritten whole) does.
  await later.setHistory(dayByDay(await later.history()));
  expect(await board()).toEqual(["BatchGetItemCommand"]);
});
