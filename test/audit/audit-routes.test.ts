import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/app/app.js";
import { KEPT_REPLAYS } from "../../functions/app/routes/audit.js";
import { createDirectoryPublisher } from "../../functions/audit/digest.js";
import { verifyExport } from "../../functions/audit/verify-export.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const TOKEN = "audit-test-token-0123456789";
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function auditApp(
  options: {
    maxEvents?: number;
    publish?: boolean;
    inlineReplays?: boolean;
    replays?: Map<string, unknown>;
  } = {},
) {
  const m = memoryLedger();
  const w = await randomWorkload(m.ledger, { pairs: 6, eventsPerPair: 5, seed: 11 });
  await m.project();
  const dir = await mkdtemp(join(tmpdir(), "digests-"));
  dirs.push(dir);
  const deps = {
    ledger: m.ledger,
    eventStore: m.eventStore,
    readModel: m.readModel,
    auth: { mode: "token" as const, token: TOKEN },
    audit: {
      ...(options.publish === false ? {} : { publisher: createDirectoryPublisher(dir) }),
      ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
      ...(options.inlineReplays ? { inlineReplays: true } : {}),
      ...(options.replays ? { replays: options.replays } : {}),
    },
  };
  const app = createApp(deps as Parameters<typeof createApp>[0]);
  const request = (path: string, init: RequestInit & { token?: string | null } = {}) =>
    app.request(path, {
      ...init,
      headers: init.token === null ? {} : { authorization: `Bearer ${init.token ?? TOKEN}` },
    });
  return { ...m, w, dir, request };
}

