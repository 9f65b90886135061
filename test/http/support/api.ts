/**
 * The HTTP test harness: an app over any pair of stores (in-memory or DynamoDB Local), with the
 * projector applied synchronously after each append (what the stream does a moment later), every
 * answer checked against the app's own OpenAPI document, and a given/when/then specification in
 * the manner of Emmett's ApiSpecification.
 */
import { expect } from "vitest";
import { createApp, type AppDeps } from "../../../functions/app/app.js";
import type { AuthConfig } from "../../../functions/app/auth.js";
import { createLedger } from "../../../functions/application/ledger.js";
import type { EventStore } from "../../../functions/ports/event-store.js";
import type { ReadModelStore } from "../../../functions/ports/read-model.js";
import { createProjector } from "../../../functions/projector/projector.js";
import {
  type Conformance,
  createConformance,
  type OpenApiDocument,
} from "../../support/openapi-conformance.js";

export const TOKEN = "http-suite-token-0123456789";
/** The identity the bearer token stands for (functions/app/auth.ts). */
export const TOKEN_IDENTITY = "token:local-operator";

export interface Stores {
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
}

export interface Request {
  readonly method?: string;
  readonly path: string;
  readonly json?: unknown;
  /** A raw body (with its own content type in headers). */
  readonly body?: string;
  readonly headers?: Record<string, string>;
  /** The bearer token; `null` sends none. Defaults to the suite's token for writes. */
  readonly token?: string | null;
}

export interface Response {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  readonly body: any;
}

/** Projects each appended event right away, through the real projector. */
function projecting(store: EventStore, readModel: ReadModelStore): EventStore {
  const projector = createProjector({ eventStore: store, readModel });
  return {
    readStream: (pairId, range) => store.readStream(pairId, range),
    readAfter: (pairId, version) => store.readAfter(pairId, version),
    headVersion: (pairId) => store.headVersion(pairId),
    getIdempotencyRecord: (key) => store.getIdempotencyRecord(key),
    scan: (options) => store.scan(options),
    async append(pairId, expectedVersion, events, idempotency) {
      await store.append(pairId, expectedVersion, events, idempotency);
      for (const e of events) await projector.apply(e);
    },
  };
}

export interface ApiOptions {
  readonly auth?: AuthConfig;
  readonly clock?: () => Date;
  /** Replace parts of the app's dependencies (e.g. a failing store). */
  readonly override?: Partial<AppDeps>;
}

export function createApi(stores: Stores, options: ApiOptions = {}) {
  const eventStore = projecting(stores.eventStore, stores.readModel);
  let n = 0;
  const ledger = createLedger({
    eventStore,
    clock: options.clock ?? (() => new Date()),
    newId: () => `0193a7c2-0000-7000-8000-${String(++n).padStart(12, "0")}`,
    idempotencyTtlSeconds: 24 * 3600,
  });
  const unexpected: unknown[] = [];
  const app = createApp({
    ledger,
    eventStore,
    readModel: stores.readModel,
    auth: options.auth ?? { mode: "token", token: TOKEN },
    onUnexpectedError: (e) => unexpected.push(e),
    ...options.override,
  });
  let conformance: Conformance | undefined;
  /** Every answer that did not conform: the suites assert this stays empty. */
  const violations: string[] = [];

  async function document(): Promise<OpenApiDocument> {
    return (await app.request("/openapi.json")).json() as Promise<OpenApiDocument>;
  }

  async function send(req: Request): Promise<Response> {
    conformance ??= createConformance(await document());
    const method = req.method ?? (req.json !== undefined || req.body !== undefined ? "POST" : "GET");
    const headers = new Headers(req.headers);
    if (req.json !== undefined && !headers.has("content-type"))
      headers.set("content-type", "application/json");
    const token = req.token === undefined ? (method === "GET" ? null : TOKEN) : req.token;
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    const res = await app.request(req.path, {
      method,
      headers,
      body: req.json !== undefined ? JSON.stringify(req.json) : req.body,
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const path = new URL(req.path, "http://x").pathname;
    violations.push(...conformance.check({ method, path, status: res.status, headers: res.headers, text }));
    return { status: res.status, headers: res.headers, text, body };
  }

  return {
    app,
    ledger,
    stores,
    send,
    document,
    violations,
    unexpected,
    conformance: () => conformance,
  };
}

export type Api = ReturnType<typeof createApi>;

// -------------------------------------------------------------------------------------------
// given / when / then

export type Step = (api: Api) => Promise<unknown>;
export type Then = (res: Response, api: Api) => unknown;

/** `spec(api).given(...steps).when(request).then(...checks)`: the answer, after the checks. */
export function spec(api: Api) {
  return {
    given: (...steps: Step[]) => ({
      when: (request: Request | ((api: Api) => Request)) => ({
        async then(...checks: Then[]): Promise<Response> {
          for (const step of steps) await step(api);
          const res = await api.send(typeof request === "function" ? request(api) : request);
          for (const check of checks) await check(res, api);
          return res;
        },
      }),
    }),
  };
}

/** A step that must succeed (2xx). */
export const sent =
  (request: Request): Step =>
  async (api) => {
    const res = await api.send(request);
    expect(res.status, `${request.method ?? "POST"} ${request.path}: ${res.text}`).toBeLessThan(300);
    return res;
  };

// -------------------------------------------------------------------------------------------
// checks

export const status =
  (code: number): Then =>
  (res) =>
    expect(res.status, res.text).toBe(code);

export const header =
  (name: string, value: string | RegExp | null): Then =>
  (res) => {
    if (value === null) expect(res.headers.get(name)).toBeNull();
    else if (typeof value === "string") expect(res.headers.get(name)).toBe(value);
    else expect(res.headers.get(name)).toMatch(value);
  };

export const body =
  (expected: unknown): Then =>
  (res) =>
    expect(res.body).toMatchObject(expected as object);

/** A problem+json answer of this status and type slug, with the RFC 9457 members. */
export const problem =
  (code: number, slug: string, extra: Record<string, unknown> = {}): Then =>
  (res) => {
    expect(res.status, res.text).toBe(code);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.body).toMatchObject({
      type: `https://sister-city-ledger.dev/problems/${slug}`,
      title: expect.any(String),
      status: code,
      detail: expect.any(String),
      ...extra,
    });
  };

/** A 422 naming exactly these fields (location and JSON pointer). */
export const invalidFields =
  (...fields: { in: string; pointer: string }[]): Then =>
  (res) => {
    problem(422, "validation")(res, undefined as never);
    const got = (res.body.errors as { in: string; pointer: string }[]).map((e) => `${e.in} ${e.pointer}`);
    expect(got.sort()).toEqual(fields.map((f) => `${f.in} ${f.pointer}`).sort());
  };

/** The stream holds exactly this many events (nothing more was stored). */
export const storedEvents =
  (pairId: string, count: number): Then =>
  async (_res, api) =>
    expect(await api.stores.eventStore.readStream(pairId)).toHaveLength(count);
