/**
 * Deploy fidelity, invoked: the Lambda assets `cdk synth` built (bundled once; each cold-started
 * in its own `node` process from an isolated copy with only the AWS SDK beside it, as in the Lambda
 * runtime, see startBundle) are called the way AWS calls them, against DynamoDB Local:
 * - the HTTP bundle with API Gateway HTTP API (payload 2.0) events, authorizer context included;
 * - the projector bundle with the records DynamoDB Local's stream of the events table holds;
 * - the replay bundle with its payloads over a seeded table;
 * - the digest bundle, publishing to a stand-in S3 endpoint (AWS_ENDPOINT_URL_S3).
 * A bundle that imports something missing, reads a file it does not ship, or misreads an event
 * shape fails here rather than in AWS.
 * The first two describes share one pair of tables, in order: the HTTP bundle writes, the
 * projector bundle projects those writes.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  DynamoDBBatchResponse,
} from "aws-lambda";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type City, cityId, pairIdOfCities, toDomainEvent, docOf } from "../../domain/index.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { takeDigest } from "../../functions/audit/digest.js";
import { buildLedger, buildStores } from "../../functions/composition.js";
import { repoRoot } from "../../infra/constructs/ledger-function.js";
import type { TableNames } from "../../infra/local/create-tables.js";
import { readDeadLetters } from "../../functions/projector/dead-letters.js";
import { startStreamPoller } from "../../infra/local/stream-poller.js";
import type { FunctionName } from "../../infra/stacks/stateless-stack.js";
import { type S3Put, type S3StandIn, startS3StandIn } from "../audit/s3-stand-in.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { type BundleRuntime, type FunctionBundle, startBundle, synthesizeBundles } from "./synth.js";

const ddb = useDynamoDbLocal();

// ---------------------------------------------------------------------------------------------
// What API Gateway and Lambda hand a function

const API_ID = "a1b2c3d4e5";
const DOMAIN = `${API_ID}.execute-api.us-east-1.amazonaws.com`;
const ACCOUNT = "123456789012";

/** `requestContext.authorizer` as an HTTP API's IAM authorizer fills it (SigV4-signed caller). */
const iamAuthorizer = (userArn: string) => ({
  iam: {
    accessKey: "ASIAEXAMPLEKEY000001",
    accountId: ACCOUNT,
    callerId: "AROAEXAMPLEROLE00001:alice",
    cognitoIdentity: null,
    principalOrgId: null,
    userArn,
    userId: "AROAEXAMPLEROLE00001:alice",
  },
});

/** ... and as a JWT authorizer fills it: every claim a string, scopes null without a `scope` claim. */
const jwtAuthorizer = (claims: { iss: string; sub: string }) => ({
  jwt: {
    claims: {
      ...claims,
      aud: "sister-city-ledger",
      iat: "1795900000",
      exp: "1795903600",
      client_id: "ledger-editors",
    },
    scopes: null,
  },
});

type Authorizer = ReturnType<typeof iamAuthorizer> | ReturnType<typeof jwtAuthorizer>;

let requestCounter = 0;

/** An HTTP API payload format 2.0 event for `routeKey`, as the `$default` stage delivers it. */
function httpApiEvent(
  routeKey: string,
  rawPath: string,
  options: {
    readonly pathParameters?: Record<string, string>;
    readonly query?: string;
    readonly json?: unknown;
    readonly headers?: Record<string, string>;
    readonly authorizer?: Authorizer;
  } = {},
): APIGatewayProxyEventV2 & { requestContext: { authorizer?: Authorizer } } {
  const method = routeKey.split(" ")[0] as string;
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const requestId = `bundle-req-${++requestCounter}=`;
  const now = Date.now();
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: options.query ?? "",
    ...(options.query
      ? { queryStringParameters: Object.fromEntries(new URLSearchParams(options.query)) }
      : {}),
    headers: {
      accept: "application/json",
      host: DOMAIN,
      "user-agent": "bundle-invoke-test/1.0",
      "x-amzn-trace-id": `Root=1-6769a3f0-${String(requestCounter).padStart(24, "0")}`,
      "x-forwarded-for": "192.0.2.10",
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https",
      ...(body === undefined
        ? {}
        : { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }),
      ...options.headers,
    },
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      ...(options.authorizer ? { authorizer: options.authorizer } : {}),
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "192.0.2.10",
        userAgent: "bundle-invoke-test/1.0",
      },
      requestId,
      routeKey,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** What the hourly EventBridge rule delivers to the digest function (no custom input). */
