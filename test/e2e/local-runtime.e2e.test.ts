/**
 * The spine end to end, as a new user tries it: the local runtime (DynamoDB Local + stream
 * poller + projector + Hono app on a real port), then the README's curl steps over HTTP.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyStream, type StoredEvent } from "../../domain/index.js";
import { runtimeFile, startLocal, type LocalRuntime } from "../../infra/local/local-runtime.js";

let runtime: LocalRuntime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ledger-e2e-"));
  runtime = await startLocal({ dataDir, port: 0, seed: false, token: "e2e-token-0123456789abcdef" });
});

afterAll(async () => {
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const PAIR = "ru-moscow--us-il-chicago";
const source =
  "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow";

const call = (
  path: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
) =>
  fetch(`${runtime.url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
      authorization: `Bearer ${runtime.token}`,
      ...init.headers,
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });

async function eventually<T>(probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("not visible in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the spine over a running local ledger", () => {
  it("writes its runtime file so the CLI can find it", async () => {
    const info = JSON.parse(await readFile(runtimeFile(dataDir), "utf8"));
    expect(info).toMatchObject({ url: runtime.url, dynamodbEndpoint: runtime.dynamodbEndpoint });
  });

  it("registers Chicago–Moscow, suspends it, reads it back, shows its history, and lists it from the read model", async () => {
    const registered = await call("/pairs", {
      method: "POST",
      json: {
        cityA: { name: "Chicago", country: "US", region: "US-IL" },
        cityB: { name: "Moscow", country: "RU" },
        effectiveDate: "1997",
        actor: { side: "both" },
        sources: [
          {
            url: "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
          },
        ],
      },
    });
    expect(registered.status).toBe(201);
    expect(registered.headers.get("location")).toBe(`/pairs/${PAIR}`);

    const suspended = await call(`/pairs/${PAIR}/events`, {
      method: "POST",
      headers: { "if-match": registered.headers.get("etag") ?? "" },
      json: {
        type: "suspended",
        effectiveDate: "2022-03-01",
        actor: { side: "us-il-chicago" },
        sources: [{ url: source }],
      },
    });
    expect(suspended.status).toBe(201);
    expect(suspended.headers.get("etag")).toBe('"2"');

    const pair = await (await call(`/pairs/${PAIR}`)).json();
    expect(pair).toMatchObject({ status: "suspended", version: 2, since: "2022-03-01" });

    const history = (await (await call(`/pairs/${PAIR}/events`)).json()) as { events: StoredEvent[] };
    expect(history.events.map((e) => e.type)).toEqual(["established", "suspended"]);
    expect(history.events[1]?.prevHash).toBe(history.events[0]?.hash);
    expect(verifyStream(PAIR, history.events).breaks).toEqual([]);

    const listed = await eventually(async () => {
      const page = (await (await call("/pairs?country=RU")).json()) as {
        items: { pairId: string; status: string; version: number }[];
      };
      const item = page.items.find((i) => i.pairId === PAIR);
      return item?.version === 2 ? item : undefined;
    });
    expect(listed.status).toBe("suspended");
  });

  it("refuses writes without the token, with problem+json and nothing stored", async () => {
    const res = await fetch(`${runtime.url}/pairs/${PAIR}/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "terminated",
        effectiveDate: "2023",
        actor: { side: "both" },
        sources: [{ url: source }],
      }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await (await call(`/pairs/${PAIR}`)).json()) as { version: number }).version).toBe(2);
  });

  it("answers an invalid transition with the rule that forbids it", async () => {
    const res = await call(`/pairs/${PAIR}/events`, {
      method: "POST",
      json: {
        type: "reactivated",
        effectiveDate: "2022-04",
        actor: { side: "both" },
        sources: [{ url: source }],
      },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/suspended pair cannot be reactivated/);
  });
});
