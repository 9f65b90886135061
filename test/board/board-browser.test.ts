/**
 * The status board in a real browser: headless Chromium (the system's, or the one the npm package
 * @sparticuz/chromium ships: test/support/browser.ts) driven by playwright-core, against the app
 * served on a loopback port over in-memory stores. Screenshots land in test-results/board/.
 * It never skips: a browser always comes with `npm install`.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestDay } from "../../domain/index.js";
import { openBrowser, type OpenBrowser } from "../support/browser.js";
import { memoryApp } from "../support/memory-app.js";
import { CHICAGO_MOSCOW, loadBoardFixture } from "./board-fixture.js";

const COVENTRY_VOLGOGRAD = "gb-cov-coventry--ru-volgograd";
const SHOTS = join(process.cwd(), "test-results", "board");

let server: ServerType | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let base = "";
const offsite: string[] = [];
const m = memoryApp();

beforeAll(async () => {
  await loadBoardFixture(m.ledger);
  await m.project();
  // The stream is the projector's only input in production; tamper after projecting, as an attacker would.
  const coventry = m.eventStore.streams.get(COVENTRY_VOLGOGRAD);
  const v2 = coventry?.[1];
  if (!coventry || !v2) throw new Error("fixture: Coventry–Volgograd missing");
  coventry[1] = { ...v2, data: { ...v2.data, wording: "severed" } };

  const listening = new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch: m.app.fetch, port: 0, hostname: "127.0.0.1" }, resolve);
  });
  base = `http://127.0.0.1:${(await listening).port}`;
  mkdirSync(SHOTS, { recursive: true });
  browser = await openBrowser({ viewport: { width: 1200, height: 900 } });
  page = await browser.context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) offsite.push(r.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const pairIds = () =>
  page.locator("#pairs tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-pair-id")));

describe("the status board in Chromium", () => {
  it("lists every pair with a status badge in words, and the US–Russia summary", async () => {
    await page.goto(`${base}/`);
    expect(await page.title()).toContain("Status board");
    const stats = await m.readModel.stats();
    expect(await pairIds()).toHaveLength(stats.total.total);
    const chicago = page.locator(`tr[data-pair-id="${CHICAGO_MOSCOW}"]`);
    await expect.poll(() => chicago.locator(".badge").innerText()).toContain("suspended");
    const usRu = stats.byCountryPair["RU-US"];
    if (!usRu) throw new Error("the seed has no US–Russia pairs");
    expect(await page.locator("#us-russia").innerText()).toMatch(
      new RegExp(
        `Of the ${usRu.total} US–Russia pairs in the ledger: ${usRu.suspended ?? 0} suspended, ${usRu.terminated ?? 0} terminated, ${usRu.dormant ?? 0} dormant and ${usRu.active ?? 0} active`,
      ),
    );
    expect(await page.locator("#status-chart-title").count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, "home.png"), fullPage: true });
  });

  it("filters by country with a plain GET form", async () => {
    await page.selectOption("select[name=country]", "GB");
    await Promise.all([page.waitForURL(/country=GB/), page.click("button[type=submit]")]);
    const ids = await pairIds();
    expect(ids).toHaveLength((await m.readModel.stats()).byCountry.GB?.total ?? -1);
    expect(ids.every((id) => /(^|--)gb-/.test(id ?? ""))).toBe(true);
    expect(ids).toContain(COVENTRY_VOLGOGRAD);
    expect(await page.locator("#status-chart-caption").innerText()).toMatch(/GB/);
    await page.screenshot({ path: join(SHOTS, "filtered-gb.png"), fullPage: true });
  });

  it("opens a pair: its timeline in effective-date order, retraction struck through, chain verified", async () => {
    await page.goto(`${base}/?country=US`);
    await Promise.all([
      page.waitForURL(/\/board\/pairs\//),
      page.click(`tr[data-pair-id="${CHICAGO_MOSCOW}"] a`),
    ]);
    const items = await page.locator("#timeline > li").evaluateAll((lis) =>
      lis.map((li) => ({
        version: Number(li.getAttribute("data-version")),
        effective: li.getAttribute("data-effective") ?? "",
        retracted: li.getAttribute("data-retracted") === "true",
      })),
    );
    // Seed v1–v5 in date order; v6 back-dated to 2017; v7 (2022-06-06) retracted by v8.
    expect(items.map((i) => i.version)).toEqual([1, 6, 2, 3, 4, 7, 5]);
    const days = items.map((i) => latestDay(i.effective));
    expect(days).toEqual([...days].sort());
    expect(items.filter((i) => i.retracted).map((i) => i.version)).toEqual([7]);
    const retracted = page.locator('#timeline > li[data-retracted="true"]');
    expect(await retracted.locator("del").count()).toBeGreaterThan(0);
    expect(await retracted.innerText()).toMatch(/Reason: entered against the wrong pair/);
    expect(await page.locator("#timeline > li").first().innerText()).toMatch(/1997 \(year\)/);
    const suspension = (await m.eventStore.readStream(CHICAGO_MOSCOW)).find((e) => e.type === "suspended");
    const wording = String(suspension?.data.wording);
    expect(await page.locator(`#timeline li[data-version="${suspension?.version}"]`).innerText()).toContain(
      wording,
    );
    const chain = page.locator("#chain");
    expect(await chain.getAttribute("data-verified")).toBe("true");
    expect(await chain.innerText()).toMatch(/Hash chain verified: 8 events/);
    await page.screenshot({ path: join(SHOTS, "pair-chicago-moscow.png"), fullPage: true });
  });

  it("shows the pair as it stood on an earlier date", async () => {
    await page.fill("input[name=asOf]", "2022-02-15");
    await Promise.all([page.waitForURL(/asOf=2022-02-15/), page.click("form.filters button[type=submit]")]);
    expect(await page.locator("#status .badge").innerText()).toContain("active");
    expect(
      await page
        .locator("#timeline > li")
        .evaluateAll((lis) => lis.map((li) => li.getAttribute("data-version"))),
    ).toEqual(["1", "6"]);
    expect(await page.locator("#hidden-later").innerText()).toMatch(/5 later events are not shown/);
  });

  it("says so when a pair's hash chain does not verify", async () => {
    await page.goto(`${base}/board/pairs/${COVENTRY_VOLGOGRAD}`);
    const chain = page.locator("#chain");
    expect(await chain.getAttribute("data-verified")).toBe("false");
    expect(await chain.innerText()).toMatch(/does NOT verify/);
    expect(await page.locator("main").innerText()).toMatch(/v2: stored hash .* does not recompute/);
    await page.screenshot({ path: join(SHOTS, "pair-chain-broken.png"), fullPage: true });
  });

  it("works at phone width, and loads nothing from elsewhere", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/`);
    const width = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(SHOTS, "home-phone.png"), fullPage: true });
    expect(offsite).toEqual([]);
  });
});
