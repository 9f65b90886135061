/**
 * The OpenAPI document: 3.1, generated from the zod schemas, an example for every request and
 * response that validates against its schema, security schemes on every write, the retry TTL
 * documented; and the conformance checker itself catches what it should.
 */
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createConformance, type OpenApiDocument } from "../support/openapi-conformance.js";
import { createApi } from "./support/api.js";

/** The audit routes are another module's, with their own tests; the API's own are held to the rules here. */
const OWN = (path: string) => !path.startsWith("/audit/");

const memory = () => ({ eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() });
const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      id: `${method.toUpperCase()} ${path}`,
      method,
      path,
      op: op as any,
    })),
  );

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 and describes every route of the API", async () => {
    const doc = await createApi(memory()).document();
    expect(doc.openapi).toBe("3.1.0");
    expect(operations(doc).map((o) => o.id)).toEqual(
      expect.arrayContaining([
        "GET /cities/{cityId}/pairs",
        "GET /health",
        "GET /pairs",
        "GET /pairs/{pairId}",
        "GET /pairs/{pairId}/events",
        "GET /stats",
        "POST /pairs",
        "POST /pairs/{pairId}/events",
      ]),
    );
  });

  it("has an example for every parameter, request and response, and each validates against its schema (audit routes too)", async () => {
    const doc = await createApi(memory()).document();
    expect(createConformance(doc).exampleIssues()).toEqual([]);
    // Each component name is one schema: the digest as published and as stored are two.
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names).toEqual(expect.arrayContaining(["PublishedDigest", "StoredDigest", "InclusionProof"]));
  });

  it("describes both ways to authenticate, and requires one on every write and audit, and marks every other read public (security: [])", async () => {
    const doc = await createApi(memory()).document();
    const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, Record<string, unknown>>;
    expect(schemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.sigv4).toMatchObject({ type: "apiKey", in: "header", name: "Authorization" });
    for (const o of operations(doc)) {
      if (o.method === "post" || !OWN(o.path))
        expect(o.op.security, o.id).toEqual([{ bearer: [] }, { sigv4: [] }]);
      else expect(o.op.security, o.id).toEqual([]);
      if (o.method === "post" && OWN(o.path))
        expect(Object.keys(o.op.responses), o.id).toEqual(
          expect.arrayContaining(["400", "401", "413", "415", "422", "500"]),
        );
    }
  });

  it("answers every documented error as problem+json with the Problem schema", async () => {
    const doc = await createApi(memory()).document();
    for (const o of operations(doc))
      for (const [status, response] of Object.entries(o.op.responses as Record<string, any>))
        if (Number(status) >= 400)
          expect(response.content, `${o.id} ${status}`).toEqual({
            "application/problem+json": expect.objectContaining({
              schema: { $ref: "#/components/schemas/Problem" },
            }),
          });
  });

  it("documents ETag on every pair answer, and the Idempotency-Key with its time to live", async () => {
    const doc = await createApi(memory(), { override: { idempotencyTtlHours: 48 } }).document();
    const pairOps = operations(doc).filter((o) => o.path.startsWith("/pairs/") || o.id === "POST /pairs");
    for (const o of pairOps)
      for (const [status, response] of Object.entries(o.op.responses as Record<string, any>))
        if (["200", "201", "412"].includes(status))
          expect(response.headers?.ETag?.required, `${o.id} ${status}`).toBe(true);
    const key = operations(doc)
      .find((o) => o.id === "POST /pairs")
      ?.op.parameters.find((p: { name: string }) => p.name === "idempotency-key");
    expect(key.description).toMatch(/IDEMPOTENCY_TTL_HOURS \(default 24 h\)/);
    expect((doc.info as { description: string }).description).toMatch(/remembered for\s+48 hours/);
    expect(doc["x-idempotency-ttl-hours"]).toBe(48);
    const defaults = await createApi(memory()).document();
    expect(defaults["x-idempotency-ttl-hours"]).toBe(24);
  });
});

describe("the conformance checker", () => {
  const answer = (
    method: string,
    path: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => ({
    method,
    path,
    status,
    headers: new Headers({ "content-type": "application/json", ...headers }),
    text: typeof body === "string" ? body : JSON.stringify(body),
  });
  const problemBody = (status: number) => ({ type: "x", title: "t", status, detail: "d" });

  it("passes a documented answer and flags an undocumented status, a wrong type, a bad body, a missing header", async () => {
    const c = createConformance(await createApi(memory()).document());
    expect(c.check(answer("GET", "/health", 200, { status: "ok" }))).toEqual([]);
    expect(c.check(answer("GET", "/health", 418, { status: "ok" }))).toEqual([
      expect.stringMatching(/418 is not documented/),
    ]);
    expect(c.check(answer("GET", "/health", 200, "ok", { "content-type": "text/plain" }))).toEqual([
      expect.stringMatching(/content type text\/plain/),
    ]);
    expect(c.check(answer("GET", "/stats", 200, { total: 3 }))).toEqual([
      expect.stringMatching(/does not match the schema/),
    ]);
    expect(
      c.check(
        answer("GET", "/pairs/ru-moscow--us-il-chicago/events", 200, { pairId: "p", version: 0, events: [] }),
      ),
    ).toEqual([expect.stringMatching(/required header ETag is missing/)]);
  });

  it("expects 404 problem+json for unknown paths and 405 with the documented Allow for other methods", async () => {
    const c = createConformance(await createApi(memory()).document());
    const problem = { "content-type": "application/problem+json" };
    expect(c.check(answer("GET", "/nowhere", 404, problemBody(404), problem))).toEqual([]);
    expect(c.check(answer("GET", "/nowhere", 200, {}))).toEqual([expect.stringMatching(/404 was expected/)]);
    expect(
      c.check(answer("DELETE", "/stats", 405, problemBody(405), { ...problem, allow: "GET, HEAD" })),
    ).toEqual([]);
    expect(c.check(answer("DELETE", "/stats", 405, problemBody(405), { ...problem, allow: "GET" }))).toEqual([
      expect.stringMatching(/Allow is "GET"/),
    ]);
    expect(c.check(answer("GET", "/nowhere", 404, problemBody(400), problem))).toEqual([
      expect.stringMatching(/problem status 400 is not the HTTP status/),
    ]);
  });
});
