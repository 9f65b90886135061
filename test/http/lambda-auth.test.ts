/**
 * Identity in AWS: real API Gateway HTTP API (v2) events through hono's Lambda adapter. The
 * authorizer's identity (IAM principal or JWT subject) becomes recordedBy; without one a write is
 * 401 and nothing is stored; a bearer token alone is no identity in AWS. Fixtures are typed with
 * hono's own LambdaEvent (docs/maintaining.md#lambda-event-types).
 */
import {
  type ApiGatewayRequestContextV2,
  handle,
  type LambdaContext,
  type LambdaEvent,
} from "hono/aws-lambda";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createApi } from "./support/api.js";
import { establishment, ids } from "../support/builders.js";

type HttpApiEvent = Extract<LambdaEvent, { requestContext: ApiGatewayRequestContextV2 }>;
type Authorizer = ApiGatewayRequestContextV2["authorizer"];

const IAM: Authorizer = {
  iam: {
    accessKey: "ASIAEXAMPLE",
    accountId: "123456789012",
    callerId: "AROAEXAMPLE:clerk",
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: "arn:aws:sts::123456789012:assumed-role/ledger-clerk/clerk",
    userId: "AROAEXAMPLE:clerk",
  },
};

const JWT: Authorizer = {
  jwt: {
    claims: { iss: "https://auth.example.org/", sub: "auth0|clerk-42", aud: "ledger", scope: "ledger/write" },
    scopes: ["ledger/write"],
  },
};

function event(
  method: string,
  path: string,
  options: { json?: unknown; authorizer?: Authorizer; headers?: Record<string, string> } = {},
): HttpApiEvent {
  const body = options.json === undefined ? null : JSON.stringify(options.json);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: {
      host: "abc123.execute-api.eu-west-1.amazonaws.com",
      ...(body
        ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) }
        : {}),
      ...options.headers,
    },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authentication: null,
      authorizer: options.authorizer ?? {},
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "vitest" },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "28/Nov/2026:12:00:00 +0000",
      timeEpoch: 1_795_867_200_000,
    },
  };
}

const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: "ledger-http",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:ledger-http",
  memoryLimitInMB: "512",
  awsRequestId: "aws-req-1",
  logGroupName: "/aws/lambda/ledger-http",
  logStreamName: "2026/11/28/[$LATEST]abc",
  getRemainingTimeInMillis: () => 10_000,
};

function lambda() {
  const api = createApi(
    { eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() },
    { auth: { mode: "aws" } },
  );
  const handler = handle(api.app);
  const invoke = async (e: HttpApiEvent) => {
    const out = (await handler(e, context)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    return { ...out, json: JSON.parse(out.body) };
  };
  return { api, invoke };
}

const registration = establishment("chicago", "moscow", "1997");

describe("identity from the API Gateway authorizer", () => {
  it("records the IAM principal's ARN as recordedBy", async () => {
    const { api, invoke } = lambda();
    const out = await invoke(event("POST", "/pairs", { json: registration, authorizer: IAM }));
    expect(out.statusCode).toBe(201);
    expect(out.headers.etag).toBe('"1"');
    const [stored] = await api.stores.eventStore.readStream(ids.chicagoMoscow);
    expect(stored?.recordedBy).toBe("iam:arn:aws:sts::123456789012:assumed-role/ledger-clerk/clerk");
  });

  it("records the JWT's issuer and subject as recordedBy", async () => {
    const { api, invoke } = lambda();
    const out = await invoke(event("POST", "/pairs", { json: registration, authorizer: JWT }));
    expect(out.statusCode).toBe(201);
    const [stored] = await api.stores.eventStore.readStream(ids.chicagoMoscow);
    expect(stored?.recordedBy).toBe("jwt:https://auth.example.org/#auth0|clerk-42");
  });

  it("answers a write without an authorizer identity with 401 problem+json, and stores nothing", async () => {
    const { api, invoke } = lambda();
    const out = await invoke(event("POST", "/pairs", { json: registration }));
    expect(out.statusCode).toBe(401);
    expect(out.headers["content-type"]).toBe("application/problem+json");
    expect(out.json).toMatchObject({ status: 401, type: expect.stringMatching(/unauthenticated$/) });
    expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toEqual([]);
  });

  it("does not take a bearer token for an identity in AWS: only the authorizer's word counts", async () => {
    const { api, invoke } = lambda();
    const out = await invoke(
      event("POST", "/pairs", {
        json: registration,
        headers: { authorization: "Bearer anything-at-all-0123" },
      }),
    );
    expect(out.statusCode).toBe(401);
    expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toEqual([]);
  });

  it("never lets the body say who recorded an event, even with a valid identity", async () => {
    const { api, invoke } = lambda();
    const out = await invoke(
      event("POST", "/pairs", { json: { ...registration, recordedBy: "iam:someone-else" }, authorizer: IAM }),
    );
    expect(out.statusCode).toBe(422);
    expect(out.json.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/recordedBy" })]);
    expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toEqual([]);
  });

  it("serves reads without an identity, with the ETag", async () => {
    const { invoke } = lambda();
    await invoke(event("POST", "/pairs", { json: registration, authorizer: IAM }));
    const out = await invoke(event("GET", `/pairs/${ids.chicagoMoscow}`));
    expect(out.statusCode).toBe(200);
    expect(out.headers.etag).toBe('"1"');
    expect(out.json).toMatchObject({ pairId: ids.chicagoMoscow, status: "active" });
  });
});
