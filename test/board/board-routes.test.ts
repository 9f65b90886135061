/** The board's routes over in-memory stores, without a browser: escaping, as-of, CSV, errors. */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryApp } from "../support/memory-app.js";
import { CHICAGO_MOSCOW, loadBoardFixture } from "./board-fixture.js";

const m = memoryApp();

beforeAll(async () => {
  await loadBoardFixture(m.ledger);
  await m.ledger.execute(
    undefined,
    {
      kind: "register",
      data: {
        cityA: { name: "Springfield", country: "US", region: "US-IL" },
        cityB: { name: "Tula", country: "RU" },
        relationship: "sister-city",
        effectiveDate: "2023",
        actor: { side: "both" },
        sources: [{ citation: '<script>alert("x")</script>' }],
        wording: "<img src=x onerror=alert(1)>",
      },
    },
    { recordedBy: "test:<b>clerk</b>" },
  );
  await m.project();
});

const get = async (path: string) => {
  const res = await m.app.request(path);
  return { res, text: await res.text() };
};

describe("the board's routes", () => {
  it("serves the home page as HTML with a strict content security policy and no script", async () => {
    const { res, text } = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(text.startsWith("<!doctype html>")).toBe(true);
    expect(text).not.toMatch(/<script/i);
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\/(?!127\.0\.0\.1)[^"]*\.(css|js)"/);
  });

  it("escapes whatever the sources say", async () => {
    const { text } = await get("/board/pairs/ru-tula--us-il-springfield");
    expect(text).not.toContain("<script>alert");
    expect(text).not.toContain("<img src=x");
    expect(text).toContain("&lt;script&gt;");
    expect(text).toContain("test:&lt;b&gt;clerk&lt;/b&gt;");
  });

  it("leaves out pairs not yet established on the as-of date, and folds the rest as of then", async () => {
    const now = await get("/?country=US&city=springfield");
    expect(now.text).toContain('data-pair-id="ru-tula--us-il-springfield"');
    const then = await get("/?country=US&asOf=2022-02-15");
    expect(then.text).not.toContain('data-pair-id="ru-tula--us-il-springfield"');
    expect(then.text).toMatch(new RegExp(`data-pair-id="${CHICAGO_MOSCOW}".*?data-status="active"`, "s"));
    const suspended = await get("/?status=suspended&asOf=2022-02-15");
    expect(suspended.text).not.toContain(`data-pair-id="${CHICAGO_MOSCOW}"`);
  });

  it("explains a query it cannot read instead of failing", async () => {
    const { res, text } = await get("/?country=Russia&status=severed&asOf=2022-13-01");
    expect(res.status).toBe(400);
    expect(text).toMatch(/“RUSSIA” is not an ISO 3166-1 country code/);
    expect(text).toMatch(/“severed” is not a status/);
    expect(text).toMatch(/“2022-13-01” is not a date/);
    expect(text).toContain('id="pairs"');
  });

  it("answers a cursor it never handed out with the first page and a note, not an error", async () => {
    for (const cursor of ["-1", "not base64 at all", "eA"]) {
      const { res, text } = await get(`/?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status).toBe(400);
      expect(text).toMatch(/That page link is no longer valid; showing the first page/);
      expect(text).toContain(`data-pair-id="${CHICAGO_MOSCOW}"`);
    }
  });

  it("answers an unknown pair with a 404 page", async () => {
    const { res, text } = await get("/board/pairs/xx-nowhere--yy-nothing");
    expect(res.status).toBe(404);
    expect(text).toMatch(/No such pair/);
  });

  it("exports statuses as CSV, current or as of a date, by country", async () => {
    const now = await get("/export.csv?country=GB");
    expect(now.res.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parse(now.text, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.country_a === "GB" || r.country_b === "GB")).toBe(true);
    const then = parse((await get("/export.csv?asOf=2022-02-15")).text, { columns: true }) as Record<
      string,
      string
    >[];
    const chicago = then.find((r) => r.pair_id === CHICAGO_MOSCOW);
    expect(chicago).toMatchObject({ status: "active", as_of: "2022-02-15" });
    expect(then.find((r) => r.pair_id === "ru-tula--us-il-springfield")).toBeUndefined();
    const refused = await get("/export.csv?asOf=yesterday");
    expect(refused.res.status).toBe(422);
    expect(refused.res.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ in: "query", pointer: "/asOf" }] });
    expect(refused.text).not.toContain("yesterday");
  });

  it("streams the export in pair-id order, resumes after a cursor, refuses an unknown parameter or cursor", async () => {
    const all = parse((await get("/export.csv")).text, { columns: true }) as Record<string, string>[];
    const ids = all.map((r) => r.pair_id as string);
    expect(ids).toEqual([...ids].sort());
    const one = await get("/export.csv");
    expect(one.res.headers.get("link")).toBeNull();
    const after = ids[1] as string;
    const cursor = Buffer.from(`v1:${after}`).toString("base64url");
    const rest = await get(`/export.csv?cursor=${cursor}`);
    expect(rest.res.status).toBe(200);
    expect((parse(rest.text, { columns: true }) as Record<string, string>[]).map((r) => r.pair_id)).toEqual(
      ids.slice(2),
    );
    for (const [path, pointer] of [
      ["/export.csv?contry=RU", "/contry"],
      ["/export.csv?cursor=nonsense", "/cursor"],
    ] as const) {
      const refused = await get(path);
      expect(refused.res.status, path).toBe(422);
      expect(refused.res.headers.get("content-type")).toBe("application/problem+json");
      expect(JSON.parse(refused.text)).toMatchObject({ errors: [{ in: "query", pointer }] });
    }
  });
});

describe("data in and out through the API and the board", () => {
  const app = memoryApp();
  const inYears = (years: number) => {
    const d = new Date();
    d.setUTCFullYear(d.getUTCFullYear() + years);
    return d.toISOString().slice(0, 10);
  };
  const register = (cityA: Record<string, unknown>, cityB: Record<string, unknown>) =>
    app.request("/pairs", {
      method: "POST",
      json: { cityA, cityB, effectiveDate: "1997", actor: { side: "both" }, sources: [{ citation: "test" }] },
    });
  const suspend = (pairId: string, effectiveDate: string) =>
    app.request(`/pairs/${pairId}/events`, {
      method: "POST",
      json: {
        type: "suspended",
        effectiveDate,
        actor: { side: "both" },
        sources: [{ citation: "council vote" }],
      },
    });

  it("takes a decision dated ahead as scheduled: today's status stays, the board labels it", async () => {
    expect(
      (await register({ name: "Lyon", country: "FR" }, { name: "Beersheba", country: "IL" })).status,
    ).toBe(201);
    const pairId = "fr-lyon--il-beersheba";
    const ahead = inYears(1);
    expect((await suspend(pairId, ahead)).status).toBe(201);
    const view = (await (await app.request(`/pairs/${pairId}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      status: "active",
      eventCount: 1,
      scheduled: [{ type: "suspended", effectiveDate: ahead, status: "suspended", version: 2 }],
    });
    const then = (await (await app.request(`/pairs/${pairId}?asOf=${ahead}`)).json()) as Record<
      string,
      unknown
    >;
    expect(then).toMatchObject({ status: "suspended", since: ahead, eventCount: 2 });
    expect(then.scheduled).toBeUndefined();
    const page = await (await app.app.request(`/board/pairs/${pairId}`)).text();
    expect(page).toMatch(/data-scheduled="true"[^>]*>\s*scheduled: counts from/);
    await app.project();
    const list = await (await app.app.request("/?country=FR")).text();
    expect(list).toMatch(/data-status="active".*?data-scheduled="true"[^>]*>\s*scheduled: suspended from/s);
    // The lists say today's status too, with the change ahead; counts leave it out until its day.
    for (const path of ["/pairs?country=FR", "/cities/fr-lyon/pairs", "/pairs?status=active&country=FR"]) {
      const { items } = (await (await app.request(path)).json()) as { items: Record<string, unknown>[] };
      expect(
        items.find((v) => v.pairId === pairId),
        path,
      ).toMatchObject({
        status: "active",
        scheduled: [{ status: "suspended", effectiveDate: ahead }],
      });
    }
    const suspendedNow = (await (await app.request("/pairs?status=suspended&country=FR")).json()) as {
      items: unknown[];
    };
    expect(suspendedNow.items).toEqual([]);
    const stats = (await (await app.request("/stats")).json()) as { byCountry: Record<string, unknown> };
    expect(stats.byCountry.FR).toMatchObject({ active: 1, suspended: 0 });
    const csv = await (await app.app.request("/export.csv?country=FR")).text();
    expect(parse(csv, { columns: true })).toMatchObject([{ pair_id: pairId, status: "active" }]);
  });

  it("counts only the events effective by the asOf date", async () => {
    const then = (await (await app.request("/pairs/fr-lyon--il-beersheba?asOf=2000")).json()) as Record<
      string,
      unknown
    >;
    expect(then).toMatchObject({ status: "active", eventCount: 1 });
  });

  it("refuses a date more than 10 years ahead with a 422 naming the field", async () => {
    const res = await suspend("fr-lyon--il-beersheba", "2099");
    expect(res.status).toBe(422);
    const body = (await res.json()) as { detail: string; errors: { pointer: string }[] };
    expect(body.detail).toMatch(/more than 10 years ahead/);
    expect(body.errors[0]?.pointer).toBe("/effectiveDate");
  });

  it("takes names in any script, and refuses look-alikes and invisible characters with a 422", async () => {
    const ok = await register(
      { name: "Москва", country: "ru" },
      { name: "Chicago", country: "us", region: "us-il" },
    );
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { pairId: string }).pairId).toBe("ru-moskva--us-il-chicago");
    for (const name of ["Chicagо", "Chi\u200bcago", "Chicago\u0000", "\u202eogacihC"]) {
      const res = await register({ name, country: "US", region: "US-IL" }, { name: "Kyoto", country: "JP" });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: { pointer: string }[] };
      expect(body.errors[0]?.pointer).toBe("/cityA/name");
    }
  });

  it("accepts the country filter in either case", async () => {
    await app.project();
    const lower = (await (await app.request("/pairs?country=ru")).json()) as { items: unknown[] };
    const upper = (await (await app.request("/pairs?country=RU")).json()) as { items: unknown[] };
    expect(lower.items.length).toBe(1);
    expect(lower).toEqual(upper);
  });
});

describe("the board's list answers on whose decision", () => {
  it("shows the event that set the status, not the latest one (Chicago: the Mayor's suspension, not a failed motion)", async () => {
    const { text } = await get(`/?country=US&city=chicago`);
    const row = new RegExp(`<tr data-pair-id="${CHICAGO_MOSCOW}".*?</tr>`, "s").exec(text)?.[0] ?? "";
    expect(row).toMatch(/data-decision-version="\d+">suspended .*?1 March 2022.*? by Mayor of Chicago/);
    expect(row).toContain("directive to World Business Chicago");
    expect(row).toContain("chicago.suntimes.com");
    expect(row).not.toMatch(/motion-failed|failed/i);
  });
});
