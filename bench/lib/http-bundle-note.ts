/**
 * BENCHMARKS.md's note on the HTTP bundle's bytes (issue 12): where they went, what was cut, what
 * the 250 KB budget buys. Measured with esbuild's metafile on the options CDK uses (minified ESM,
 * `@aws-sdk/*` external, the zod and @hono/zod-openapi aliases of infra/constructs/ledger-function.ts);
 * test/infra/bundles.e2e.test.ts fails when the asset CDK writes grows past 250 KB.
 */
export const HTTP_BUNDLE_BYTES = `### What the HTTP bundle's bytes buy

Where the bytes went (esbuild metafile, bytes in the minified output), before and after:

| part | before | after | why |
|---|--:|--:|---|
| zod | 182.8 KB | 100.5 KB | \`import { z } from "@hono/zod-openapi"\` passed zod around as a value, so esbuild kept all of it (JSON Schema conversion, \`z.core\`, \`z.locales\`); as \`import * as z from "zod"\` it keeps only what is used |
| the app (routes, schemas, problems) | 59.5 KB | 45.7 KB | the status board moved to its own function (the timeline route came in since) |
| hono | 41.4 KB | 29.5 KB | \`hono/jsx\` went with the board |
| @asteasolutions/zod-to-openapi + the generator | 35.1 KB | 0 | the document is generated at build time, beside the bundle |
| Powertools Logger (+ commons, invoke store) | 23.5 KB | 0 | the function's JSON log format makes \`console.error\` a structured record |
| csv-stringify | 10.9 KB | 0 | the CSV export is the board's |
| any-ascii (names in any script) | – | 0 | its 546 KB table ships beside every bundle as \`node_modules/any-ascii\` (\`SHIPPED_BESIDE_BUNDLE\`), read from disk like the docs UI's files |
| domain, audit, adapters, uuidv7, config | ~60 KB | ~60 KB | what the API is |
| **total** | **413 KB** | **237 KB** | budget 250 KB |

What the 250 KB buys: Hono's router and Lambda adapter, zod for every request (the same schemas as
the domain's), the command path (decider, hash chain, timeline), the DynamoDB adapters, the audit
routes and the problem catalogue. What it does not carry: the OpenAPI generator
(\`functions/http/write-openapi.ts\` writes \`openapi.json\` beside the bundle when CDK builds it, and
\`/openapi.json\` serves that file; \`functions/http/zod-openapi-lean.ts\` routes and validates exactly as
\`@hono/zod-openapi\` does), the status board and its CSV (their own function behind the same API,
\`GET /\`, \`/board/…\`, \`/export.csv\`), a logging library. The docs UI's files are read from beside the
bundle only when \`/docs\` is asked for.

Import time goes the same way: the cold import evaluates every module of the bundle, so the board's
pages, the generator's registry and zod's JSON Schema tables no longer run when the API starts.
The schemas themselves (domain and routes) are still built at import.`;
