/**
 * The docs UI at /docs works offline: the app serves swagger-ui-dist itself, under a CSP that
 * allows only its own origin. Proven in Chromium (no request leaves the loopback server, the UI
 * renders every operation), and for the Lambda bundle, which has no node_modules: the handler
 * finds the assets in the folder the bundling step copies beside it (functions/app/docs-assets.ts).
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { DOCS_ASSET_DIR, DOCS_ASSET_FILES, DOCS_ASSET_PACKAGE } from "../../functions/app/docs-assets.js";
import { openBrowser } from "../support/browser.js";
import { createApi } from "./support/api.js";

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
});

describe("/docs", () => {
  it("serves a page that loads only same-origin assets, under a same-origin CSP", async () => {
    const api = createApi({ eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() });
    const page = await api.app.request("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'; script-src 'self'/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of [
      "docs/assets/swagger-ui.css",
      "docs/assets/swagger-ui-bundle.js",
      "docs/assets/init.js",
    ]) {
      expect(html).toContain(asset);
      const res = await api.app.request(`/${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get("content-type"), asset).toMatch(/^text\/(css|javascript)/);
    }
    expect((await api.app.request("/docs/assets/package.json")).status).toBe(404);
  });

  it("renders every operation in Chromium with no request leaving the app", async () => {
    const api = createApi({ eventStore: createMemoryEventStore(), readModel: createMemoryReadModel() });
    let server: ServerType | undefined;
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" }, resolve);
    });
    cleanup.push(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
    const base = `http://127.0.0.1:${address.port}`;
    const browser = await openBrowser();
    cleanup.push(() => browser.close());
    const { context } = browser;
    const offsite: string[] = [];
    const violations: string[] = [];
    await context.route("**/*", (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      offsite.push(route.request().url());
      return route.abort();
    });
    const tab = await context.newPage();
    tab.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await tab.goto(`${base}/docs`);
    await tab.locator(".swagger-ui .info .title").waitFor({ timeout: 20_000 });
    expect(await tab.locator(".swagger-ui .info .title").innerText()).toContain("Sister City Ledger");
    await tab.locator(".opblock").first().waitFor();
    const paths = await tab.locator(".opblock .opblock-summary-path").allInnerTexts();
    expect(paths.map((p) => p.replace(/\u200b/g, ""))).toEqual(
      expect.arrayContaining([
        "/pairs",
        "/pairs/{pairId}",
        "/pairs/{pairId}/events",
        "/cities/{cityId}/pairs",
        "/stats",
        "/health",
      ]),
    );
    expect(offsite).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("finds the assets beside a Lambda bundle that has no node_modules, once the bundling step copied them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "docs-bundle-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // The same shape as the Lambda bundle: ESM, node platform, everything inlined, in a folder
    // with no node_modules above it.
    await build({
      entryPoints: [join(process.cwd(), "functions/app/routes/meta.ts")],
      outfile: join(dir, "index.mjs"),
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    const bundled = (await import(
      pathToFileURL(join(dir, "index.mjs")).href
    )) as typeof import("../../functions/app/routes/meta.js");
    const app = bundled.metaRoutes();
    expect((await app.request("/docs/assets/swagger-ui.css")).status).toBe(404);

    // What the CDK bundling hook does (afterBundling): copy the files into DOCS_ASSET_DIR.
    const source = dirname(createRequire(import.meta.url).resolve(`${DOCS_ASSET_PACKAGE}/package.json`));
    mkdirSync(join(dir, DOCS_ASSET_DIR));
    for (const file of Object.keys(DOCS_ASSET_FILES))
      copyFileSync(join(source, file), join(dir, DOCS_ASSET_DIR, file));
    for (const [file, type] of Object.entries(DOCS_ASSET_FILES)) {
      const res = await app.request(`/docs/assets/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
  });
});
