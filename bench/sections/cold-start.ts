/**
 * Cold start: the HTTP Lambda bundle (esbuild: ESM, platform node, @aws-sdk/* external, as CDK
 * bundles it) beside a bare Hono Lambda bundle doing one GetItem. Each run is a fresh Node process
 * that imports the bundle and answers one API Gateway v2 event (GET /pairs/{id}) against DynamoDB
 * Local; the time to import, to answer, and the wall time of the process are reported.
 */
import { execFile } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { BUNDLE_ALIASES, SHIPPED_BESIDE_BUNDLE } from "../../infra/constructs/ledger-function.js";
import { buildLedger, createDocumentClient } from "../../functions/composition.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { median, now } from "../lib/stats.js";
import { OPERATOR, registerCommand } from "../../test/support/builders.js";
import { ledgerEnv } from "./http.js";

export interface BundleFigures {
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly importMs: number;
  readonly firstRequestMs: number;
  /** From process start (performance.timeOrigin) to the first answer. */
  readonly totalMs: number;
  /** From spawn to exit, seen by the parent. */
  readonly processWallMs: number;
}

export interface ColdStartResult {
  readonly runs: number;
  readonly http: BundleFigures;
  readonly bare: BundleFigures;
  /** Medians over run pairs of ledger ÷ bare. */
  readonly totalRatio: number;
  readonly importRatio: number;
  readonly firstRequestRatio: number;
}

const OUT = "bench/.build";

async function bundle(entry: string, name: string): Promise<string> {
  const outfile = resolve(OUT, name, "index.mjs");
  mkdirSync(resolve(OUT, name), { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    external: ["@aws-sdk/*", ...SHIPPED_BESIDE_BUNDLE.map((p) => p.package)],
    minify: true,
    sourcemap: false,
    logLevel: "silent",
    // The same zod alias as the CDK bundles (English-only locales).
    alias: { ...BUNDLE_ALIASES },
    // ESM bundles need require for CJS dependencies (docs/maintaining.md#esm-require).
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}

function apiGatewayEvent(path: string) {
  const time = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "bench.local", "user-agent": "bench" },
    requestContext: {
      accountId: "000000000000",
      apiId: "bench",
      domainName: "bench.local",
      domainPrefix: "bench",
      http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench",
      routeKey: "$default",
      stage: "$default",
      time: time.toISOString(),
      timeEpoch: time.getTime(),
    },
    isBase64Encoded: false,
  };
}

function runOnce(file: string, event: object, env: Record<string, string>) {
  return new Promise<Omit<BundleFigures, "bytes" | "gzipBytes">>((resolveRun, reject) => {
    const started = now();
    execFile(
      process.execPath,
      // BENCH_COLD_NODE_ARGS: extra Node flags for the cold processes, e.g. "--cpu-prof
      // --cpu-prof-dir=prof" to profile each cold start (import and first request).
      [
        ...(process.env.BENCH_COLD_NODE_ARGS ?? "").split(" ").filter(Boolean),
        "bench/fixtures/cold-runner.mjs",
        file,
        JSON.stringify(event),
      ],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout) => {
        if (error) return reject(error);
        const wall = now() - started;
        const line = JSON.parse(stdout.trim().split("\n").at(-1) as string);
        if (line.status !== 200) return reject(new Error(`${file} answered ${line.status}`));
        resolveRun({
          importMs: line.importMs,
          firstRequestMs: line.firstRequestMs,
          totalMs: line.totalMs,
          processWallMs: wall,
        });
      },
    );
  });
}

export async function benchColdStart(ctx: BenchContext): Promise<ColdStartResult> {
  const tables = await ctx.freshTables("cold");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const reg = await buildLedger(createDynamoEventStore(doc, tables.events), {
    idempotencyTtlSeconds: 3600,
  }).execute(undefined, registerCommand(1, "cold"), { recordedBy: OPERATOR });
  doc.destroy();
  if (!reg.ok) throw new Error(reg.error.code);
  const event = apiGatewayEvent(`/pairs/${reg.value.pairId}`);

  ctx.log("cold start: bundling with esbuild");
  const files = {
    http: await bundle("functions/http/handler.ts", "http"),
    bare: await bundle("bench/fixtures/bare-lambda.ts", "bare"),
  };
  const env = {
    ...ledgerEnv(ctx, tables),
    POWERTOOLS_DEV: "false",
    POWERTOOLS_LOG_LEVEL: "ERROR",
  };
  // One untimed run each (the OS file cache), then alternate.
  await runOnce(files.http, event, env);
  await runOnce(files.bare, event, env);
  const runs: Record<"http" | "bare", Omit<BundleFigures, "bytes" | "gzipBytes">[]> = { http: [], bare: [] };
  for (let r = 0; r < ctx.sizes.coldRuns; r++)
    for (const which of r % 2 === 0 ? (["http", "bare"] as const) : (["bare", "http"] as const))
      runs[which].push(await runOnce(files[which], event, env));
  const figures = (which: "http" | "bare"): BundleFigures => {
    const rs = runs[which];
    return {
      bytes: statSync(files[which]).size,
      gzipBytes: gzipSync(readFileSync(files[which])).length,
      importMs: median(rs.map((r) => r.importMs)),
      firstRequestMs: median(rs.map((r) => r.firstRequestMs)),
      totalMs: median(rs.map((r) => r.totalMs)),
      processWallMs: median(rs.map((r) => r.processWallMs)),
    };
  };
  const result = {
    runs: ctx.sizes.coldRuns,
    http: figures("http"),
    bare: figures("bare"),
    totalRatio: median(runs.http.map((h, i) => h.totalMs / (runs.bare[i]?.totalMs as number))),
    importRatio: median(runs.http.map((h, i) => h.importMs / (runs.bare[i]?.importMs as number))),
    firstRequestRatio: median(
      runs.http.map((h, i) => h.firstRequestMs / (runs.bare[i]?.firstRequestMs as number)),
    ),
  };
  ctx.log(`cold start: http ${result.http.totalMs.toFixed(0)} ms, bare ${result.bare.totalMs.toFixed(0)} ms`);
  return result;
}
