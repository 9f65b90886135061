/** Spreadsheet import: read rows (CSV/JSON), plan them as commands, rehearse, then apply through the ledger. */
export * from "./apply-plan.js";
export * from "./columns.js";
export * from "./plan.js";
export * from "./read-rows.js";
export * from "./run-import.js";
