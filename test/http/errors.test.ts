/**
 * Every error the API answers is problem+json with type, title, status and detail, and conforms
 * to /openapi.json: unknown route, wrong method, malformed JSON, wrong content type, body and
 * event size limits, unexpected failures.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { MAX_BODY_BYTES } from "../../functions/app/app.js";
import { MAX_ITEM_BYTES, StoreError } from "../../functions/ports/event-store.js";
import {
  type Api,
  type ApiOptions,
  createApi,
  header,
  invalidFields,
  problem,
  spec,
  storedEvents,
} from "./support/api.js";
import { establishment, ids, registerRequest } from "../support/builders.js";

const apis: Api[] = [];
function fresh(
  options: ApiOptions = {},
  stores = { eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() },
) {
  const api = createApi(stores, options);
  apis.push(api);
  return api;
}

afterEach(() => {
  for (const api of apis.splice(0))
    expect(api.violations, "answers that depart from /openapi.json").toEqual([]);
});

describe("routes and methods", () => {
  it("answers an unknown route with 404", async () => {
    await spec(fresh())
      .given()
      .when({ path: "/nowhere" })
      .then(problem(404, "not-found", { instance: "/nowhere" }));
  });

  it("answers 404, not 415, for a body sent to an unknown route", async () => {
    await spec(fresh())
      .given()
      .when({ method: "POST", path: "/nowhere", body: "hello", headers: { "content-type": "text/plain" } })
      .then(problem(404, "not-found"));
  });

  it("answers a known path with a method it does not take with 405 and Allow", async () => {
    const api = fresh();
    await spec(api)
      .given()
      .when({ method: "DELETE", path: `/pairs/${ids.chicagoMoscow}` })
      .then(problem(405, "method-not-allowed", { allow: ["GET", "HEAD"] }), header("allow", "GET, HEAD"));
    await spec(api)
      .given()
      .when({ method: "PUT", path: "/pairs", json: {} })
      .then(problem(405, "method-not-allowed"), header("allow", "GET, HEAD, POST"));
    await spec(api)
      .given()
      .when({ method: "POST", path: "/stats", json: {} })
      .then(problem(405, "method-not-allowed"), header("allow", "GET, HEAD"));
  });
});

describe("bodies", () => {
  it("answers malformed JSON with 400 and stores nothing", async () => {
    await spec(fresh())
      .given()
      .when({
        method: "POST",
        path: "/pairs",
        body: '{"cityA": {',
        headers: { "content-type": "application/json" },
      })
      .then(
        problem(400, "malformed", { detail: "the body is not valid JSON" }),
        storedEvents(ids.chicagoMoscow, 0),
      );
  });

  it("answers a body that is not JSON with 415 and the type it accepts, and stores nothing", async () => {
    await spec(fresh())
      .given()
      .when({
        method: "POST",
        path: "/pairs",
        body: "cityA=Chicago",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      .then(
        problem(415, "unsupported-media-type"),
        header("accept", "application/json"),
        storedEvents(ids.chicagoMoscow, 0),
      );
  });

  it("answers a body over 256 KiB with 413 and the limit, and stores nothing", async () => {
    const json = establishment("chicago", "moscow", "1997", { note: "x".repeat(MAX_BODY_BYTES) });
    await spec(fresh())
      .given()
      .when({ method: "POST", path: "/pairs", json })
      .then(problem(413, "body-too-large", { limit: MAX_BODY_BYTES }), storedEvents(ids.chicagoMoscow, 0));
  });

  it("answers a large body under the limit on its merits: a 200 KB note is a field error (422), not a 413", async () => {
    const json = establishment("chicago", "moscow", "1997", { note: "x".repeat(200_000) });
    expect(JSON.stringify(json).length).toBeLessThan(MAX_BODY_BYTES);
    await spec(fresh())
      .given()
      .when({ method: "POST", path: "/pairs", json })
      .then(invalidFields({ in: "body", pointer: "/note" }), storedEvents(ids.chicagoMoscow, 0));
  });

  it("answers an event over the store's item limit with 413, its size and the limit", async () => {
    const eventStore = createMemoryEventStore();
    const refusing = {
      ...eventStore,
      append: async () => {
        throw new StoreError("ITEM_TOO_LARGE", `event v1 is 500000 bytes; the limit is ${MAX_ITEM_BYTES}`, {
          size: 500_000,
          limit: MAX_ITEM_BYTES,
        });
      },
    };
    await spec(fresh({}, { eventStore: refusing, readModel: createMemoryReadModel() }))
      .given()
      .when(registerRequest("chicago", "moscow"))
      .then(
        problem(413, "event-too-large", { code: "EVENT_TOO_LARGE", size: 500_000, limit: MAX_ITEM_BYTES }),
        storedEvents(ids.chicagoMoscow, 0),
      );
  });
});

describe("failures", () => {
  it("answers an unexpected failure with 500 problem+json, without internals, and reports it", async () => {
    const readModel = createMemoryReadModel();
    const broken = { ...readModel, stats: async () => Promise.reject(new Error("connection reset by peer")) };
    const api = fresh({}, { eventStore: createMemoryEventStore(), readModel: broken });
    await spec(api)
      .given()
      .when({ path: "/stats" })
      .then(problem(500, "internal"), (res) => expect(res.text).not.toMatch(/connection reset/));
    expect(api.unexpected).toHaveLength(1);
  });
});
