/**
 * Template assertions for the properties that keep data safe, callers authenticated and functions
 * least-privileged. No snapshots: each test states one property an operator relies on.
 */
import { readFileSync } from "node:fs";
import type { Template } from "aws-cdk-lib/assertions";
import { Match } from "aws-cdk-lib/assertions";
import type { CfnRole } from "aws-cdk-lib/aws-iam";
import { beforeAll, describe, expect, it } from "vitest";
import { eventsTable, readModelTable } from "../../functions/adapters/dynamodb/tables.js";
import { ENV } from "../../functions/config.js";
import { METRIC, METRICS_NAMESPACE } from "../../functions/shared/metrics.js";
import { APP_METRICS } from "../../infra/constructs/operations.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { boardRoutes } from "../../functions/app/board/routes.js";
import { BOARD_ROUTES } from "../../infra/constructs/ledger-api.js";
import type { LedgerFunction } from "../../infra/constructs/ledger-function.js";
import type { StatelessStack } from "../../infra/stacks/stateless-stack.js";
import { type Templates, templatesFor } from "./synth.js";

type Json = Record<string, unknown>;

function only(template: Template, type: string, props: Json = {}): { id: string; resource: Json } {
  const found = Object.entries(template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found, `exactly one ${type} like ${JSON.stringify(props)}`).toHaveLength(1);
  const [id, resource] = found[0] as [string, Json];
  return { id, resource };
}

function tableById(template: Template, id: string): Json {
  const found = Object.entries(template.findResources("AWS::DynamoDB::Table")).filter(([k]) =>
    k.startsWith(id),
  );
  expect(found).toHaveLength(1);
  return (found[0] as [string, Json])[1];
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of the inline policies attached to a function's role. */
function statementsOf(stack: StatelessStack, template: Template, fn: LedgerFunction): Statement[] {
  const roleId = stack.getLogicalId(fn.role.node.defaultChild as CfnRole);
  const policies = Object.values(template.findResources("AWS::IAM::Policy")) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } };
  }[];
  return policies
    .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

/** Actions a role may perform on resources whose reference matches `resource` (a substring of its JSON). */
function actionsOn(statements: Statement[], resource: (json: string) => boolean): string[] {
  return statements
    .filter((s) => s.Effect === "Allow")
    .filter((s) =>
      (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).some((r) => resource(JSON.stringify(r))),
    )
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .sort();
}

const isEventsTable = (json: string) => json.includes("EventsTable") && !json.includes("StreamArn");
const isEventsStream = (json: string) => json.includes("EventsTable") && json.includes("StreamArn");
const isReadModel = (json: string) => json.includes("ReadModelTable");
const isDigestBucket = (json: string) => json.includes("DigestBucket");
const WRITES = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"];

describe("stateful stack, prod", () => {
  let t: Templates;
  beforeAll(() => {
    t = templatesFor({ stage: "prod" });
  });

  it("turns on termination protection", () => {
    expect(t.stateful.terminationProtection).toBe(true);
  });

  it("builds the events table from the shared definition, with a NEW_IMAGE stream and TTL", () => {
    const table = tableById(t.statefulTemplate, "EventsTable");
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: eventsTable.partitionKey.name, KeyType: "HASH" },
        { AttributeName: eventsTable.sortKey.name, KeyType: "RANGE" },
      ],
      AttributeDefinitions: expect.arrayContaining([
        { AttributeName: eventsTable.partitionKey.name, AttributeType: eventsTable.partitionKey.type },
        { AttributeName: eventsTable.sortKey.name, AttributeType: eventsTable.sortKey.type },
      ]),
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamViewType: "NEW_IMAGE" },
      TimeToLiveSpecification: { AttributeName: eventsTable.timeToLiveAttribute, Enabled: true },
    });
  });

  it("protects the events table: PITR, deletion protection, Retain on delete and replace", () => {
    const table = tableById(t.statefulTemplate, "EventsTable");
    expect(table.Properties).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
  });

  it("keeps the read model with PITR and Retain", () => {
    const table = tableById(t.statefulTemplate, "ReadModelTable");
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: readModelTable.partitionKey.name, KeyType: "HASH" },
        { AttributeName: readModelTable.sortKey.name, KeyType: "RANGE" },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.DeletionPolicy).toBe("Retain");
  });

  it("lets CloudFormation name the tables (no fixed physical names)", () => {
    for (const table of Object.values(t.statefulTemplate.findResources("AWS::DynamoDB::Table"))) {
      expect((table as { Properties: Json }).Properties.TableName).toBeUndefined();
    }
  });

  it("locks published digests in compliance mode, versioned, private, retained", () => {
    const { resource } = only(t.statefulTemplate, "AWS::S3::Bucket", { ObjectLockEnabled: true });
    expect(resource.Properties).toMatchObject({
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 3650 } },
      },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: "digest-bucket/" },
    });
    expect(resource.BucketName).toBeUndefined();
    expect(resource.DeletionPolicy).toBe("Retain");
  });

  it("refuses plain-HTTP access to the digest bucket", () => {
    t.statefulTemplate.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: Match.stringLikeRegexp("^DigestBucket") },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });
});

