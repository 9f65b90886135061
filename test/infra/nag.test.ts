/**
 * cdk-nag AwsSolutions over the whole app, in each shape it can be deployed in: synth throws on any
 * finding that has not been acknowledged, and every acknowledgement must say why.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../infra/stacks/build-app.js";
import { CDK_JSON_CONTEXT, NO_BUNDLING } from "./synth.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function build(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), "ledger-nag-"));
  dirs.push(outdir);
  return buildApp({ outdir, context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, ...context } });
}

interface Ack {
  id: string;
  reason: string;
}

function acknowledgements(root: IConstruct): Ack[] {
  return (
    root.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Stored as { "Annotation::<rule id>": reason }.
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([key, reason]) => ({ id: key.replace(/^Annotation::/, ""), reason }))
  );
}

describe("cdk-nag AwsSolutions", () => {
  it.each([
    ["dev, IAM auth, public reads", { stage: "dev" }],
    ["prod, IAM auth, public reads", { stage: "prod" }],
    ["prod, IAM auth, private reads", { stage: "prod", publicReads: "false" }],
    [
      "prod, JWT auth, CORS, alarm email",
      {
        stage: "prod",
        jwtIssuer: "https://issuer.example.com/",
        jwtAudience: "ledger",
        corsOrigins: "https://news.example.org",
        alarmEmail: "ops@example.org",
      },
    ],
  ])("leaves no unacknowledged finding: %s", (_name, context) => {
    const { app } = build(context);
    expect(() => app.synth()).not.toThrow();
  });

  it("gives every acknowledgement a reason an auditor can check", () => {
    const { app } = build({ stage: "prod" });
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-/);
      expect(ack.reason.length, ack.id).toBeGreaterThan(40);
    }
  });

  it("is really wired in: an unacknowledged finding fails the synth", () => {
    const { app, stateless } = build({ stage: "dev" });
    new sqs.Queue(stateless, "CarelessQueue"); // no TLS-only policy, no DLQ
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
