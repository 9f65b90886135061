/**
 * Profile the public reads in process: DynamoDB Local on a data directory (kept between runs, so
 * the registry is loaded once), the app composed as `serve-app.ts` composes it, each read timed
 * beside the plain `GET /pairs` page and the plain board (no pictures), then a V8 CPU profile per
 * read (node:inspector) written beside the data. Summarise a profile with
 * `node --import tsx bench/lib/profile-top.ts <file.cpuprofile>`.
 *
 *   node --import tsx bench/profile-reads.ts --data-dir .data/prof --rows 2000 [--n 20]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createApp } from "../functions/app/app.js";
import { boardRoutes } from "../functions/app/board/routes.js";
import { buildLedger, buildStores, createDocumentClient } from "../functions/composition.js";
import { startDynamoDbLocal } from "../infra/local/dynamodb-local.js";
import { REGION, createContext } from "./lib/context.js";
import { loadRegistry } from "./lib/registry.js";
import { median, now } from "./lib/stats.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    rows: { type: "string", default: "2000" },
    n: { type: "string", default: "20" },
    city: { type: "string", default: "Vilnius" },
  },
});
const dataDir = values["data-dir"];
if (!dataDir) throw new Error("--data-dir is required");
mkdirSync(dataDir, { recursive: true });
const rows = Number(values.rows);
const n = Number(values.n);

const local = await startDynamoDbLocal({ dataDir: join(dataDir, "db") });
try {
  const tablesFile = join(dataDir, `tables-${rows}.json`);
  const doc = createDocumentClient({ endpoint: local.endpoint, region: REGION });
  let tables: { events: string; readModel: string };
  if (existsSync(tablesFile)) tables = JSON.parse(readFileSync(tablesFile, "utf8"));
  else {
    const ctx = createContext(local.endpoint, {} as never, (m) => console.error(m));
    tables = await ctx.freshTables("profile");
    await loadRegistry(doc, tables, rows, (m) => console.error(m));
    writeFileSync(tablesFile, JSON.stringify(tables));
  }
  const stores = buildStores({
    dynamodb: { endpoint: local.endpoint, region: REGION },
    eventsTable: tables.events,
    readModelTable: tables.readModel,
  } as never);
  const app = createApp({
    ...stores,
    ledger: buildLedger(stores.eventStore, { idempotencyTtlSeconds: 86_400 }),
    auth: { mode: "token", token: "bench-token-0123456789abcdef" },
  } as never);
  const plainBoard = boardRoutes({ ...stores, pictures: false });
  const city = encodeURIComponent(values.city as string);
  const cases: Record<string, [{ request: (p: string) => Response | Promise<Response> }, string]> = {
    page: [app, "/pairs"],
    plainBoard: [plainBoard, "/"],
    qMatch: [app, `/pairs?q=${city}`],
    cityBoard: [app, `/?city=${city}`],
    statsAsOf: [app, "/stats?asOf=2022-01-01"],
    boardAsOf: [app, "/?asOf=2022-01-01"],
    board: [app, "/"],
    boardDE: [app, "/?country=DE"],
    timeline: [app, "/stats/timeline?country=DE&interval=week&from=2019-01"],
  };
  const once = async (name: string) => {
    const [target, path] = cases[name] as (typeof cases)[string];
    const t = now();
    const res = await target.request(path);
    const body = await res.text();
    if (res.status >= 500) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return { ms: now() - t, bytes: Buffer.byteLength(body) };
  };
  const names = Object.keys(cases);
  for (let r = 0; r < 3; r++) for (const name of names) await once(name);
  const samples = Object.fromEntries(names.map((k) => [k, [] as number[]]));
  const bytes: Record<string, number> = {};
  for (let r = 0; r < n; r++)
    for (const name of names) {
      const x = await once(name);
      samples[name]?.push(x.ms);
      bytes[name] = x.bytes;
    }
  const page = median(samples.page as number[]);
  const plain = median(samples.plainBoard as number[]);
  for (const name of names) {
    const m = median(samples[name] as number[]);
    console.log(
      `${name.padEnd(11)} ${m.toFixed(1).padStart(7)} ms  ${(m / page).toFixed(2)}× page  ${(m / plain).toFixed(2)}× plain board  ${bytes[name]} B`,
    );
  }
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  for (const name of names) {
    await session.post("Profiler.start");
    for (let r = 0; r < n; r++) await once(name);
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(join(dataDir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
  session.disconnect();
  doc.destroy();
} finally {
  await local.stop();
}
