/**
 * Health and the docs UI. The UI is swagger-ui-dist served by the app itself (no CDN, so it works
 * offline), under a Content-Security-Policy that allows nothing but this origin.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { AppEnv } from "../auth.js";
import { DOCS_ASSET_DIR, DOCS_ASSET_FILES, DOCS_ASSET_PACKAGE } from "../docs-assets.js";
import { problem, sendProblem } from "../problem.js";
import { HealthSchema } from "../schemas/index.js";
import { jsonContent, once } from "../schemas/lazy.js";
import { defaultHook } from "../validation.js";

/**
 * Where to look for the assets, in order: the package in node_modules (local runs, tests), then
 * the folder the bundling step copies beside the bundle (Lambda). Neither: the assets answer 404
 * and the page says where the document is.
 */
export function docsAssetDirs(moduleUrl = import.meta.url): string[] {
  const dirs: string[] = [];
  try {
    dirs.push(dirname(createRequire(moduleUrl).resolve(`${DOCS_ASSET_PACKAGE}/package.json`)));
  } catch {
    // a bundle: no node_modules
  }
  dirs.push(join(dirname(fileURLToPath(moduleUrl)), DOCS_ASSET_DIR));
  return dirs;
}

async function loadAsset(dirs: readonly string[], file: string): Promise<Buffer | undefined> {
  for (const dir of dirs) {
    try {
      return await readFile(join(dir, file));
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** Relative URLs, so the page also works below an API Gateway stage path (/prod/docs). */
const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sister City Ledger API</title><link rel="stylesheet" href="docs/assets/swagger-ui.css"></head>
<body><div id="ui"><p>Loading the API docs… The document itself is at <a href="openapi.json">openapi.json</a>.</p></div>
<script src="docs/assets/swagger-ui-bundle.js"></script><script src="docs/assets/init.js"></script>
</body></html>`;

/**
 * The document as the docs UI gets it: optional parameters lose their example (it moves into the
 * description), because "Try it out" fills every example in, and `GET /pairs` with the example
 * cursor, q and city all set finds nothing. Runs in the browser (its source is sent as is), so it
 * must stay self-contained; /openapi.json itself keeps every example.
 */
export function forTryItOut(spec: {
  paths?: Record<string, Record<string, { parameters?: Record<string, unknown>[] }>>;
}) {
  for (const item of Object.values(spec.paths ?? {}))
    for (const op of Object.values(item))
      for (const p of op.parameters ?? []) {
        const schema = p.schema as Record<string, unknown> | undefined;
        const example = p.example ?? schema?.example;
        if (p.required || example === undefined) continue;
        p.description = `${p.description ?? ""} (e.g. ${JSON.stringify(example)})`.trim();
        delete p.example;
        if (schema) delete schema.example;
      }
  return spec;
}

const initScript = `const forTryItOut = ${forTryItOut.toString()};
if (window.SwaggerUIBundle) {
  fetch("openapi.json").then((r) => r.json()).then((spec) => {
    window.ui = SwaggerUIBundle({ spec: forTryItOut(spec), dom_id: "#ui", deepLinking: true, tryItOutEnabled: false, validatorUrl: null });
  });
} else {
  document.getElementById("ui").innerHTML = '<p>The docs UI is not available here; read <a href="openapi.json">openapi.json</a>.</p>';
}`;

/** Only this origin: proves (in the browser test) that nothing is fetched from elsewhere. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'";

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  summary: "Liveness: the function answers",
  tags: ["meta"],
  responses: {
    200: {
      description: "alive",
      content: jsonContent(HealthSchema, { example: { status: "ok" } }),
    },
  },
});

export function metaRoutes(options: { assetDirs?: readonly string[] } = {}) {
  // Looked up on the first asset request, not at import: a cold start that serves no docs asset
  // (every API Lambda start) does not search node_modules for the package.
  const dirs = once(() => options.assetDirs ?? docsAssetDirs());
  const cache = new Map<string, Buffer>();
  return new OpenAPIHono<AppEnv>({ defaultHook })
    .openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200))
    .get("/docs", (c) => c.html(docsPage, 200, { "content-security-policy": CSP }))
    .get("/docs/assets/:file", async (c) => {
      const file = c.req.param("file");
      if (file === "init.js")
        return c.body(initScript, 200, {
          "content-type": "text/javascript; charset=utf-8",
          "cache-control": "no-cache",
        });
      const type = DOCS_ASSET_FILES[file];
      const body = type && (cache.get(file) ?? (await loadAsset(dirs(), file)));
      if (!type || !body)
        return sendProblem(c, problem("not-found", `no docs asset ${file} in this deployment`));
      cache.set(file, body);
      return c.body(new Uint8Array(body), 200, {
        "content-type": type,
        "cache-control": "public, max-age=86400",
      });
    });
}
