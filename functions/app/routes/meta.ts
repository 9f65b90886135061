/** Health, the OpenAPI document and its docs UI (served from swagger-ui-dist: no CDN). */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import type { AppEnv } from "../auth.js";

const SWAGGER_FILES: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

function swaggerDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  } catch {
    return undefined; // a bundle without the assets: /docs explains instead of failing
  }
}

const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sister City Ledger API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#ui" });</script>
<noscript><p>The interactive docs need JavaScript; the document itself is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</body></html>`;

export function metaRoutes() {
  const dir = swaggerDir();
  return new Hono<AppEnv>()
    .get("/health", (c) => c.json({ status: "ok" }))
    .get("/docs", (c) => c.html(docsPage))
    .get("/docs/assets/:file", async (c) => {
      const file = c.req.param("file");
      const type = SWAGGER_FILES[file];
      if (!type || !dir) return c.notFound();
      const body = await readFile(join(dir, file));
      return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
    });
}
