/** zod's locales namespace reduced to English, the locale zod installs by default (see ./index.ts). */
export { default as en } from "../../../node_modules/zod/v4/locales/en.js";
