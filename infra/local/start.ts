/**
 * `npm start`: the ledger on its embedded default. Options come from the environment
 * (LEDGER_DATA_DIR, PORT, LEDGER_TOKEN, LEDGER_SEED=0) or flags (--no-seed, --port N, --data DIR).
 */
import { parseArgs } from "node:util";
import { verifyIntervalMinutes } from "../../functions/config.js";
import { startLocal } from "./local-runtime.js";

const { values } = parseArgs({
  options: {
    "no-seed": { type: "boolean", default: false },
    port: { type: "string" },
    data: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm start [-- --no-seed] [-- --port N] [-- --data DIR]

Starts DynamoDB Local (Java), creates the tables, runs the projector on the events table's
stream, loads the seed data when the ledger is empty, and serves the API.

Environment: PORT (default 3000; 0 = any free port), LEDGER_DATA_DIR (default .data),
LEDGER_TOKEN (the bearer token for writes; generated and kept in the data folder when unset),
LEDGER_SEED=0 (start empty, like --no-seed), VERIFY_INTERVAL_MINUTES (default 15; 0 = never:
how often every hash chain is verified against the last published digest).`);
  process.exit(0);
}

const started = Date.now();
const log = (line: string) => console.log(`[ledger] ${line}`);
try {
  const runtime = await startLocal({
    dataDir: values.data ?? process.env.LEDGER_DATA_DIR ?? ".data",
    port: Number(values.port ?? process.env.PORT ?? 3000),
    token: process.env.LEDGER_TOKEN || undefined,
    seed: !values["no-seed"] && process.env.LEDGER_SEED !== "0",
    verifyIntervalMinutes: verifyIntervalMinutes(process.env),
    log,
  });
  console.log(`
Sister City Ledger is ready in ${((Date.now() - started) / 1000).toFixed(1)} s
  API      ${runtime.url}
  board    ${runtime.url}/
  docs     ${runtime.url}/docs   (OpenAPI: ${runtime.url}/openapi.json)
  token    ${runtime.token}${runtime.tokenGenerated ? "   (generated; set LEDGER_TOKEN to choose one)" : ""}
  try      curl -s ${runtime.url}/pairs | head -c 400
Ctrl-C stops everything.`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await runtime.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
} catch (e) {
  console.error(`[ledger] could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
