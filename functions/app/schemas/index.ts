/**
 * HTTP schemas: the domain's zod schemas, wrapped for OpenAPI 3.1 with examples. The OpenAPI
 * document at /openapi.json is generated from these; nothing is written by hand twice. Every
 * request and response has an example, and a test validates each example against its schema.
 * One file per concern; routes import from here.
 */
export * from "./audit.js";
export { EXAMPLE_CURSOR, recordEventExamples } from "./examples.js";
export * from "./params.js";
export * from "./pairs.js";
export * from "./problems.js";
export * from "./stats.js";
export * from "./timeline.js";
