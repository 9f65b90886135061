/** The replay Lambda entry against DynamoDB Local, configured by the environment as CDK sets it. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it, vi } from "vitest";
import { buildStores } from "../../functions/composition.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { ledgerOver } from "../support/builders.js";
import { startS3StandIn } from "./s3-stand-in.js";
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

/** The EMF documents a function printed: JSON lines carrying CloudWatch metric directives. */
function emfDocuments(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>);
}

describe("digest Lambda (in process, DynamoDB Local, the S3 stand-in)", () => {
  it("publishes a chained digest, then refuses after an edit behind the API, records the break and emits VerificationBreaks", async () => {
    const tables = await local.freshTables();
    const stores = buildStores(
      { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
      local.doc,
    );
    const { ledger } = ledgerOver(stores.eventStore, stores.readModel);
    const w = await randomWorkload(ledger, { pairs: 5, eventsPerPair: 4, seed: 17 });
    const s3 = await startS3StandIn();
    try {
      Object.assign(process.env, {
        EVENTS_TABLE: tables.events,
        READ_MODEL_TABLE: tables.readModel,
        DYNAMODB_ENDPOINT: local.endpoint,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        DIGEST_BUCKET: "ledger-digests",
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        POWERTOOLS_SERVICE_NAME: "sister-city-ledger",
        POWERTOOLS_LOG_LEVEL: "SILENT",
      });
      const { handler } = await import("../../functions/digest/handler.js");
      const context = { functionName: "digest", awsRequestId: "req-1" } as never;
      const printed: string[] = [];
      const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
      let first: Record<string, unknown>;
      let second: Record<string, unknown>;
      let third: Record<string, unknown>;
      try {
        first = await handler({}, context);
        second = await handler({}, context);
        const victim = w.pairIds[1] as string;
        await local.doc.send(
          new UpdateCommand({
            TableName: tables.events,
            Key: { pairId: victim, version: 1 },
            UpdateExpression: "SET recordedBy = :m",
            ExpressionAttributeValues: { ":m": "mallory" },
          }),
        );
        third = await handler({}, context);
      } finally {
        spy.mockRestore();
      }
      expect(first).toMatchObject({ published: true, streams: 5, events: w.events });
      expect(second).toMatchObject({ published: true, previous: { takenAt: first.takenAt } });
      expect(third).toMatchObject({ published: false, breaks: 1 });
      expect(String((third.findings as string[])[0])).toMatch(/does not recompute/);
      // Two digests and one break record in the bucket; nothing new after the break.
      const keys = [...s3.objects.keys()].sort();
      expect(keys.filter((k) => k.startsWith("ledger-digests/digests/"))).toHaveLength(2);
      expect(keys.filter((k) => k.startsWith("ledger-digests/breaks/"))).toHaveLength(1);
      expect(third.recordedAt).toMatch(/^s3:\/\/ledger-digests\/breaks\//);
      // EMF: one document per invocation; the last says VerificationBreaks = 1 in our namespace.
      const emf = emfDocuments(printed.join(""));
      expect(emf).toHaveLength(3);
      const last = emf[2] as {
        _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] };
      } & Record<string, unknown>;
      expect(last._aws.CloudWatchMetrics[0]?.Namespace).toBe("SisterCityLedger");
      expect(last._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toContain("VerificationBreaks");
      expect(last).toMatchObject({ VerificationBreaks: 1, service: "sister-city-ledger" });
      expect(emf[0]).toMatchObject({ VerificationBreaks: 0, DigestsPublished: 1 });
    } finally {
      await s3.close();
    }
  });
});