describe("stateful stack, dev", () => {
  let t: Templates;
  beforeAll(() => {
    t = templatesFor({ stage: "dev" });
  });

  it("retains the events table by default, with PITR, so that cdk destroy never deletes a ledger", () => {
    const table = tableById(t.statefulTemplate, "EventsTable");
    expect(table.Properties).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    expect(t.stateful.terminationProtection).toBe(false);
  });

  it("lets the events table go with the stack only when the deployer opts out (-c ephemeral=true)", () => {
    const ephemeral = templatesFor({ stage: "dev", ephemeral: "true" });
    expect(tableById(ephemeral.statefulTemplate, "EventsTable").DeletionPolicy).toBe("Delete");
    const { resource } = only(ephemeral.statefulTemplate, "AWS::S3::Bucket", { ObjectLockEnabled: true });
    expect(resource.DeletionPolicy).toBe("Retain");
  });

  it("refuses ephemeral=true in prod", () => {
    expect(() => templatesFor({ stage: "prod", ephemeral: "true" })).toThrow(/dev stages only/);
  });

  it("still retains the locked digest bucket, with a short retention", () => {
    const { resource } = only(t.statefulTemplate, "AWS::S3::Bucket", { ObjectLockEnabled: true });
    expect(resource.DeletionPolicy).toBe("Retain");
    expect(resource.Properties).toMatchObject({
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 1 } } },
    });
  });
});

