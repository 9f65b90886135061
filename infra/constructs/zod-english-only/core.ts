/** zod's `core` namespace with English as the only locale (see ./index.ts). */
export * from "../../../node_modules/zod/v4/core/index.js";
export * as locales from "./locales.js";