const scheduledEvent = () => ({
  version: "0",
  id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: ACCOUNT,
  time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
  region: "us-east-1",
  resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/SisterCityLedger-prod-Stateless-HourlyDigest`],
  detail: {},
});

const json = (response: APIGatewayProxyStructuredResultV2) => {
  if (response.isBase64Encoded) throw new Error("expected a text body");
  return JSON.parse(response.body ?? "null") as Record<string, unknown>;
};
const header = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  response.headers?.[name] ?? response.headers?.[name.toLowerCase()];

// ---------------------------------------------------------------------------------------------
// Domain data

const chicago: City = { name: "Chicago", country: "US", region: "US-IL" };
const moscow: City = { name: "Moscow", country: "RU" };
const PAIR = pairIdOfCities(chicago, moscow);
const source = (path: string) => [{ url: `https://news.example.org/${path}` }];

const register = (a: City, b: City, effectiveDate = "1997") => ({
  cityA: a,
  cityB: b,
  relationship: "sister-city",
  effectiveDate,
  actor: { side: "both" },
  sources: source(`${cityId(a)}-${cityId(b)}`),
});

const suspension = (side: City) => ({
  type: "suspended",
  effectiveDate: "2022-03-01",
  actor: { side: cityId(side), name: "Mayor" },
  sources: source(`suspended-${cityId(side)}`),
  wording: "suspend",
});

// ---------------------------------------------------------------------------------------------
// Fixture: the bundles (synthesized once), tables, a stand-in for S3

let outdir = "";
let bundles: Record<FunctionName, FunctionBundle>;
let tables: TableNames;
let s3: S3StandIn | undefined;
let s3Endpoint = "";
let s3Puts: S3Put[] = [];
const started: BundleRuntime[] = [];

/**
 * A function's environment beyond its template's: what CloudFormation resolves at deploy (table
 * names, the bucket) made local, and what the Lambda runtime provides (region, credentials).
 */
const localEnv = (names: TableNames) => ({
  EVENTS_TABLE: names.events,
  READ_MODEL_TABLE: names.readModel,
  DYNAMODB_ENDPOINT: ddb.endpoint,
  AUTH_MODE: "aws",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  DIGEST_BUCKET: "ledger-digests",
  AWS_ENDPOINT_URL_S3: s3Endpoint,
  // Quieter test output; the loggers still run.
  POWERTOOLS_LOG_LEVEL: "WARN",
});

/** Cold-start a function's bundle in its own process (see startBundle). */
async function start(name: FunctionName, names: TableNames = tables): Promise<BundleRuntime> {
  const runtime = await startBundle(bundles[name], localEnv(names));
  started.push(runtime);
  return runtime;
}

beforeAll(async () => {
  ({ outdir, bundles } = synthesizeBundles({ stage: "prod" }));
  tables = await ddb.freshTables();
  // A stand-in for S3 (path-style, since the endpoint is an IP address): puts, gets and lists.
  s3 = await startS3StandIn();
  s3Endpoint = s3.endpoint;
  s3Puts = s3.puts;
}, 300_000);

afterAll(async () => {
  await Promise.all(started.map((runtime) => runtime.stop()));
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  await s3?.close();
});

// ---------------------------------------------------------------------------------------------

describe("the HTTP bundle behind API Gateway (HTTP API, payload 2.0)", () => {
  let http: BundleRuntime;
  const call = (event: unknown) => http.invoke<APIGatewayProxyStructuredResultV2>(event);

  beforeAll(async () => {
    http = await start("http");
  });

  it("registers a pair for an IAM-signed caller and records the caller's ARN as recordedBy", async () => {
    const userArn = `arn:aws:sts::${ACCOUNT}:assumed-role/ledger-editor/alice`;
    const response = await call(
      httpApiEvent("POST /pairs", "/pairs", {
        json: register(chicago, moscow),
        headers: { "idempotency-key": "bundle-register-0001" },
        authorizer: iamAuthorizer(userArn),
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(json(response)).toMatchObject({ pairId: PAIR, version: 1 });
    expect(header(response, "location")).toBe(`/pairs/${PAIR}`);
    const stored = await storedStream(PAIR);
    expect(stored.map((e) => [e.version, e.type, e.recordedBy])).toEqual([
      [1, "established", `iam:${userArn}`],
    ]);
  });

  it("records a suspension for a JWT caller as jwt:<iss>#<sub>", async () => {
    const response = await call(
      httpApiEvent("POST /pairs/{pairId}/events", `/pairs/${PAIR}/events`, {
        pathParameters: { pairId: PAIR },
        json: suspension(chicago),
        headers: { "if-match": '"1"' },
        authorizer: jwtAuthorizer({ iss: "https://issuer.example.org/", sub: "user-42" }),
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(json(response)).toMatchObject({ pairId: PAIR, version: 2 });
    const stored = await storedStream(PAIR);
    expect(stored.at(-1)).toMatchObject({
      version: 2,
      type: "suspended",
      recordedBy: "jwt:https://issuer.example.org/#user-42",
    });
  });

  it("refuses a write that reaches it without an authorizer context: 401 problem+json, nothing stored", async () => {
    const lyon: City = { name: "Lyon", country: "FR" };
    const response = await call(
      httpApiEvent("POST /pairs", "/pairs", { json: register(lyon, moscow, "1999") }),
    );
    expect(response.statusCode).toBe(401);
    expect(header(response, "content-type")).toMatch(/^application\/problem\+json/);
    expect(json(response)).toMatchObject({ status: 401 });
    expect(await storedStream(pairIdOfCities(lyon, moscow))).toEqual([]);
  });

  it("transliterates a non-Latin name with the any-ascii shipped beside the bundle, loaded on first use", async () => {
    const athens: City = { name: "Αθήνα", country: "GR" };
    const authorizer = iamAuthorizer(`arn:aws:sts::${ACCOUNT}:assumed-role/ledger-editor/alice`);
    const response = await call(
      httpApiEvent("POST /pairs", "/pairs", { json: register(chicago, athens), authorizer }),
    );
    expect([response.statusCode, json(response).pairId]).toEqual([201, "gr-athina--us-il-chicago"]);
  });

  it("answers an invalid body with 422 and messages that name each field (the lean router validates as locally)", async () => {
    const { cityB: _dropped, ...withoutCityB } = register(chicago, { name: "Toronto", country: "CA" });
    const response = await call(
      httpApiEvent("POST /pairs", "/pairs", {
        json: { ...withoutCityB, effectiveDate: 1997 },
        authorizer: iamAuthorizer(`arn:aws:iam::${ACCOUNT}:user/bob`),
      }),
    );
    expect(response.statusCode, response.body).toBe(422);
    expect(header(response, "content-type")).toMatch(/^application\/problem\+json/);
    const errors = (json(response).errors ?? []) as { pointer?: string; detail?: string }[];
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) {
      expect(error.pointer).toEqual(expect.any(String));
      // A message in words, not an empty string or a bare issue code.
      expect(error.detail).toMatch(/[a-z]+ [a-z]+/i);
    }
    const details = errors.map((e) => e.detail).join("\n");
    expect(details).toContain("cityB is required (an object)");
    expect(details).toContain("effectiveDate must be a string, not a number");
  });

  it("serves the pair folded from its events: suspended, version 2", async () => {
    const response = await call(
      httpApiEvent("GET /{proxy+}", `/pairs/${PAIR}`, { pathParameters: { proxy: `pairs/${PAIR}` } }),
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(json(response)).toMatchObject({ pairId: PAIR, status: "suspended", version: 2 });
    expect(header(response, "etag")).toBe('"2"');
  });

  it("serves the OpenAPI document built beside the bundle, the same as the app generates locally", async () => {
    const response = await call(
      httpApiEvent("GET /{proxy+}", "/openapi.json", { pathParameters: { proxy: "openapi.json" } }),
    );
    expect(response.statusCode, response.body?.slice(0, 300)).toBe(200);
    const doc = json(response) as {
      openapi?: string;
      paths?: Record<string, Record<string, unknown>>;
      components?: { schemas?: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths?.["/pairs"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(doc.components?.schemas).toHaveProperty("RegisterPair");
    const { builtDocument } = await import("../../functions/http/write-openapi.js");
    const local = await builtDocument();
    expect({ paths: doc.paths, components: doc.components }).toEqual(JSON.parse(JSON.stringify(local)));
  });

  it("serves the docs UI's assets from the files bundling copied beside it", async () => {
    const response = await call(
      httpApiEvent("GET /{proxy+}", "/docs/assets/swagger-ui.css", {
        pathParameters: { proxy: "docs/assets/swagger-ui.css" },
        headers: { accept: "text/css" },
      }),
    );
    expect(response.statusCode, response.body?.slice(0, 300)).toBe(200);
    expect(header(response, "content-type")).toMatch(/^text\/css/);
    const css = response.isBase64Encoded
      ? Buffer.from(response.body ?? "", "base64").toString()
      : response.body;
    expect(css?.length).toBeGreaterThan(10_000);
  });
});

/** A stream as the bundles wrote it. */
const storedStream = (pairId: string) => buildStores(localStores(), ddb.doc).eventStore.readStream(pairId);

/** The LedgerConfig subset buildStores needs, for reading what the bundles wrote. */
function localStores(names: TableNames = tables) {
  return {
    eventsTable: names.events,
    readModelTable: names.readModel,
    dynamodb: { endpoint: ddb.endpoint, region: "us-east-1" },
  };
}

describe("the projector bundle on DynamoDB Local's stream of the events table", () => {
  it("projects the records the HTTP bundle's writes produced: the read model shows the pair suspended", async () => {
    const projector = await start("projector");
    const responses: DynamoDBBatchResponse[] = [];
    const errors: unknown[] = [];
    let records = 0;
    const poller = startStreamPoller({
      streams: ddb.streams,
      dynamodb: ddb.dynamodb,
      tableName: tables.events,
      pollIntervalMs: 50,
      awsRegion: "us-east-1",
      onError: (error) => errors.push(error),
      handler: async (event) => {
        records += event.Records.length;
        const response = await projector.invoke<DynamoDBBatchResponse>(event);
        responses.push(response);
        return response;
      },
    });
    try {
      await poller.idle();
    } finally {
      await poller.stop();
    }
    expect(errors).toEqual([]);
    // Two events and the registration's idempotency record (skipped) of Chicago–Moscow; Chicago–Athens.
    expect(records).toBe(4);
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const readModel = createDynamoReadModel(ddb.doc, tables.readModel);
    expect((await readModel.get(PAIR))?.view).toMatchObject({
      pairId: PAIR,
      status: "suspended",
      since: "2022-03-01",
      version: 2,
    });
    const events = (await storedStream(PAIR)).map(toDomainEvent);
    expect(await readModel.get(PAIR)).toEqual(docOf(events));
  });

  it("lets the HTTP bundle list the projected pair from the read model", async () => {
    // A second cold start: nothing carried over from the first HTTP process.
    const http = await start("http");
    const response = await http.invoke<APIGatewayProxyStructuredResultV2>(
      httpApiEvent("GET /{proxy+}", "/pairs", {
        pathParameters: { proxy: "pairs" },
        query: "country=RU",
      }),
    );
    expect(response.statusCode, response.body).toBe(200);
    const items = (json(response).items ?? []) as { pairId: string; status: string }[];
    expect(items.map((i) => [i.pairId, i.status])).toEqual([[PAIR, "suspended"]]);
  });
});

describe("the projector bundle and a record it cannot project", () => {
  it("sends the poisoned record to the on-failure destination (the poller's dead-letter file) and projects the records behind it", async () => {
    const fresh = await ddb.freshTables();
    const projector = await start("projector", fresh);
    const dir = mkdtempSync(join(repoRoot, ".tmp-on-failure-"));
    const deadLetters = join(dir, "dead-letters.ndjson");
    try {
      // An event written around the ledger whose schema version this code cannot read.
      await ddb.doc.send(
        new PutCommand({
          TableName: fresh.events,
          Item: {
            pairId: "de-aachen--fr-reims",
            version: 1,
            eventId: "poisoned",
            type: "established",
            schemaVersion: 99,
            data: { note: "from a future version of the ledger" },
            recordedAt: "2026-01-01T00:00:00.000Z",
            recordedBy: "test",
            prevHash: "0".repeat(64),
            hash: "0".repeat(64),
          },
        }),
      );
      const config = { ...localStores(fresh), idempotencyTtlSeconds: 3600 };
      const ledger = buildLedger(buildStores(config, ddb.doc).eventStore, config);
      const out = await ledger.execute(
        undefined,
        { kind: "register", data: register(chicago, moscow) } as never,
        {
          recordedBy: "test",
        },
      );
      expect(out.ok).toBe(true);
      const poller = startStreamPoller({
        streams: ddb.streams,
        dynamodb: ddb.dynamodb,
        tableName: fresh.events,
        pollIntervalMs: 50,
        awsRegion: "us-east-1",
        deadLetterFile: deadLetters,
        maxAttempts: 2,
        onError: () => {},
        handler: (event) => projector.invoke<DynamoDBBatchResponse>(event),
      });
      try {
        await poller.idle();
      } finally {
        await poller.stop();
      }
      const parked = await readDeadLetters(deadLetters);
      expect(parked.map((p) => [p.pairId, p.version])).toEqual([["de-aachen--fr-reims", 1]]);
      const readModel = createDynamoReadModel(ddb.doc, fresh.readModel);
      expect((await readModel.get(PAIR))?.view).toMatchObject({ status: "active", version: 1 });
      expect(await readModel.get("de-aachen--fr-reims")).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Replay and digest over a seeded table of their own

const SEED: readonly (readonly [City, City, boolean])[] = [
  [{ name: "Seattle", country: "US", region: "US-WA" }, { name: "Kyiv", country: "UA" }, false],
  [{ name: "Toronto", country: "CA", region: "CA-ON" }, { name: "Kyiv", country: "UA" }, false],
  [{ name: "Lyon", country: "FR" }, { name: "Saint Petersburg", country: "RU" }, true],
  [chicago, moscow, true],
  [{ name: "Seattle", country: "US", region: "US-WA" }, { name: "Tashkent", country: "UZ" }, false],
];

describe("the replay and digest bundles over a seeded table", () => {
  let seeded: TableNames;
  let pairIds: string[];

  beforeAll(async () => {
    seeded = await ddb.freshTables();
    const config = { ...localStores(seeded), idempotencyTtlSeconds: 3600 };
    const ledger = buildLedger(buildStores(config, ddb.doc).eventStore, config);
    pairIds = [];
    for (const [a, b, suspended] of SEED) {
      const out = await ledger.execute(undefined, { kind: "register", data: register(a, b) } as never, {
        recordedBy: "seed",
      });
      if (!out.ok) throw new Error(`seeding ${a.name}-${b.name}: ${out.error.code}`);
      pairIds.push(out.value.pairId);
      if (suspended) {
        const { type: _t, ...data } = suspension(a);
        const next = await ledger.execute(
          out.value.pairId,
          { kind: "record", type: "suspended", data } as never,
          {
            recordedBy: "seed",
          },
        );
        if (!next.ok) throw new Error(`seeding a suspension: ${next.error.code}`);
      }
    }
  });

  it("replay compares, repairs the empty read model, then finds it clean", async () => {
    const replay = await start("replay", seeded);
    const invoke = (payload: unknown) =>
      replay.invoke<Record<string, unknown>>(payload, { timeoutMs: 900_000 });

    const before = await invoke({ mode: "compare" });
    expect(before).toMatchObject({ mode: "compare", clean: false, streams: SEED.length, events: 7 });
    expect([...(before.missing as string[])].sort()).toEqual([...pairIds].sort());

    const repair = await invoke({ mode: "repair" });
    expect(repair).toMatchObject({ mode: "repair", repaired: SEED.length });

    const after = await invoke({ mode: "compare" });
    expect(after).toMatchObject({ clean: true, missing: [], differing: [], chainBreaks: [] });

    const readModel = createDynamoReadModel(ddb.doc, seeded.readModel);
    const eventStore = buildStores(localStores(seeded), ddb.doc).eventStore;
    for (const pairId of pairIds) {
      expect(await readModel.get(pairId)).toEqual(
        docOf((await eventStore.readStream(pairId)).map(toDomainEvent)),
      );
    }
    // The report's digest is the one the source computes from the same table.
    expect((after.digest as { root: string }).root).toBe((await takeDigest(eventStore)).root);
  });

  it("replay rebuilds into another read-model table (blue/green) and rejects an unknown mode", async () => {
    const replay = await start("replay", seeded);
    const target = await ddb.freshTables();
    const into = await replay.invoke<Record<string, unknown>>({ mode: "into", target: target.readModel });
    expect(into).toMatchObject({ mode: "into", written: SEED.length });
    const rebuilt = createDynamoReadModel(ddb.doc, target.readModel);
    expect((await rebuilt.get(PAIR))?.view).toMatchObject({ status: "suspended", version: 2 });
    await expect(replay.invoke({ mode: "rewrite-history" })).rejects.toThrow(/mode/);
  });

  it("digest publishes the Merkle root of every stream head to the bucket, with the checksum Object Lock needs", async () => {
    const digest = await start("digest", seeded);
    s3Puts.length = 0;
    // The scheduled invocation: EventBridge's event for the hourly rule.
    const out = await digest.invoke<Record<string, unknown>>(scheduledEvent());
    expect(out).toMatchObject({ streams: SEED.length, events: 7 });
    expect(s3Puts).toHaveLength(1);
    const put = s3Puts[0] as S3Put;
    expect(put.path).toMatch(/^\/ledger-digests\/digests\/[^/?]+\.json/);
    expect(out.location).toBe(
      `s3://ledger-digests/${decodeURIComponent(put.path.split("?")[0] ?? "").replace(/^\/ledger-digests\//, "")}`,
    );
    expect(put.headers["x-amz-checksum-sha256"]).toBe(createHash("sha256").update(put.body).digest("base64"));
    expect(put.headers["if-none-match"]).toBe("*");
    const published = JSON.parse(put.body.toString("utf8")) as { root: string; heads: { pairId: string }[] };
    const expected = await takeDigest(buildStores(localStores(seeded), ddb.doc).eventStore);
    expect(published.root).toBe(expected.root);
    expect(out.root).toBe(expected.root);
    expect(published.heads.map((h) => h.pairId).sort()).toEqual([...pairIds].sort());
  });

  it("digest refuses to publish after an edit of the events table behind the API: records the break, emits VerificationBreaks (EMF)", async () => {
    const digest = await start("digest", seeded);
    const before = await digest.invoke<Record<string, unknown>>(scheduledEvent());
    expect(before).toMatchObject({
      published: true,
      previous: expect.objectContaining({ takenAt: expect.any(String) }),
    });
    await ddb.doc.send(
      new UpdateCommand({
        TableName: seeded.events,
        Key: { pairId: PAIR, version: 2 },
        UpdateExpression: "SET #d.wording = :w",
        ExpressionAttributeNames: { "#d": "data" },
        ExpressionAttributeValues: { ":w": "reaffirm" },
      }),
    );
    s3Puts.length = 0;
    const out = await digest.invoke<Record<string, unknown>>(scheduledEvent());
    expect(out).toMatchObject({ published: false, breaks: 1 });
    expect(String((out.findings as string[])[0])).toMatch(
      new RegExp(`${PAIR} v2: stored hash .* does not recompute`),
    );
    // The only put is the break record; no new digest.
    expect(s3Puts.map((p) => p.path.split("?")[0])).toEqual([
      expect.stringMatching(/^\/ledger-digests\/breaks\//),
    ]);
    const emf = digest
      .output()
      .split("\n")
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line.slice(line.indexOf("{"))) as Record<string, unknown>);
    expect(emf.at(-1)).toMatchObject({
      VerificationBreaks: 1,
      service: "sister-city-ledger",
      _aws: { CloudWatchMetrics: [expect.objectContaining({ Namespace: "SisterCityLedger" })] },
    });
  });
});
