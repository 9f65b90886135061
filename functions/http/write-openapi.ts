/**
 * Build step of the HTTP Lambda: writes the OpenAPI document, generated from the route
 * declarations by @hono/zod-openapi exactly as /openapi.json answers locally, to the file the
 * bundle's lean @hono/zod-openapi reads (functions/http/zod-openapi-lean.ts). Only `paths` and
 * `components` are kept: the rest (info, servers, the idempotency TTL) comes from the running
 * function's configuration.
 *
 *   node --import tsx functions/http/write-openapi.ts <out.json>
 */
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type AppDeps, createApp } from "../app/app.js";

type Inert = AppDeps["ledger"] & AppDeps["eventStore"] & AppDeps["readModel"];

export async function builtDocument(): Promise<{ paths: unknown; components: unknown }> {
  // Routes are declared, never called: any use of a store at build time is a mistake.
  const inert = new Proxy({}, { get: () => () => Promise.reject(new Error("not at build time")) }) as Inert;
  const app = createApp({
    ledger: inert,
    eventStore: inert,
    readModel: inert,
    auth: { mode: "token", token: "build-time" },
  });
  const { paths, components } = (await (await app.request("/openapi.json")).json()) as {
    paths: unknown;
    components: unknown;
  };
  return { paths, components };
}

// Run as a script (not when a test imports builtDocument).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2];
  if (!out) throw new Error("usage: write-openapi.ts <out.json>");
  writeFileSync(out, JSON.stringify(await builtDocument()));
}
