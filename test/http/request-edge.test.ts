/**
 * The request edge: an unknown query parameter is refused on every API route (never ignored),
 * `asOf` on the lists is refused rather than answered with today's statuses, validation texts name
 * the field and what it allows, and errors Node's parser raises are problem+json too.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { answerClientErrors } from "../../functions/http/client-errors.js";
import { forTryItOut } from "../../functions/app/routes/meta.js";
import { MAX_BODY_BYTES } from "../../functions/app/app.js";
import { type Api, TOKEN, createApi, invalidFields, problem, sent, spec } from "./support/api.js";
import { establishment, ids, recordRequest, registerRequest } from "../support/builders.js";

const apis: Api[] = [];
function fresh() {
  const api = createApi({ eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() });
  apis.push(api);
  return api;
}

afterEach(() => {
  for (const api of apis.splice(0))
    expect(api.violations, "answers that depart from /openapi.json").toEqual([]);
});

describe("unknown query parameters", () => {
  it.each([
    ["GET", "/pairs?stauts=suspended"],
    ["GET", `/pairs/${ids.chicagoMoscow}?asof=2022`],
    ["GET", `/pairs/${ids.chicagoMoscow}/events?limit=5`],
    ["GET", "/cities/us-il-chicago/pairs?page=2"],
    ["GET", "/stats?country=RU"],
    ["GET", "/health?verbose=1"],
    ["GET", "/openapi.json?format=yaml"],
  ])("refuses %s %s with 422 naming the parameter", async (method, path) => {
    const name = new URL(path, "http://x").searchParams.keys().next().value as string;
    await spec(fresh())
      .given(sent(registerRequest("chicago", "moscow")))
      .when({ method, path })
      .then(invalidFields({ in: "query", pointer: `/${name}` }));
  });

  it("refuses a write with an unknown query parameter and writes nothing", async () => {
    const api = fresh();
    await spec(api)
      .given()
      .when({ ...registerRequest("chicago", "moscow"), path: "/pairs?dryRun=true" })
      .then(invalidFields({ in: "query", pointer: "/dryRun" }));
    expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toHaveLength(0);
  });

  it("answers the lists as of a date, and refuses a date that is none", async () => {
    const api = fresh();
    await spec(api)
      .given(
        sent(registerRequest("chicago", "moscow")),
        sent(
          recordRequest(ids.chicagoMoscow, {
            type: "suspended",
            effectiveDate: "2022-03-01",
            actor: { side: "both" },
            sources: [{ citation: "council minutes" }],
          }),
        ),
      )
      .when({ path: "/pairs?asOf=2022-02-01" })
      .then((res) => expect(res.body.items.map((p: { status: string }) => p.status)).toEqual(["active"]));
    await spec(api)
      .given()
      .when({ path: "/cities/us-il-chicago/pairs?asOf=2022-04" })
      .then((res) => expect(res.body.items.map((p: { status: string }) => p.status)).toEqual(["suspended"]));
    for (const path of ["/pairs?asOf=yesterday", "/cities/us-il-chicago/pairs?asOf=2022-13-01"])
      await spec(api)
        .given()
        .when({ path })
        .then(invalidFields({ in: "query", pointer: "/asOf" }));
  });

  it("still takes every declared parameter", async () => {
    await spec(fresh())
      .given(sent(registerRequest("chicago", "moscow")))
      .when({ path: "/pairs?country=RU&status=active&q=moscow&limit=5&city=us-il-chicago" })
      .then((res) => expect(res.status, res.text).toBe(200));
  });
});

describe("validation texts", () => {
  it("names a missing field and what it must be", async () => {
    const res = await spec(fresh())
      .given()
      .when({ method: "POST", path: "/pairs", json: { cityA: { name: "Chicago", country: "US" } } })
      .then(problem(422, "validation"));
    const details = (res.body.errors as { pointer: string; detail: string }[])
      .map((e) => e.detail)
      .join("\n");
    expect(details).toContain("cityB is required (an object)");
    expect(details).toContain("effectiveDate is required (a string)");
    expect(details).not.toMatch(/Invalid input|received undefined/);
  });

  it("lists the event types when the type is unknown", async () => {
    const res = await spec(fresh())
      .given(sent(registerRequest("chicago", "moscow")))
      .when(recordRequest(ids.chicagoMoscow, { type: "paused", effectiveDate: "2022" }))
      .then(invalidFields({ in: "body", pointer: "/type" }));
    expect(res.body.errors[0].detail).toMatch(/^type must be one of established, suspended, /);
    expect(res.body.errors[0].detail).not.toContain("Invalid discriminator");
  });

  it("says the bound of a list's page size", async () => {
    const res = await spec(fresh())
      .given()
      .when({ path: "/pairs?limit=1000&status=paused" })
      .then(invalidFields({ in: "query", pointer: "/limit" }, { in: "query", pointer: "/status" }));
    const byPointer = Object.fromEntries(
      (res.body.errors as { pointer: string; detail: string }[]).map((e) => [e.pointer, e.detail]),
    );
    expect(byPointer["/limit"]).toBe("limit must be at most 100");
    expect(byPointer["/status"]).toBe("status must be one of active, suspended, dormant, terminated");
  });
});

describe("the OpenAPI document for generators and linters", () => {
  it("gives every operation an operationId, unique, and marks public ones security: []", async () => {
    const doc = (await fresh().document()) as {
      servers?: unknown[];
      paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
    };
    expect(doc.servers?.length).toBeGreaterThan(0);
    const ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ at: `${method} ${path}`, ...op })),
    );
    const idsSeen = ops.map((o) => o.operationId);
    expect(idsSeen.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(idsSeen).size).toBe(ops.length);
    const byAt = Object.fromEntries(ops.map((o) => [o.at, o]));
    expect(byAt["get /pairs"]).toMatchObject({ operationId: "listPairs", security: [] });
    expect(byAt["post /pairs/{pairId}/events"]?.security).toEqual([{ bearer: [] }, { sigv4: [] }]);
  });

  it("describes the record-event body as a union the docs show by type", async () => {
    const doc = (await fresh().document()) as unknown as { components: { schemas: Record<string, any> } };
    const union = doc.components.schemas.RecordEvent;
    expect(union.discriminator.propertyName).toBe("type");
    expect(union.discriminator.mapping.suspended).toBe("#/components/schemas/RecordSuspended");
    expect(doc.components.schemas.RecordMarkedDormant).toBeDefined();
  });

  it("gives the docs UI a document whose optional parameters pre-fill nothing", async () => {
    const doc = structuredClone(await fresh().document()) as any;
    const shown = forTryItOut(doc) as any;
    const list = shown.paths["/pairs"].get.parameters as any[];
    for (const p of list) {
      expect(p.example, p.name).toBeUndefined();
      expect(p.schema?.example, p.name).toBeUndefined();
    }
    expect(list.find((p) => p.name === "q").description).toContain('(e.g. "moskva")');
    const path = shown.paths["/pairs/{pairId}"].get.parameters.find((p: any) => p.in === "path");
    expect(path.schema.example ?? path.example).toBe(ids.chicagoMoscow);
  });
});

describe("x-content-type-options", () => {
  it("marks every kind of answer nosniff: JSON, problem+json, HTML, a stream, a file", async () => {
    const api = fresh();
    await api.send(registerRequest("chicago", "moscow"));
    for (const path of [
      "/health",
      `/pairs/${ids.chicagoMoscow}`,
      "/pairs/no-such-pair",
      "/no-such-route",
      "/openapi.json",
      "/docs",
      "/audit/export",
      "/",
      "/export.csv",
    ]) {
      const res = await api.app.request(path);
      await res.arrayBuffer();
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });
});

describe("errors before the app", () => {
  it("answers oversized headers with 431 problem+json", async () => {
    const api = fresh();
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" });
    answerClientErrors(server as never);
    await new Promise((r) => server.once("listening", r));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port, path: "/health", headers: { "x-big": "a".repeat(64 * 1024) } },
          (res) => {
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body }),
            );
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(answer.status).toBe(431);
      expect(answer.type).toBe("application/problem+json");
      expect(JSON.parse(answer.body)).toMatchObject({
        type: "https://sister-city-ledger.dev/problems/headers-too-large",
        status: 431,
      });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("limits a body by its content-length or, sent chunked, as it is read; a GET's is never read", async () => {
    const api = fresh();
    const server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((r) => server.once("listening", r));
    const { port } = server.address() as AddressInfo;
    const send = (method: string, path: string, body: string, chunked: boolean) =>
      new Promise<{ status: number; body: string; nosniff: unknown }>((resolve, reject) => {
        const headers: Record<string, string> = {
          "content-type": "application/json",
          authorization: `Bearer ${TOKEN}`,
          ...(chunked
            ? { "transfer-encoding": "chunked" }
            : { "content-length": String(Buffer.byteLength(body)) }),
        };
        const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: text,
              nosniff: res.headers["x-content-type-options"],
            }),
          );
        });
        req.on("error", reject);
        if (chunked) for (let i = 0; i < body.length; i += 16_384) req.write(body.slice(i, i + 16_384));
        else req.write(body);
        req.end();
      });
    try {
      const big = JSON.stringify(
        establishment("chicago", "moscow", "1997", { note: "x".repeat(MAX_BODY_BYTES) }),
      );
      for (const chunked of [false, true]) {
        const answer = await send("POST", "/pairs", big, chunked);
        expect(answer.status, chunked ? "chunked" : "content-length").toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 413, limit: MAX_BODY_BYTES });
      }
      expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toHaveLength(0);
      const small = JSON.stringify(establishment("chicago", "moscow", "1997"));
      expect((await send("POST", "/pairs", small, true)).status).toBe(201);
      const read = await send("GET", `/pairs/${ids.chicagoMoscow}`, "", false);
      expect(read.status).toBe(200);
      expect(read.nosniff).toBe("nosniff");
      expect(JSON.parse(read.body)).toMatchObject({ pairId: ids.chicagoMoscow });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
