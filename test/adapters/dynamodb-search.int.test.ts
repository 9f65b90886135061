/**
 * The name search's two ways in DynamoDB: when every pair found got there by a word of one city's
 * id, that city's index lists them (two Queries, no BatchGet); otherwise the views are fetched by
 * id. Both must give, page by page, exactly what the in-memory read model (a filter over every
 * view) gives.
 */
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

it("searches by name exactly as the in-memory read model does, page by page, by either way", async () => {
  const tables = await local.freshTables();
  const dynamo = createDynamoReadModel(local.doc, tables.readModel, { now: () => TODAY });
  const memory = createMemoryReadModel({ now: () => TODAY });
  for (const d of docs) {
    expect(await dynamo.save(d, undefined)).toBe("saved");
    await memory.save(d, undefined);
  }
  const filters: PairFilter[] = [
    { q: "vilnius" },
    { q: "Vil" },
    { q: "lt vilnius" }, // the longest word picks the entries, the other is checked on the view
    { q: "vilnius riga" },
    { q: "wilno" }, // an alias: not a word of the id
    { q: "frankfurt" }, // two cities
    { q: "san" }, // both cities of one pair
    { q: "lt" }, // Vilnius and Kaunas
    { q: "vilnius", status: "suspended" },
    { q: "vilnius", country: "UA" },
    { q: "vilnius", city: "lt-vilnius" },
    { q: "vilnius", city: "pl-warsaw" },
    { q: "vilnius", city: "de-frankfurt-am-main" },
    { q: "zzzqqq" },
  ];
  for (const filter of filters)
    for (const page of [{}, { asOf: "2022-01-01" }]) {
      const want = await allPages(memory, filter, page);
      expect(await allPages(dynamo, filter, page), JSON.stringify({ filter, page })).toEqual(want);
    }
  // The one-city case really went through the index, and found something.
  expect((await allPages(memory, { q: "vilnius" }, {})).flat()).toHaveLength(8);
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
});