/** Poll a replay until it is no longer running, with a pause as a client makes: the replay runs in the background, on the event loop's later turns. */
async function finished(request: (path: string) => Response | Promise<Response>, location: string) {
  for (;;) {
    const entry = (await (await request(location)).json()) as { status: string };
    if (entry.status !== "running") return entry;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const auditAppWith = (options: { replays: Map<string, unknown> }) => auditApp(options);

describe("HTTP /audit routes", () => {
  it("require authentication", async () => {
    const { request } = await auditApp();
    for (const path of ["/audit/verify", "/audit/digest", "/audit/export", "/audit/replays/x"]) {
      const res = await request(path, { token: null });
      expect(res.status, path).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    }
  });

  it("verify one pair, and 404 for a pair with no events", async () => {
    const { request, w } = await auditApp();
    const res = await request(`/audit/pairs/${w.pairIds[0]}/verify`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, pairId: w.pairIds[0], breaks: [] });
    expect((await request("/audit/pairs/xx-nowhere--yy-nowhere/verify")).status).toBe(404);
  });

  it("verify the whole ledger, and refuse with a problem past the bound", async () => {
    const { request, w } = await auditApp();
    const res = await request("/audit/verify");
    expect(await res.json()).toMatchObject({ ok: true, streams: 6, events: w.events });
    const small = await auditApp({ maxEvents: 3 });
    const refused = await small.request("/audit/verify");
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ type: expect.stringMatching(/too-many-events/), limit: 3 });
  });

  it("gives the current digest with its heads, and publishes one into the digest folder", async () => {
    const { request, dir } = await auditApp();
    const digest = (await (await request("/audit/digest")).json()) as { root: string; heads: unknown[] };
    expect(digest).toMatchObject({ formatVersion: 1, streams: 6 });
    expect(digest.heads).toHaveLength(6);
    const res = await request("/audit/digests", { method: "POST" });
    expect(res.status).toBe(201);
    const text = await res.text();
    const body = JSON.parse(text) as { id: string; location: string; digest: { root: string } };
    expect(body.digest.root).toBe(digest.root);
    expect(res.headers.get("location")).toBe(`/audit/digests/${body.id}`);
    expect(body.location).toBe(`/audit/digests/${body.id}`);
    // No response names a server path: not the data folder, not a file name with a slash.
    expect(text).not.toContain(dir);
    expect(await readdir(dir)).toHaveLength(1);
    const stored = await request(body.location);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ root: digest.root, heads: digest.heads });
    const nowhere = await auditApp({ publish: false });
    expect((await nowhere.request("/audit/digests", { method: "POST" })).status).toBe(503);
  });

  it("streams an NDJSON export that verifies offline", async () => {
    const { request, w } = await auditApp();
    const res = await request(`/audit/export?pair=${w.pairIds[2]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const v = await verifyExport(Readable.from([await res.text()]));
    expect(v).toMatchObject({ ok: true, streams: 1 });
    const all = await request("/audit/export");
    expect((await verifyExport(Readable.from([await all.text()]))).events).toBe(w.events);
    expect((await request("/audit/export?pair=a-b--c-d&country=RU")).status).toBe(422);
  });

  it("starts a replay (202 with a location) whose report is then read", async () => {
    const { request } = await auditApp();
    const res = await request("/audit/replays", { method: "POST" });
    expect(res.status).toBe(202);
    const location = res.headers.get("location") as string;
    const entry = (await finished(request, location)) as { status: string; report?: { clean: boolean } };
    expect(entry.status).toBe("done");
    expect(entry.report?.clean).toBe(true);
    expect((await request("/audit/replays/unknown")).status).toBe(404);
  });

  it("runs one replay at a time (409 naming the running one) and prunes finished runs", async () => {
    const replays = new Map<
      string,
      { id: string; status: "running" | "done" | "failed"; startedAt: string; startedBy: string }
    >();
    const m = await auditAppWith({ replays });
    const running = {
      id: "0190-running",
      status: "running" as const,
      startedAt: "2026-01-01T00:00:00.000Z",
      startedBy: "test",
    };
    replays.set(running.id, running);
    const refused = await m.request("/audit/replays", { method: "POST" });
    expect(refused.status).toBe(409);
    expect(refused.headers.get("location")).toBe(`/audit/replays/${running.id}`);
    expect(await refused.json()).toMatchObject({
      type: expect.stringMatching(/replay-running/),
      id: running.id,
    });
    replays.set(running.id, { ...running, status: "done" });
    for (let i = 0; i < KEPT_REPLAYS + 5; i++)
      replays.set(`0000-${String(i).padStart(4, "0")}`, {
        id: `0000-${String(i).padStart(4, "0")}`,
        status: "done",
        startedAt: "2026-01-01T00:00:00.000Z",
        startedBy: "test",
      });
    const third = await m.request("/audit/replays", { method: "POST" });
    expect(third.status).toBe(202);
    expect([...replays.values()].filter((e) => e.status !== "running").length).toBeLessThanOrEqual(
      KEPT_REPLAYS,
    );
    // The oldest finished runs went first.
    expect(replays.has("0000-0000")).toBe(false);
  });

  it("bounds a background replay too: past maxEvents it fails and names the CLI", async () => {
    const m = await auditApp({ maxEvents: 3 });
    const res = await m.request("/audit/replays", { method: "POST" });
    expect(res.status).toBe(202);
    const entry = await finished(m.request, res.headers.get("location") as string);
    expect(entry).toMatchObject({ status: "failed", error: expect.stringMatching(/ledger replay/) });
  });

  it("runs the replay within the request where background work would be frozen (Lambda): 200 with the report", async () => {
    const { request } = await auditApp({ inlineReplays: true });
    const res = await request("/audit/replays", { method: "POST" });
    expect(res.status).toBe(200);
    const entry = (await res.json()) as { status: string; report?: { clean: boolean; streams: number } };
    expect(entry).toMatchObject({ status: "done", report: { clean: true, streams: 6 } });
    const bounded = await (await auditApp({ inlineReplays: true, maxEvents: 3 })).request("/audit/replays", {
      method: "POST",
    });
    expect(bounded.status).toBe(422);
    expect(bounded.headers.get("content-type")).toContain("application/problem+json");
  });

  it("counts as of a date (GET /stats?asOf=, from the read model's day-by-day counters), changes dated after today included for a far date", async () => {
    const { request, readModel } = await auditApp();
    const far = await request("/stats?asOf=2999");
    expect(far.status).toBe(200);
    expect(await far.json()).toEqual({ ...(await readModel.statsAsOf("2999-12-31")), asOf: "2999-12-31" });
    const before = (await (await request("/stats?asOf=1900-01-01")).json()) as { total: { total: number } };
    expect(before.total.total).toBe(0);
    expect((await request("/stats?asOf=2022-13")).status).toBe(422);
  });
});
