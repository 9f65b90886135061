/** The replay Lambda entry against DynamoDB Local, configured by the environment as CDK sets it. */
import { describe, expect, it } from "vitest";
import { buildStores } from "../../functions/composition.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { ledgerOver } from "./fixture.js";
import { randomWorkload } from "./workload.js";

const local = useDynamoDbLocal();

describe("replay Lambda", () => {
  it("compares, rebuilds into another table, and refuses a bad payload", async () => {
    const tables = await local.freshTables();
    const stores = buildStores(
      { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
      local.doc,
    );
    const { ledger, project } = ledgerOver(stores.eventStore, stores.readModel);
    const w = await randomWorkload(ledger, { pairs: 6, eventsPerPair: 5 });
    await project();
    Object.assign(process.env, {
      EVENTS_TABLE: tables.events,
      READ_MODEL_TABLE: tables.readModel,
      DYNAMODB_ENDPOINT: local.endpoint,
      AWS_REGION: "us-east-1",
      POWERTOOLS_LOG_LEVEL: "SILENT",
    });
    const { handler } = await import("../../functions/replay/handler.js");
    const compared = await handler({ mode: "compare", segments: 2 });
    expect(compared).toMatchObject({ clean: true, streams: 6, events: w.events, counts: { missing: 0 } });
    const green = (await local.freshTables()).readModel;
    expect(await handler({ mode: "into", target: green })).toMatchObject({
      written: 6,
      target: green,
      clean: true,
    });
    await expect(handler({ mode: "into" })).rejects.toThrow(/target/);
    await expect(handler({ mode: "rebuild" as never })).rejects.toThrow(/mode must be one of/);
  });
});