describe("stateless stack, default context (IAM auth)", () => {
  let t: Templates;
  beforeAll(() => {
    t = templatesFor({ stage: "prod" });
  });

  it("runs every function on Node.js 22, arm64, with Powertools settings and its own log group", () => {
    const functions = t.statelessTemplate.findResources("AWS::Lambda::Function");
    expect(Object.keys(functions)).toHaveLength(5);
    for (const fn of Object.values(functions) as { Properties: Json }[]) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        LoggingConfig: { LogFormat: "JSON", LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: "sister-city-ledger",
            POWERTOOLS_METRICS_NAMESPACE: "SisterCityLedger",
            NODE_OPTIONS: "--enable-source-maps",
            [ENV.eventsTable]: expect.anything(),
            [ENV.readModelTable]: expect.anything(),
          }),
        },
      });
    }
  });

  it("tells the HTTP function to trust the API Gateway authorizer's identity", () => {
    t.statelessTemplate.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("HTTP API"),
      Environment: {
        Variables: Match.objectLike({ [ENV.authMode]: "aws", [ENV.digestBucket]: Match.anyValue() }),
      },
    });
  });

  it("gives function roles no managed policies (no account-wide log access)", () => {
    for (const role of Object.values(t.statelessTemplate.findResources("AWS::IAM::Role")) as {
      Properties: Json;
    }[]) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("lets the HTTP function append events but never delete or update one", () => {
    const s = statementsOf(t.stateless, t.statelessTemplate, t.stateless.functions.http);
    const onEvents = actionsOn(s, isEventsTable);
    expect(onEvents).toContain("dynamodb:PutItem");
    expect(onEvents).toContain("dynamodb:Query");
    expect(onEvents).not.toContain("dynamodb:DeleteItem");
    expect(onEvents).not.toContain("dynamodb:UpdateItem");
    expect(onEvents).not.toContain("dynamodb:BatchWriteItem");
    expect(onEvents.some((a) => a.includes("*"))).toBe(false);
  });

  it("gives the HTTP function read-only access to the read model and the digests", () => {
    const s = statementsOf(t.stateless, t.statelessTemplate, t.stateless.functions.http);
    expect(actionsOn(s, isReadModel).filter((a) => WRITES.includes(a))).toEqual([]);
    expect(actionsOn(s, isDigestBucket)).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]);
  });

  it("does not let the projector write events; it reads the stream and queries for gaps", () => {
    const s = statementsOf(t.stateless, t.statelessTemplate, t.stateless.functions.projector);
    const onEvents = actionsOn(s, isEventsTable);
    expect(onEvents).toContain("dynamodb:Query");
    expect(onEvents.filter((a) => WRITES.includes(a))).toEqual([]);
    expect(actionsOn(s, isEventsStream)).toEqual(
      expect.arrayContaining(["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]),
    );
    const onReadModel = actionsOn(s, isReadModel);
    expect(onReadModel).toEqual(expect.arrayContaining(["dynamodb:PutItem", "dynamodb:UpdateItem"]));
    expect(onReadModel).not.toContain("dynamodb:BatchWriteItem");
  });

  it("gives bulk writes to the read model to the replay function only, and event writes to no batch job", () => {
    const { http, projector, replay, digest } = t.stateless.functions;
    const bulk = (fn: LedgerFunction) =>
      actionsOn(statementsOf(t.stateless, t.statelessTemplate, fn), isReadModel).includes(
        "dynamodb:BatchWriteItem",
      );
    expect([http, projector, replay, digest].map(bulk)).toEqual([false, false, true, false]);
    for (const fn of [projector, replay, digest]) {
      const onEvents = actionsOn(statementsOf(t.stateless, t.statelessTemplate, fn), isEventsTable);
      expect(onEvents.filter((a) => WRITES.includes(a))).toEqual([]);
    }
  });

  it("lets the digest function put and read objects (to chain to the last digest) and nothing that could shorten a lock or delete", () => {
    const s = statementsOf(t.stateless, t.statelessTemplate, t.stateless.functions.digest);
    expect([...actionsOn(s, isDigestBucket)].sort()).toEqual([
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    const everything = JSON.stringify(t.statelessTemplate.toJSON());
    for (const forbidden of [
      "s3:DeleteObject",
      "s3:PutObjectRetention",
      "s3:BypassGovernanceRetention",
      "s3:*",
    ]) {
      expect(everything).not.toContain(`"${forbidden}`);
    }
  });

  it("subscribes the projector with safe stream settings and an on-failure queue", () => {
    const { resource } = only(t.statelessTemplate, "AWS::Lambda::EventSourceMapping");
    expect(resource.Properties).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      BatchSize: 100,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 86400,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ParallelizationFactor: 10,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": [expect.stringMatching(/^ProjectorOnFailure/), "Arn"] } },
      },
      EventSourceArn: { "Fn::ImportValue": expect.stringMatching(/EventsTable.*StreamArn/) },
    });
  });

  it("keeps failed stream records 14 days in a TLS-only queue", () => {
    t.statelessTemplate.hasResourceProperties("AWS::SQS::Queue", { MessageRetentionPeriod: 14 * 24 * 3600 });
    t.statelessTemplate.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("gives replay 15 minutes and 1 GB", () => {
    t.statelessTemplate.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("replay"),
      Timeout: 900,
      MemorySize: 1024,
    });
  });

  it("publishes a digest every hour", () => {
    t.statelessTemplate.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 hour)",
      Targets: [
        Match.objectLike({ Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^DigestFunction"), "Arn"] } }),
      ],
    });
  });

  it("requires IAM auth on every write and audit route, and leaves GET routes public", () => {
    const routes = Object.values(t.statelessTemplate.findResources("AWS::ApiGatewayV2::Route")) as {
      Properties: { RouteKey: string; AuthorizationType?: string };
    }[];
    const auth = Object.fromEntries(
      routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType]),
    );
    expect(auth).toEqual({
      "POST /pairs": "AWS_IAM",
      "POST /pairs/{pairId}/events": "AWS_IAM",
      "ANY /audit": "AWS_IAM",
      "ANY /audit/{proxy+}": "AWS_IAM",
      "POST /{proxy+}": "AWS_IAM",
      "PUT /{proxy+}": "AWS_IAM",
      "PATCH /{proxy+}": "AWS_IAM",
      "DELETE /{proxy+}": "AWS_IAM",
      "GET /": "NONE",
      "GET /board/{proxy+}": "NONE",
      "GET /export.csv": "NONE",
      "GET /{proxy+}": "NONE",
    });
  });

  it("sends the board's paths to the board's function and every other read to the API's", () => {
    const integrations = t.statelessTemplate.findResources("AWS::ApiGatewayV2::Integration") as Record<
      string,
      { Properties: { IntegrationUri: { "Fn::GetAtt": [string, string] } } }
    >;
    const target = (id: string) => integrations[id]?.Properties.IntegrationUri["Fn::GetAtt"][0] ?? "";
    const routes = Object.values(t.statelessTemplate.findResources("AWS::ApiGatewayV2::Route")) as {
      Properties: { RouteKey: string; Target: { "Fn::Join": [string, [string, { Ref: string }]] } };
    }[];
    const byKey = Object.fromEntries(
      routes.map((r) => [r.Properties.RouteKey, target(r.Properties.Target["Fn::Join"][1][1].Ref)]),
    );
    for (const key of ["GET /", "GET /board/{proxy+}", "GET /export.csv"])
      expect(byKey[key]).toMatch(/^Board/);
    for (const key of ["GET /{proxy+}", "POST /pairs"]) expect(byKey[key]).toMatch(/^Http/);
  });

  it("covers every page of the board with the board's routes", () => {
    const board = boardRoutes({ eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() });
    // "/board/{proxy+}" → /^\/board\/.+$/ (escape first, then open the greedy part).
    const covered = BOARD_ROUTES.map(
      ([, path]) =>
        new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("\\{proxy\\+\\}", ".+")}$`),
    );
    for (const r of board.routes.filter((x) => x.method === "GET"))
      expect(
        covered.some((p) => p.test(r.path.replace(/:[^/]+/g, "x"))),
        r.path,
      ).toBe(true);
  });

  it("throttles the stage and writes access logs", () => {
    t.statelessTemplate.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("AccessLogs"), "Arn"] },
        Format: Match.stringLikeRegexp("userArn"),
      },
    });
  });

  it("has no CORS configuration unless origins are given", () => {
    const { resource } = only(t.statelessTemplate, "AWS::ApiGatewayV2::Api");
    expect((resource.Properties as Json).CorsConfiguration).toBeUndefined();
  });

  it("offers a writer policy allowing execute-api:Invoke on the protected routes only", () => {
    const { resource } = only(t.statelessTemplate, "AWS::IAM::ManagedPolicy");
    const text = JSON.stringify(resource);
    expect(text).toContain("execute-api:Invoke");
    expect(text).toContain("/POST/pairs/*/events");
    expect(text).not.toContain("/GET/");
  });

  it("alarms to an SNS topic on the on-failure queue, iterator age, errors and throttles", () => {
    const alarms = Object.values(t.statelessTemplate.findResources("AWS::CloudWatch::Alarm")) as {
      Properties: Json;
    }[];
    const byMetric = (name: string) => alarms.filter((a) => a.Properties.MetricName === name);
    expect(byMetric("ApproximateNumberOfMessagesVisible")[0]?.Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      Namespace: "AWS/SQS",
    });
    expect(byMetric("IteratorAge")).toHaveLength(1);
    expect(byMetric("Errors")).toHaveLength(5);
    expect(byMetric("Throttles")).toHaveLength(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    }
    t.statelessTemplate.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    t.statelessTemplate.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });

  it("alarms on the scheduled verification's breaks and puts the application metrics on the dashboard", () => {
    const alarms = Object.values(t.statelessTemplate.findResources("AWS::CloudWatch::Alarm")) as {
      Properties: Json;
    }[];
    const verification = alarms.filter((a) => a.Properties.MetricName === METRIC.verificationBreaks);
    expect(verification).toHaveLength(1);
    expect(verification[0]?.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: "service", Value: "sister-city-ledger" }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: expect.stringMatching(/AlarmTopic/) }],
    });
    // The infra states the names again (it may not import functions/): both lists agree.
    expect(APP_METRICS).toEqual(METRIC);
    const dashboard = Object.values(t.statelessTemplate.findResources("AWS::CloudWatch::Dashboard"))[0] as {
      Properties: { DashboardBody: unknown };
    };
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of Object.values(METRIC)) expect(body, name).toContain(`\\"${name}\\"`);
    // Every function has the stack's service name: no handler overrides POWERTOOLS_SERVICE_NAME.
    for (const file of ["http", "projector", "replay", "digest"])
      expect(readFileSync(`functions/${file}/handler.ts`, "utf8")).not.toMatch(/serviceName/);
  });

  it("outputs what an operator needs", () => {
    const outputs = Object.keys(t.statelessTemplate.toJSON().Outputs as Json);
    expect(outputs).toEqual(
      expect.arrayContaining([
        "ApiUrl",
        "EventsTableName",
        "ReadModelTableName",
        "DigestBucketName",
        "OnFailureQueueUrl",
        "ReplayFunctionName",
        "AlarmTopicArn",
        "WriterPolicyArn",
      ]),
    );
  });
});

describe("stateless stack with a JWT issuer, private reads and CORS", () => {
  let t: Templates;
  beforeAll(() => {
    t = templatesFor({
      jwtIssuer: "https://issuer.example.com/",
      jwtAudience: "ledger-api,ledger-cli",
      publicReads: "false",
      corsOrigins: "https://news.example.org, https://clerk.example.gov",
    });
  });

  it("uses a JWT authorizer with the issuer and audience from context", () => {
    const { id } = only(t.statelessTemplate, "AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: { Issuer: "https://issuer.example.com/", Audience: ["ledger-api", "ledger-cli"] },
    });
    const routes = Object.values(t.statelessTemplate.findResources("AWS::ApiGatewayV2::Route")) as {
      Properties: { RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown };
    }[];
    expect(routes).toHaveLength(12);
    for (const route of routes) {
      expect(route.Properties, route.Properties.RouteKey).toMatchObject({
        AuthorizationType: "JWT",
        AuthorizerId: { Ref: id },
      });
    }
  });

  it("allows the configured origins and the headers writes need", () => {
    t.statelessTemplate.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: ["https://news.example.org", "https://clerk.example.gov"],
        AllowHeaders: Match.arrayWith(["authorization", "if-match", "idempotency-key"]),
      }),
    });
  });

  it("has no IAM writer policy", () => {
    t.statelessTemplate.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
  });
});

describe("stage context", () => {
  it("puts reads behind IAM when publicReads=false", () => {
    const t = templatesFor({ publicReads: false });
    const routes = Object.values(t.statelessTemplate.findResources("AWS::ApiGatewayV2::Route")) as {
      Properties: { AuthorizationType?: string };
    }[];
    expect(new Set(routes.map((r) => r.Properties.AuthorizationType))).toEqual(new Set(["AWS_IAM"]));
  });

  it.each([
    [{ stage: "staging" }, /stage must be dev or prod/],
    [{ jwtIssuer: "https://issuer.example.com/" }, /given together/],
    [{ jwtIssuer: "http://issuer.example.com/", jwtAudience: "a" }, /https URL/],
    [{ publicReads: "no" }, /true or false/],
  ])("rejects %j", (context, message) => {
    expect(() => templatesFor(context)).toThrow(message);
  });
});
