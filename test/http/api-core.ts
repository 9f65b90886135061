/**
 * The HTTP suite's core: every route, header and store-backed error, run over any stores.
 * api-core.test.ts runs it in memory, api-core.int.test.ts over DynamoDB Local. Every answer is
 * checked against /openapi.json (violations fail the test that produced them).
 */
import { afterEach, describe, expect, it } from "vitest";
import { GENESIS_HASH } from "../../domain/index.js";
import {
  type Api,
  body,
  createApi,
  header,
  invalidFields,
  problem,
  sent,
  spec,
  status,
  storedEvents,
  type Stores,
  TOKEN_IDENTITY,
} from "./support/api.js";
import { establishment, event, fivePairs, ids, recordRequest, registerRequest } from "../support/builders.js";

const pairIds = (res: { body: { items: { pairId: string }[] } }) => res.body.items.map((i) => i.pairId);

export function describeApiCore(label: string, makeStores: () => Promise<Stores>) {
  const apis: Api[] = [];
  const exercised = new Set<string>();

  async function fresh(): Promise<Api> {
    const api = createApi(await makeStores());
    apis.push(api);
    return api;
  }

  afterEach(() => {
    const done = apis.splice(0);
    for (const api of done) {
      for (const op of api.conformance()?.exercised() ?? [])
        exercised.add(op.split(" ").slice(0, 2).join(" "));
      expect(api.violations, "answers that depart from /openapi.json").toEqual([]);
      expect(api.unexpected, "unexpected errors").toEqual([]);
    }
  });

  describe(`${label}: registering and recording`, () => {
    it("registers a pair: 201, ETag of its version, Location, and the caller's identity as recordedBy", async () => {
      await spec(await fresh())
        .given()
        .when(registerRequest("chicago", "moscow"))
        .then(
          status(201),
          header("etag", '"1"'),
          header("location", `/pairs/${ids.chicagoMoscow}`),
          header("idempotency-replayed", null),
          body({
            pairId: ids.chicagoMoscow,
            version: 1,
            replayed: false,
            events: [{ type: "established", recordedBy: TOKEN_IDENTITY }],
          }),
          storedEvents(ids.chicagoMoscow, 1),
        );
    });

    it("refuses to registerRequest the same two cities again, in either order (409), and stores nothing", async () => {
      await spec(await fresh())
        .given(sent(registerRequest("chicago", "moscow")))
        .when({ method: "POST", path: "/pairs", json: establishment("moscow", "chicago") })
        .then(
          problem(409, "pair-already-registered", { pairId: ids.chicagoMoscow }),
          storedEvents(ids.chicagoMoscow, 1),
        );
    });

    it("records a suspension with a current If-Match: 201 and the next version as ETag", async () => {
      await spec(await fresh())
        .given(sent(registerRequest("chicago", "moscow")))
        .when(
          recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01", { wording: "suspend" }), {
            "if-match": '"1"',
          }),
        )
        .then(
          status(201),
          header("etag", '"2"'),
          body({ version: 2, events: [{ type: "suspended", version: 2 }] }),
        );
    });

    it("answers 200 with the same ETag and records nothing when the same side repeats its decision", async () => {
      const chicagoSuspends = event("suspended", "2022-03-01", { actor: { side: "us-il-chicago" } });
      await spec(await fresh())
        .given(
          sent(registerRequest("chicago", "moscow")),
          sent(recordRequest(ids.chicagoMoscow, chicagoSuspends)),
        )
        .when(recordRequest(ids.chicagoMoscow, { ...chicagoSuspends, effectiveDate: "2022-03-02" }))
        .then(
          status(200),
          header("etag", '"2"'),
          body({ version: 2, events: [], replayed: false }),
          storedEvents(ids.chicagoMoscow, 2),
        );
    });

    it("answers a stale If-Match with 412, the current version and its ETag, and stores nothing", async () => {
      await spec(await fresh())
        .given(
          sent(registerRequest("chicago", "moscow")),
          sent(recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01"))),
        )
        .when(recordRequest(ids.chicagoMoscow, event("terminated", "2022-04-01"), { "if-match": '"1"' }))
        .then(
          problem(412, "version-mismatch", { expectedVersion: 1, currentVersion: 2 }),
          header("etag", '"2"'),
          storedEvents(ids.chicagoMoscow, 2),
        );
    });

    it("lets exactly one of two racing writers with the same If-Match win; the other gets 412", async () => {
      const api = await fresh();
      await sent(registerRequest("chicago", "moscow"))(api);
      const answers = await Promise.all([
        api.send(recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01"), { "if-match": '"1"' })),
        api.send(recordRequest(ids.chicagoMoscow, event("terminated", "2022-03-02"), { "if-match": '"1"' })),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 412]);
      expect(answers.find((a) => a.status === 412)?.body).toMatchObject({ currentVersion: 2 });
      expect(await api.stores.eventStore.readStream(ids.chicagoMoscow)).toHaveLength(2);
    });

    it("answers an If-Match that is no version with 400", async () => {
      await spec(await fresh())
        .given(sent(registerRequest("chicago", "moscow")))
        .when(recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01"), { "if-match": "yesterday" }))
        .then(problem(400, "bad-if-match"), storedEvents(ids.chicagoMoscow, 1));
    });

    it("answers 404 for an event on a pair that was never registered", async () => {
      await spec(await fresh())
        .given()
        .when(recordRequest(ids.albanyTula, event("suspended", "2022-03-01")))
        .then(problem(404, "pair-not-found", { code: "PAIR_NOT_FOUND" }), storedEvents(ids.albanyTula, 0));
    });

    it("refuses to reinstate a terminated pair (409, the rule in the answer)", async () => {
      await spec(await fresh())
        .given(
          sent(registerRequest("chicago", "moscow")),
          sent(recordRequest(ids.chicagoMoscow, event("terminated", "2022-03-01"))),
        )
        .when(recordRequest(ids.chicagoMoscow, event("reinstated", "2023-01-01")))
        .then(
          problem(409, "transition-forbidden", { code: "TRANSITION_FORBIDDEN", from: "terminated" }),
          storedEvents(ids.chicagoMoscow, 2),
        );
    });

    it("rejects a body that names who recorded it, or when (422 per field), and stores nothing", async () => {
      await spec(await fresh())
        .given()
        .when({
          method: "POST",
          path: "/pairs",
          json: establishment("chicago", "moscow", "1997", {
            recordedBy: "mallory",
            recordedAt: "2020-01-01T00:00:00Z",
          }),
        })
        .then(
          invalidFields({ in: "body", pointer: "/recordedBy" }, { in: "body", pointer: "/recordedAt" }),
          (res) => expect(res.body.errors[0].detail).toMatch(/set by the server/),
          storedEvents(ids.chicagoMoscow, 0),
        );
    });

    it("points at each invalid field of the body (422)", async () => {
      await spec(await fresh())
        .given()
        .when({
          method: "POST",
          path: "/pairs",
          json: {
            ...establishment("chicago", "moscow"),
            cityA: { name: "Chicago", country: "usa" },
            sources: [],
          },
        })
        .then(invalidFields({ in: "body", pointer: "/cityA/country" }, { in: "body", pointer: "/sources" }));
    });
  });

  describe(`${label}: authentication`, () => {
    it("answers a write without credentials with 401 and a challenge, and stores nothing", async () => {
      await spec(await fresh())
        .given()
        .when({ ...registerRequest("chicago", "moscow"), token: null })
        .then(
          problem(401, "unauthenticated"),
          header("www-authenticate", /^Bearer /),
          storedEvents(ids.chicagoMoscow, 0),
        );
    });

    it("answers a write with an unknown token with 401, and stores nothing", async () => {
      await spec(await fresh())
        .given()
        .when({ ...registerRequest("chicago", "moscow"), token: "not-the-token-at-all" })
        .then(problem(401, "unauthenticated"), storedEvents(ids.chicagoMoscow, 0));
    });
  });

  describe(`${label}: retries (Idempotency-Key)`, () => {
    const key = { "idempotency-key": "retry-0001-abcdef" };

    it("answers a retried registration with the original answer, marked replayed, and writes nothing", async () => {
      const api = await fresh();
      const first = await api.send(registerRequest("chicago", "moscow", key));
      await spec(api)
        .given()
        .when(registerRequest("chicago", "moscow", key))
        .then(
          status(201),
          header("idempotency-replayed", "true"),
          header("etag", '"1"'),
          (res) => expect(res.body.events).toEqual(first.body.events),
          body({ replayed: true, version: 1 }),
          storedEvents(ids.chicagoMoscow, 1),
        );
    });

    it("answers a retried event with the original answer even after the pair moved on", async () => {
      const api = await fresh();
      await sent(registerRequest("chicago", "moscow"))(api);
      const first = await api.send(
        recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01"), { ...key, "if-match": '"1"' }),
      );
      await spec(api)
        .given(sent(recordRequest(ids.chicagoMoscow, event("reaffirmed", "2022-03-05"))))
        .when(
          recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01"), { ...key, "if-match": '"1"' }),
        )
        .then(
          status(201),
          header("idempotency-replayed", "true"),
          header("etag", '"2"'),
          (res) => expect(res.body.events).toEqual(first.body.events),
          storedEvents(ids.chicagoMoscow, 3),
        );
    });

    it("refuses the same key with a different body (422) and writes nothing", async () => {
      await spec(await fresh())
        .given(sent(registerRequest("chicago", "moscow", key)))
        .when(registerRequest("portland", "khabarovsk", key))
        .then(
          problem(422, "idempotency-key-reused", { code: "IDEMPOTENCY_KEY_REUSED" }),
          storedEvents(ids.portlandKhabarovsk, 0),
        );
    });

    it("points at an Idempotency-Key that is too short (422, in the header)", async () => {
      await spec(await fresh())
        .given()
        .when(registerRequest("chicago", "moscow", { "idempotency-key": "short" }))
        .then(
          invalidFields({ in: "header", pointer: "/idempotency-key" }),
          storedEvents(ids.chicagoMoscow, 0),
        );
    });
  });

  describe(`${label}: reading a pair`, () => {
    it("answers a pair folded from its events, with its version as ETag", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: `/pairs/${ids.chicagoMoscow}` })
        .then(
          status(200),
          header("etag", '"2"'),
          body({
            pairId: ids.chicagoMoscow,
            status: "suspended",
            since: "2022-03-01",
            establishedOn: "1990",
            version: 2,
          }),
        );
    });

    it("answers the status as of an earlier date", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: `/pairs/${ids.chicagoMoscow}?asOf=2022-02` })
        .then(status(200), body({ status: "active", asOf: "2022-02-28" }));
    });

    it("answers 422 for a date that does not exist", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: `/pairs/${ids.chicagoMoscow}?asOf=2022-02-30` })
        .then(invalidFields({ in: "query", pointer: "/asOf" }));
    });

    it("answers 404 for a pair that was never registered", async () => {
      await spec(await fresh())
        .given()
        .when({ path: `/pairs/${ids.albanyTula}` })
        .then(problem(404, "pair-not-found"));
    });

    it("answers 422 for a pair id that cannot be one, pointing at the path parameter", async () => {
      await spec(await fresh())
        .given()
        .when({ path: "/pairs/Chicago" })
        .then(invalidFields({ in: "path", pointer: "/pairId" }));
    });

    it("answers the history in version order, hash-chained from genesis, with the ETag", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: `/pairs/${ids.chicagoMoscow}/events` })
        .then(status(200), header("etag", '"2"'), (res) => {
          const [first, second] = res.body.events;
          expect(res.body.events.map((e: { version: number }) => e.version)).toEqual([1, 2]);
          expect(first.prevHash).toBe(GENESIS_HASH);
          expect(second.prevHash).toBe(first.hash);
        });
    });

    it("answers 404 for the history of an unknown pair", async () => {
      await spec(await fresh())
        .given()
        .when({ path: `/pairs/${ids.albanyTula}/events` })
        .then(problem(404, "pair-not-found"));
    });
  });

  describe(`${label}: lists and counts`, () => {
    it("filters by country on either side", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      expect(pairIds(await api.send({ path: "/pairs?country=RU" }))).toEqual([
        ids.coventryVolgograd,
        ids.portlandKhabarovsk,
        ids.chicagoMoscow,
        ids.albanyTula,
      ]);
      expect(pairIds(await api.send({ path: "/pairs?country=GB" }))).toEqual([
        ids.coventryDresden,
        ids.coventryVolgograd,
      ]);
      expect(pairIds(await api.send({ path: "/pairs?country=DE" }))).toEqual([ids.coventryDresden]);
    });

    it("filters by city, status, and a name search that includes aliases, any case", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      expect(pairIds(await api.send({ path: "/pairs?city=gb-coventry" }))).toEqual([
        ids.coventryDresden,
        ids.coventryVolgograd,
      ]);
      expect(pairIds(await api.send({ path: "/pairs?status=suspended" }))).toEqual([
        ids.coventryVolgograd,
        ids.chicagoMoscow,
      ]);
      expect(pairIds(await api.send({ path: "/pairs?country=US&status=active" }))).toEqual([
        ids.portlandKhabarovsk,
        ids.albanyTula,
      ]);
      expect(pairIds(await api.send({ path: "/pairs?q=moskva" }))).toEqual([ids.chicagoMoscow]);
      expect(pairIds(await api.send({ path: "/pairs?q=STALIN" }))).toEqual([ids.coventryVolgograd]);
      expect(pairIds(await api.send({ path: "/pairs?q=cov&country=GB&status=active" }))).toEqual([
        ids.coventryDresden,
      ]);
    });

    it("finds a name without its diacritics, and with them", async () => {
      const api = await fresh();
      const dusseldorf = { name: "Düsseldorf", country: "DE" };
      const reading = { name: "Reading", country: "GB" };
      await sent({
        method: "POST",
        path: "/pairs",
        json: { ...establishment("coventry", "dresden"), cityA: dusseldorf, cityB: reading },
      })(api);
      await sent(registerRequest("coventry", "dresden"))(api);
      for (const q of ["dusseldorf", "DÜSSEL", "de-dus"])
        expect(pairIds(await api.send({ path: `/pairs?q=${encodeURIComponent(q)}` })), q).toEqual([
          "de-dusseldorf--gb-reading",
        ]);
    });

    it("says the version each entry reflects", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      const res = await api.send({ path: "/pairs?country=US" });
      expect(
        Object.fromEntries(
          res.body.items.map((i: { pairId: string; version: number }) => [i.pairId, i.version]),
        ),
      ).toEqual({
        [ids.chicagoMoscow]: 2,
        [ids.portlandKhabarovsk]: 1,
        [ids.albanyTula]: 1,
      });
    });

    it("lists a city's pairs, with the same filters", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      expect(pairIds(await api.send({ path: "/cities/gb-coventry/pairs" }))).toEqual([
        ids.coventryDresden,
        ids.coventryVolgograd,
      ]);
      expect(pairIds(await api.send({ path: "/cities/gb-coventry/pairs?status=suspended" }))).toEqual([
        ids.coventryVolgograd,
      ]);
      expect(pairIds(await api.send({ path: "/cities/gb-coventry/pairs?country=DE" }))).toEqual([
        ids.coventryDresden,
      ]);
      expect(pairIds(await api.send({ path: "/cities/fr-paris/pairs" }))).toEqual([]);
    });

    it("pages in pair-id order: following the cursors visits every pair once, even while pairs are added", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      const seen: string[] = [];
      let next: string | undefined = "/pairs?limit=2";
      let pages = 0;
      while (next) {
        const res = await api.send({ path: next });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...pairIds(res));
        next = res.body.next;
        // a pair that sorts before the cursor arrives between pages: no duplicate, no skip
        if (pages++ === 0) await sent(registerRequest("albany", "moscow"))(api);
      }
      expect(seen.filter((id) => id !== "ru-moscow--us-ny-albany")).toEqual([
        ids.coventryDresden,
        ids.coventryVolgograd,
        ids.portlandKhabarovsk,
        ids.chicagoMoscow,
        ids.albanyTula,
      ]);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it("hands out a cursor only when there is more: an exactly full last page has none", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      const all = await api.send({ path: "/pairs?limit=5" });
      expect(all.body.items).toHaveLength(5);
      expect(all.body.cursor).toBeUndefined();
      const first = await api.send({ path: "/pairs?country=RU&limit=2" });
      const second = await api.send({ path: first.body.next });
      expect(pairIds(second)).toEqual([ids.chicagoMoscow, ids.albanyTula]);
      expect(second.body.next).toBeUndefined();
    });

    it("keeps the filters in the next page's URL", async () => {
      const api = await fresh();
      for (const r of fivePairs) await sent(r)(api);
      const first = await api.send({ path: "/pairs?country=RU&limit=3" });
      expect(first.body.next).toMatch(/^\/pairs\?country=RU&limit=3&cursor=/);
      const second = await api.send({ path: first.body.next });
      expect([...pairIds(first), ...pairIds(second)]).toHaveLength(4);
    });

    it("caps the page size: a limit over 100 is refused (422), not cut", async () => {
      await spec(await fresh())
        .given()
        .when({ path: "/pairs?limit=101" })
        .then(invalidFields({ in: "query", pointer: "/limit" }));
    });

    it("refuses a cursor it did not hand out (400)", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: `/pairs?cursor=${Buffer.from("v1:../../etc").toString("base64url")}` })
        .then(problem(400, "bad-cursor"));
    });

    it("answers the status timeline by month for a country pair, one period per month", async () => {
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: "/stats/timeline?country=RU-US&from=2022-01&to=2022-03" })
        .then(status(200), (res) => expect(JSON.stringify(res.body)).toContain("2022-03"));
    });

    it("counts by status in all, per country and per country pair", async () => {
      const zero = { active: 0, suspended: 0, dormant: 0, terminated: 0 };
      await spec(await fresh())
        .given(...fivePairs.map(sent))
        .when({ path: "/stats" })
        .then(status(200), (res) =>
          expect(res.body).toEqual({
            total: { ...zero, total: 5, active: 3, suspended: 2 },
            byCountry: {
              DE: { ...zero, total: 1, active: 1 },
              GB: { ...zero, total: 2, active: 1, suspended: 1 },
              RU: { ...zero, total: 4, active: 2, suspended: 2 },
              US: { ...zero, total: 3, active: 2, suspended: 1 },
            },
            byCountryPair: {
              "DE-GB": { ...zero, total: 1, active: 1 },
              "GB-RU": { ...zero, total: 1, suspended: 1 },
              "RU-US": { ...zero, total: 3, active: 2, suspended: 1 },
            },
          }),
        );
    });

    it("answers health", async () => {
      await spec(await fresh())
        .given()
        .when({ path: "/health" })
        .then(status(200), body({ status: "ok" }));
    });
  });

  it(`${label}: the suite exercised every documented operation`, async () => {
    const doc = await (await fresh()).document();
    // The audit routes are another module's, exercised by its own suite.
    const own = Object.entries(doc.paths).filter(([path]) => !path.startsWith("/audit/"));
    const documented = own.flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.filter((op) => !exercised.has(op))).toEqual([]);
  });
}
