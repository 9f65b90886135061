/**
 * `--stack NAME` reads the deployed stack's outputs: the output names the CLI looks for are the
 * ones the CDK app really declares (checked on the synthesized template, offline).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envFromStackOutputs, resolveConfig } from "../../functions/cli/shared.js";
import { templatesFor } from "../infra/synth.js";

describe("CLI configuration from stack outputs", () => {
  it("finds the events table, read-model table and digest bucket among the stateless stack's outputs", () => {
    const outputs = templatesFor().statelessTemplate.toJSON().Outputs as Record<string, unknown>;
    const declared = Object.keys(outputs).map((key) => ({ OutputKey: key, OutputValue: `value-of-${key}` }));
    expect(envFromStackOutputs(declared)).toEqual({
      EVENTS_TABLE: "value-of-EventsTableName",
      READ_MODEL_TABLE: "value-of-ReadModelTableName",
      DIGEST_BUCKET: "value-of-DigestBucketName",
    });
  });

  it("lets flags win over the stack's outputs, and never borrows a local ledger's endpoint for a stack", () => {
    const data = mkdtempSync(join(tmpdir(), "ledger-cli-"));
    const running = {
      dynamodbEndpoint: "http://127.0.0.1:8000",
      tables: { events: "ledger-events", readModel: "ledger-read-model" },
    };
    writeFileSync(join(data, "runtime.json"), JSON.stringify(running));
    expect(resolveConfig({ data }, {}).dynamodb.endpoint).toBe("http://127.0.0.1:8000");
    const config = resolveConfig(
      { stack: "SisterCityLedger-prod-Stateless", readModelTable: "green", data },
      { EVENTS_TABLE: "from-stack-events", READ_MODEL_TABLE: "from-stack-read", AWS_REGION: "eu-west-1" },
    );
    expect(config).toMatchObject({
      eventsTable: "from-stack-events",
      readModelTable: "green",
      dynamodb: { region: "eu-west-1" },
    });
    expect(config.dynamodb.endpoint).toBeUndefined();
  });

  it("finds a running local ledger through LEDGER_DATA_DIR, as npm start does, and lets --data win", () => {
    const running = (port: number) =>
      JSON.stringify({
        dynamodbEndpoint: `http://127.0.0.1:${port}`,
        tables: { events: "ledger-events", readModel: "ledger-read-model" },
      });
    const fromEnv = mkdtempSync(join(tmpdir(), "ledger-cli-env-"));
    const fromFlag = mkdtempSync(join(tmpdir(), "ledger-cli-flag-"));
    writeFileSync(join(fromEnv, "runtime.json"), running(8001));
    writeFileSync(join(fromFlag, "runtime.json"), running(8002));
    expect(resolveConfig({}, { LEDGER_DATA_DIR: fromEnv }).dynamodb.endpoint).toBe("http://127.0.0.1:8001");
    expect(resolveConfig({ data: fromFlag }, { LEDGER_DATA_DIR: fromEnv }).dynamodb.endpoint).toBe(
      "http://127.0.0.1:8002",
    );
  });
});
