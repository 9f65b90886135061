/**
 * What a Lambda bundle gets for `import ... from "zod"` (the function construct's esbuild alias):
 * zod's own `zod` entry point, re-exported name for name, except that the locale namespaces hold
 * English only.
 *
 * Why: @hono/zod-openapi does `import { z } from "zod"` and passes `z` around as a value, so esbuild
 * must keep the whole namespace, and with it `z.locales` and `z.core.locales`: 50 locales, ~260 KB
 * of a 574 KB HTTP bundle (docs/maintaining.md#zod-locales). Only the namespaces change: every schema, check and
 * error class is zod's own binding, and English, the locale zod installs by default, is zod's own
 * `en`. The one thing lost is selecting another locale (`z.config(z.locales.de())`), which this
 * project never does (a test checks that); `test/infra/zod-english-only.test.ts` checks the export
 * names match zod's.
 *
 * The paths into node_modules (in ./api.ts, ./core.ts, ./locales.ts) are relative on purpose: an alias applies to package imports, so
 * importing "zod" here would come back to this file.
 */
import * as z from "./api.js";
export * from "./api.js";
// As zod's own index does: the default export is the same binding as `z`.
export { z, z as default };
