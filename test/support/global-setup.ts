/**
 * Runs once before the test workers start. Unpacking the npm Chromium (when no system browser is
 * installed) happens here, because two workers unpacking it at once would race on the same files.
 */
import { findChromium } from "./browser.js";

export default async function setup() {
  await findChromium();
}
