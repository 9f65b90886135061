/**
 * Decisions taken in advance through the HTTP API, on a clock the test sets: today's status in the
 * pair's view, in the lists and in the counts, the later change under `scheduled`; when the clock
 * passes its date, every view shows it in force, with nothing written in between.
 */
import { describe, expect, it } from "vitest";
import { establishment, event, ids } from "../support/builders.js";
import { memoryApp } from "../support/memory-app.js";

describe("a decision dated ahead, as the clock moves", () => {
  let now = new Date("2026-06-15T12:00:00Z");
  const m = memoryApp({ clock: () => now });
  const pairId = ids.coventryVolgograd;
  const json = async (path: string) => (await (await m.request(path)).json()) as Record<string, unknown>;
  const listed = async (path: string) =>
    ((await json(path)).items as Record<string, unknown>[]).find((v) => v.pairId === pairId);

  it("is scheduled before its date, in force from it, in every view", async () => {
    const registered = await m.request("/pairs", {
      method: "POST",
      json: establishment("coventry", "volgograd", "1944"),
    });
    expect(registered.status).toBe(201);
    const terminated = await m.request(`/pairs/${pairId}/events`, {
      method: "POST",
      json: event("terminated", "2027-01-01", {
        actor: { side: "gb-coventry", name: "Coventry City Council" },
      }),
    });
    expect(terminated.status).toBe(201);
    await m.project();

    expect(await json(`/pairs/${pairId}`)).toMatchObject({
      status: "active",
      scheduled: [{ type: "terminated", effectiveDate: "2027-01-01", status: "terminated", version: 2 }],
    });
    for (const path of ["/pairs", "/pairs?status=active", "/cities/gb-coventry/pairs", "/pairs?q=volgo"])
      expect(await listed(path), path).toMatchObject({
        status: "active",
        scheduled: [{ status: "terminated", effectiveDate: "2027-01-01" }],
      });
    expect(await listed("/pairs?status=terminated")).toBeUndefined();
    expect((await json("/stats")).total).toMatchObject({ active: 1, terminated: 0 });
    const board = await (await m.app.request("/?country=GB")).text();
    expect(board).toMatch(/data-status="active".*?scheduled: terminated from 1 January 2027/s);

    now = new Date("2027-01-01T00:00:01Z");
    expect(await json(`/pairs/${pairId}`)).toMatchObject({ status: "terminated", since: "2027-01-01" });
    expect((await json(`/pairs/${pairId}`)).scheduled).toBeUndefined();
    for (const path of ["/pairs", "/pairs?status=terminated", "/cities/ru-volgograd/pairs"]) {
      const entry = await listed(path);
      expect(entry, path).toMatchObject({ status: "terminated", since: "2027-01-01" });
      expect(entry?.scheduled, path).toBeUndefined();
    }
    expect(await listed("/pairs?status=active")).toBeUndefined();
    expect((await json("/stats")).total).toMatchObject({ active: 0, terminated: 1 });
  });

  it("refuses a date more than 10 years ahead of the clock with a 422 that says why", async () => {
    const res = await m.request(`/pairs/${pairId}/events`, {
      method: "POST",
      json: {
        type: "reaffirmed",
        effectiveDate: "2099",
        actor: { side: "both" },
        sources: [{ citation: "typo" }],
      },
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/more than 10 years ahead/);
  });
});
