/** The domain: pure rules of the sister-city ledger (no I/O, no clock, no environment). */
export * from "./city.js";
export * from "./countries.js";
export * from "./decider.js";
export * from "./effective-date.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./hash-chain.js";
export * from "./merkle.js";
export * from "./pair-id.js";
export * from "./result.js";
export * from "./text.js";
export * from "./timeline.js";
export * from "./transitions.js";
export * from "./views/pair-view.js";
export * from "./scheduled.js";
