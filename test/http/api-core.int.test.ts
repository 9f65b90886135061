/** The HTTP suite's core over DynamoDB Local: the same routes, headers and errors on the real adapters. */
import { describe, expect, it } from "vitest";
import { buildStores } from "../../functions/composition.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { describeApiCore } from "./api-core.js";
import { createApi, sent } from "./support/api.js";
import { fivePairs, ids } from "../support/builders.js";

const local = useDynamoDbLocal();

describeApiCore("over DynamoDB Local", async () => {
  const tables = await local.freshTables();
  return buildStores(
    {
      dynamodb: { endpoint: local.endpoint, region: "us-east-1" },
      eventsTable: tables.events,
      readModelTable: tables.readModel,
    },
    local.doc,
  );
});

describe("over DynamoDB Local: reads on a request path", () => {
  it("serves every list, count and pair read with Query or GetItem, never a Scan", async () => {
    const tables = await local.freshTables();
    const commands: string[] = [];
    const doc = local.doc;
    const spying = new Proxy(doc, {
      get(target, property, receiver) {
        if (property !== "send") return Reflect.get(target, property, receiver);
        return (command: object, ...rest: unknown[]) => {
          commands.push(command.constructor.name);
          return (target.send as (...args: unknown[]) => unknown)(command, ...rest);
        };
      },
    });
    const api = createApi(
      buildStores(
        {
          dynamodb: { endpoint: local.endpoint, region: "us-east-1" },
          eventsTable: tables.events,
          readModelTable: tables.readModel,
        },
        spying,
      ),
    );
    for (const r of fivePairs) await sent(r)(api);
    commands.length = 0;
    const reads = [
      "/pairs",
      "/pairs?country=RU&status=suspended",
      "/pairs?city=gb-coventry&q=dres",
      "/pairs?status=active&limit=1",
      "/pairs?q=moskva",
      "/cities/us-il-chicago/pairs",
      "/stats",
      "/stats?asOf=2022-04-01",
      `/pairs/${ids.chicagoMoscow}`,
      `/pairs/${ids.chicagoMoscow}/events`,
    ];
    for (const path of reads) expect((await api.send({ path })).status, path).toBe(200);
    // Keyed reads only (a word-index hit fetches its documents in one BatchGet): never a Scan.
    expect(commands).toContain("QueryCommand");
    expect(
      [...new Set(commands)].filter((c) => !["QueryCommand", "GetCommand", "BatchGetCommand"].includes(c)),
    ).toEqual([]);
    expect(api.violations).toEqual([]);
  });
});
