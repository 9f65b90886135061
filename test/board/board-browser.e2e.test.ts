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
import { statsOf } from "../../functions/audit/as-of.js";
import { viewOf, type PairView } from "../../domain/index.js";
import { historiesOf, type PairHistory } from "./history-oracle.js";

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
  histories = await historiesOf(m.eventStore);
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

/** Every pair folded as of a day, the slow way (what the board's as-of counts must equal). */
let histories: PairHistory[] = [];
const viewsAsOf = (day: string): PairView[] =>
  histories
    .map((d) => viewOf(d.header, d.events, { asOf: day }))
    .filter((v) => v.status !== "not-established");

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

type Doc = { documentElement: { scrollWidth: number } };
const scrollWidth = () =>
  page.evaluate(() => (globalThis as unknown as { document: Doc }).document.documentElement.scrollWidth);

/** Rows of the pairs table per status badge, and arcs on the map per status. */
async function perStatus() {
  const rows = await page
    .locator("#pairs tbody tr .badge")
    .evaluateAll((badges) => badges.map((b) => b.getAttribute("data-status")));
  const arcs = await page
    .locator("#world-map .arcs a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("data-status")));
  const legend = await page
    .locator("#world-map-table tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [tr.getAttribute("data-status"), Number(tr.lastElementChild?.textContent)]),
    );
  const count = (xs: (string | null)[]) =>
    Object.fromEntries(STATUS_LIST.map((s) => [s, xs.filter((x) => x === s).length]));
  return { rows: count(rows), arcs: count(arcs), legend: Object.fromEntries(legend) };
}
const STATUS_LIST = ["active", "suspended", "dormant", "terminated"];

describe("the story at a glance, in Chromium", () => {
  it("draws the US pairs' statuses month by month: the March 2022 wave, with its figures beside it", async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${base}/?country=US`);
    const chart = page.locator("figure.timeline");
    expect(await chart.locator("svg.chart-wide").isVisible()).toBe(true);
    expect(await chart.locator("svg.chart-narrow").isVisible()).toBe(false);
    const bands = await chart
      .locator("svg.chart-wide path.band")
      .evaluateAll((ps) => ps.map((p) => p.getAttribute("data-status")));
    expect(bands).toEqual(["active", "dormant", "suspended", "terminated"]);
    const row = (period: string) =>
      chart
        .locator(`#timeline-chart-table tr[data-period="${period}"] td`)
        .evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
    // Columns: active, dormant, suspended, terminated (bottom to top of the stack).
    const [febActive, , febSuspended, febTerminated] = await row("2022-02");
    const [marActive, , marSuspended, marTerminated] = await row("2022-03");
    expect((febSuspended ?? 0) + (febTerminated ?? 0)).toBe(0);
    expect((marSuspended ?? 0) + (marTerminated ?? 0)).toBeGreaterThanOrEqual(5);
    expect(marActive).toBeLessThan(febActive ?? 0);
    // The text alternative names the wave; the as-of mark says "today" without a date.
    expect(await chart.locator("#timeline-chart-desc").textContent()).toMatch(
      /biggest change came in March 2022/,
    );
    expect(await chart.locator("svg.chart-wide .as-of-mark text").textContent()).toBe("today");
    const now = await chart
      .locator('#timeline-chart-table tr[data-as-of="true"]')
      .getAttribute("data-period");
    expect(now).toBe(new Date().toISOString().slice(0, 7));
    await chart.screenshot({ path: join(SHOTS, "timeline-desktop.png") });
  });

  it("maps the pairs: one line per placed pair, coloured by status, matching the table; names on focus", async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${base}/?country=US`);
    const map = page.locator("figure.map");
    const { rows, arcs, legend } = await perStatus();
    expect(arcs).toEqual(legend);
    // Every US pair of the seed is on the map but Iowa–Stavropol Krai (two regions, no point location).
    const rowIds = await pairIds();
    const arcIds = await map
      .locator(".arcs a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("data-pair-id")));
    expect(rowIds.filter((id) => !arcIds.includes(id))).toEqual(["ru-stavropol-krai--us-ia-iowa"]);
    expect(arcIds.every((id) => rowIds.includes(id))).toBe(true);
    expect(await map.locator("caption").textContent()).toMatch(/1 pair not drawn/);
    const iowa = await page
      .locator('tr[data-pair-id="ru-stavropol-krai--us-ia-iowa"] .badge')
      .getAttribute("data-status");
    for (const st of STATUS_LIST) expect(arcs[st], st).toBe((rows[st] ?? 0) - (st === iowa ? 1 : 0));
    const chicago = map.locator(`.arcs a[data-pair-id="${CHICAGO_MOSCOW}"]`);
    expect(await chicago.locator("title").textContent()).toBe("Chicago – Moscow: suspended");
    expect(await chicago.locator("path.arc").getAttribute("stroke")).toBe("#8f5b00");
    expect(await chicago.locator("text.label").isVisible()).toBe(false);
    await chicago.focus();
    expect(await chicago.locator("text.label").isVisible()).toBe(true);
    await map.screenshot({ path: join(SHOTS, "map-desktop.png") });
    await Promise.all([
      page.waitForURL(/\/board\/pairs\/ru-moscow--us-il-chicago/),
      page.keyboard.press("Enter"),
    ]);
  });

  it("as of a date: the summary counts, the chart's mark and the map follow it", async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${base}/?country=US&asOf=2022-03-15`);
    const asOf = viewsAsOf("2022-03-15");
    const usRu = statsOf(asOf).byCountryPair["RU-US"];
    expect(usRu).toBeDefined();
    // The counts differ from today's: the summary box is as of the date, not today's above an as-of table.
    expect(usRu?.suspended).not.toBe((await m.readModel.stats()).byCountryPair["RU-US"]?.suspended);
    expect(await page.locator("#us-russia").innerText()).toMatch(
      new RegExp(
        `As of 15 March 2022, of the ${usRu?.total} US–Russia pairs in the ledger: ${usRu?.suspended ?? 0} suspended, ${usRu?.terminated ?? 0} terminated, ${usRu?.dormant ?? 0} dormant and ${usRu?.active ?? 0} active`,
      ),
    );
    const chart = page.locator("figure.timeline");
    expect(await chart.locator("svg.chart-wide .as-of-mark text").textContent()).toBe("as of 15 March 2022");
    expect(
      await chart.locator('#timeline-chart-table tr[data-as-of="true"]').getAttribute("data-period"),
    ).toBe("2022-03");
    const { rows, arcs, legend } = await perStatus();
    expect(arcs).toEqual(legend);
    const usViews = asOf.filter((v) => v.cityA.country === "US" || v.cityB.country === "US");
    for (const s of STATUS_LIST) expect(rows[s], s).toBe(usViews.filter((v) => v.status === s).length);
    await page.locator("section.glance").screenshot({ path: join(SHOTS, "glance-as-of-desktop.png") });
  });

  it("at phone width: the narrow chart, the figures and the map fit the screen", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${base}/?country=US&asOf=2022-03-15`);
    const chart = page.locator("figure.timeline");
    expect(await chart.locator("svg.chart-narrow").isVisible()).toBe(true);
    expect(await chart.locator("svg.chart-wide").isVisible()).toBe(false);
    const box = await chart.locator("svg.chart-narrow").boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    expect(box?.width ?? 999).toBeLessThanOrEqual(375);
    expect((await page.locator("figure.map svg#world-map").boundingBox())?.width ?? 999).toBeLessThanOrEqual(
      375,
    );
    expect(await scrollWidth()).toBeLessThanOrEqual(375);
    await chart.screenshot({ path: join(SHOTS, "timeline-phone.png") });
    await page.locator("figure.map").screenshot({ path: join(SHOTS, "map-phone.png") });
    expect(offsite).toEqual([]);
  });

  it("needs no JavaScript: the pictures are in the served HTML, scripts are forbidden, links are plain", async () => {
    // (A second browser context with JavaScript off crashes the single-process npm Chromium; the
    // served page is checked instead: it is what a browser without JavaScript renders.)
    const res = await fetch(`${base}/`);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(res.headers.get("content-security-policy")).not.toMatch(/script-src/);
    const html = await res.text();
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
    expect(html).toMatch(/<svg id="timeline-chart" class="chart-wide"[^>]*role="img"/);
    expect(html).toMatch(/<desc id="timeline-chart-desc">[^<]*March 2022/);
    expect(html).toContain(`<a href="/board/pairs/${CHICAGO_MOSCOW}" data-pair-id="${CHICAGO_MOSCOW}"`);
    expect(html.match(/<table class="pairs figures" id="timeline-chart-table">/g)).toHaveLength(1);
  });
});
