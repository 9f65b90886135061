/**
 * A headless Chromium for the browser tests, with nothing installed by hand: the system's
 * Chromium when one is installed (Debian's package at /usr/bin/chromium), otherwise the build that
 * `@sparticuz/chromium` ships inside its npm package (unpacked to the temp folder on first use).
 * Tests never skip for want of a browser. See docs/maintaining.md, "Browser tests".
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Without these, Chromium keeps trying to reach Google's hosts, which a closed network refuses. */
const QUIET = [
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export interface ChromiumBinary {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly source: "system" | "npm";
}

/** Where the browser comes from. Call once per process before the workers start (global setup). */
export async function findChromium(): Promise<ChromiumBinary> {
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system)
    return {
      executablePath: system,
      args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET],
      source: "system",
    };
  const { default: packaged } = await import("@sparticuz/chromium");
  return {
    executablePath: await packaged.executablePath(),
    args: [...packaged.args, ...QUIET],
    // The package's fonts are unpacked beside the binary; Debian without a browser has none.
    env: { FONTCONFIG_PATH: process.env.FONTCONFIG_PATH ?? join(tmpdir(), "fonts") },
    source: "npm",
  };
}

export interface OpenBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with one context (its own empty profile). Always `close()` it in teardown. */
export async function openBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<OpenBrowser> {
  const bin = await findChromium();
  const browser = await chromium.launch({
    executablePath: bin.executablePath,
    args: [...bin.args],
    headless: true,
    env: bin.env ? { ...process.env, ...bin.env } : undefined,
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 900 } });
    return { browser, context, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
