/**
 * The name search's ways in DynamoDB: when every pair found got there by a word of one city's id,
 * that city's index lists them (two Queries, no BatchGet); otherwise the views are fetched by id;
 * with `nameFirst` (the board's city field) the pairs of a city named exactly q, read beside the
 * word's entries, answer when they are the first of the pairs found. Every way must give, page by
 * page, exactly what the in-memory read model (a filter over every view) gives.
 */
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { expect, it } from "vitest";
import type { PairDoc } from "../../domain/index.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import type { PageRequest, PairFilter, ReadModelStore } from "../../functions/ports/read-model.js";
import { TODAY, pairDoc } from "../contracts/read-model.contract.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { injectFaults } from "../support/faults.js";

const local = useDynamoDbLocal();

const vilnius = { name: "Vilnius", country: "LT", aliases: ["Wilno"] };
const partners = ["Tirana", "Salzburg", "Brussels", "Sofia", "Kyiv", "Warsaw", "Riga"].map((name, i) => ({
  name,
  country: ["AL", "AT", "BE", "BG", "UA", "PL", "LV"][i] as string,
}));
const docs: PairDoc[] = [
  ...partners.map((p, i) =>
    pairDoc(vilnius, p, [
      ["established", `${1990 + i}`],
      ...(i % 3 === 0 ? ([["suspended", "2022-03"]] as const) : []),
    ]),
  ),
  // A word of two cities' ids: two Frankfurts.
  pairDoc({ name: "Frankfurt am Main", country: "DE" }, { name: "Lyon", country: "FR" }, [
    ["established", "1960"],
  ]),
  pairDoc({ name: "Frankfurt (Oder)", country: "DE" }, { name: "Słubice", country: "PL" }, [
    ["established", "1975"],
  ]),
  // Both cities of one pair have a word starting with "san".
  pairDoc({ name: "San Sebastián", country: "ES" }, { name: "Santa Cruz", country: "BO" }, [
    ["established", "2001"],
  ]),
  pairDoc({ name: "Santander", country: "ES" }, { name: "Kaunas", country: "LT" }, [["established", "2005"]]),
  // Two cities of one name: the pair is listed once under NAME#paris.
  pairDoc({ name: "Paris", country: "FR" }, { name: "Paris", country: "US" }, [["established", "2010"]]),
  pairDoc({ name: "Paris", country: "FR" }, { name: "Rome", country: "IT" }, [["established", "1956"]]),
  // Established after the as-of day used below: not listed then.
  pairDoc(vilnius, { name: "Reykjavík", country: "IS" }, [["established", "2024"]]),
];

const ids = (items: readonly { pairId: string }[]) => items.map((v) => v.pairId);

/** Every page of a list, two at a time, following the cursors. */
async function allPages(store: ReadModelStore, filter: PairFilter, page: Omit<PageRequest, "limit">) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const out = await store.list(filter, { ...page, limit: 2, ...(cursor ? { cursor } : {}) });
    pages.push(ids(out.items));
    cursor = out.cursor;
  } while (cursor && pages.length < 20);
  return pages;
}

const FILTERS: PairFilter[] = [
  { q: "vilnius" },
  { q: "Vil" },
  { q: "lt vilnius" }, // the longest word picks the entries, the other is checked on the view
  { q: "vilnius riga" },
  { q: "wilno" }, // an alias: not a word of the id
  { q: "frankfurt" }, // two cities
  { q: "Frankfurt am Main" }, // a whole name of several words
  { q: "san" }, // both cities of one pair
  { q: "lt" }, // Vilnius and Kaunas
  { q: "paris" }, // two cities of one name, one pair between them
  { q: "vilnius", status: "suspended" },
  { q: "vilnius", country: "UA" },
  { q: "vilnius", city: "lt-vilnius" },
  { q: "vilnius", city: "pl-warsaw" },
  { q: "vilnius", city: "de-frankfurt-am-main" },
  { q: "zzzqqq" },
];
const PAGES = [{}, { asOf: "2022-01-01" }, { nameFirst: true }, { asOf: "2022-01-01", nameFirst: true }];

it("searches by name exactly as the in-memory read model does, page by page, by every way", async () => {
  const tables = await local.freshTables();
  const dynamo = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  const memory = createMemoryReadModel({ now: () => TODAY });
  for (const d of docs) {
    expect(await dynamo.save(d, undefined)).toBe("saved");
    await memory.save(d, undefined);
  }
  for (const filter of FILTERS)
    for (const page of PAGES) {
      const want = await allPages(memory, filter, page);
      expect(await allPages(dynamo, filter, page), JSON.stringify({ filter, page })).toEqual(want);
    }
  // The one-city case really went through the index, and found something.
  expect((await allPages(memory, { q: "vilnius" }, {})).flat()).toHaveLength(8);
});

it("answers the same when the name index misses pairs (a read model written before it)", async () => {
  const tables = await local.freshTables();
  const dynamo = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  const memory = createMemoryReadModel({ now: () => TODAY });
  for (const d of docs) {
    await dynamo.save(d, undefined);
    await memory.save(d, undefined);
  }
  // Vilnius–Sofia without its NAME#vilnius entry, and no NAME#paris at all.
  const gone = [
    { pk: "IDX#NAME#vilnius", sk: "bg-sofia--lt-vilnius" },
    { pk: "IDX#NAME#paris", sk: "fr-paris--it-rome" },
    { pk: "IDX#NAME#paris", sk: "fr-paris--us-paris" },
  ];
  for (const Key of gone) await local.doc.send(new DeleteCommand({ TableName: tables.readModel, Key }));
  for (const filter of FILTERS)
    for (const page of PAGES)
      expect(await allPages(dynamo, filter, page), JSON.stringify({ filter, page })).toEqual(
        await allPages(memory, filter, page),
      );
});

it("reads a one-city search in two Queries, an alias search with a BatchGet of the views", async () => {
  const tables = await local.freshTables();
  const store = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  for (const d of docs) await store.save(d, undefined);
  const { calls } = injectFaults(local.doc); // no plan: it only records each request
  const commands = async (filter: PairFilter) => {
    calls.length = 0;
    await store.list(filter, { limit: 50 });
    return calls.map((c) => c.command);
  };
  expect(await commands({ q: "Vilnius" })).toEqual(["QueryCommand", "QueryCommand"]);
  expect(await commands({ q: "Wilno" })).toEqual(["QueryCommand", "BatchGetItemCommand"]);
  expect(await commands({ q: "frankfurt" })).toEqual(["QueryCommand", "BatchGetItemCommand"]);
  expect(await commands({ q: "zzzqqq" })).toEqual(["QueryCommand"]);
  // The board's city field: the city's pairs read beside the word's entries, and nothing after.
  const board = async (q: string) => {
    calls.length = 0;
    await store.list({ q }, { limit: 50, nameFirst: true });
    return calls.map((c) => `${c.command} ${JSON.stringify(c.input.ExpressionAttributeValues ?? {})}`);
  };
  expect(await board("Vilnius")).toEqual([
    'QueryCommand {":pk":{"S":"IDX#NAME#vilnius"}}',
    'QueryCommand {":pk":{"S":"WORD#v"},":w":{"S":"vilnius"}}',
  ]);
  expect((await board("Vil")).length).toBe(3); // no city is named "Vil": then the city's index
});
