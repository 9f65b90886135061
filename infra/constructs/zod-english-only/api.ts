/** zod's `v4/classic/external` (its whole API) with English-only locale namespaces (see ./index.ts). */
export * from "../../../node_modules/zod/v4/classic/external.js";
export * as core from "./core.js";
export * as locales from "./locales.js";
