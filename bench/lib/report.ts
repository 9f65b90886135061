/** The benchmark's printed table and BENCHMARKS.md, from one result object. */
import type { CastoreResult } from "../sections/castore.js";
import type { ColdStartResult } from "../sections/cold-start.js";
import type { CommandResult } from "../sections/command.js";
import type { HttpResult } from "../sections/http.js";
import type { ImportBenchResult } from "../sections/import.js";
import type { LagResult } from "../sections/projection-lag.js";
import type { ReplayResult } from "../sections/replay.js";
import type { Sizes } from "./context.js";
import type { MachineFacts } from "./machine.js";
import { int, kb, ms, ratio } from "./stats.js";

export const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");

export interface BenchResult {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationSeconds: number;
  readonly command: string;
  readonly machine: MachineFacts;
  readonly dynamodbLocal: string;
  readonly sizes: Sizes;
  readonly results: {
    command?: CommandResult;
    castore?: CastoreResult;
    import?: ImportBenchResult;
    replay?: ReplayResult;
    lag?: LagResult;
    http?: HttpResult;
    coldStart?: ColdStartResult;
  };
}

type Row = [string, string, string, string];

export function rows(r: BenchResult): Row[] {
  const out: Row[] = [["measure", "ledger", "baseline", "ledger / baseline"]];
  const { command, castore, replay, lag, http, coldStart } = r.results;
  if (command) {
    const l = command.ledger;
    const b = command.bare;
    out.push(
      ["command p50 (ms)", ms(l.latency.p50), ms(b.latency.p50), times(command.ratios.p50)],
      ["command p95 (ms)", ms(l.latency.p95), ms(b.latency.p95), times(command.ratios.p95)],
      ["command p99 (ms)", ms(l.latency.p99), ms(b.latency.p99), times(command.ratios.p99)],
      ["command throughput (/s)", int(l.throughput), int(b.throughput), times(command.ratios.throughput)],
      [
        "command p50 vs Query + PutItem alone (ms)",
        ms(l.latency.p50),
        ms(command.readPut.latency.p50),
        times(command.readPut.ledgerRatioP50),
      ],
      ["command p50 in memory, no I/O (ms)", ms(command.inMemory.latency.p50), "–", "–"],
      [
        "DynamoDB round trips / command",
        command.roundTrips.plain.toFixed(2),
        "1",
        ratio(command.roundTrips.plain, 1),
      ],
      [
        "  … with Idempotency-Key",
        command.roundTrips.withIdempotencyKey.toFixed(2),
        "1",
        ratio(command.roundTrips.withIdempotencyKey, 1),
      ],
    );
  }
  if (castore) out.push(...castoreRows(castore));
  if (r.results.import) out.push(...importRows(r.results.import));
  if (replay) {
    out.push(
      [
        "replay + verify (events/s)",
        int(replay.replayEventsPerSecond),
        int(replay.bareScanItemsPerSecond),
        times(replay.ratio),
      ],
      ["pure fold + verify, 1 core (events/s)", int(replay.pureEventsPerSecond), "–", "–"],
    );
  }
  if (lag)
    out.push([
      `projection lag p50 / p99 (ms, poll ${lag.pollIntervalMs} ms)`,
      `${ms(lag.lag.p50)} / ${ms(lag.lag.p99)}`,
      "–",
      "–",
    ]);
  if (http) {
    const g = http.getPair;
    const p = http.postChange;
    const b = http.bareGetItem;
    out.push(
      [
        "GET /pairs/{id} (req/s)",
        int(g.requestsPerSecond),
        int(b.requestsPerSecond),
        times(http.ratios.getRps),
      ],
      [
        "GET /pairs/{id} p50 / p99 (ms)",
        `${ms(g.p50)} / ${ms(g.p99)}`,
        `${ms(b.p50)} / ${ms(b.p99)}`,
        times(http.ratios.getP50),
      ],
      [
        "POST /pairs/{id}/events (req/s)",
        int(p.requestsPerSecond),
        int(b.requestsPerSecond),
        times(http.ratios.postRps),
      ],
      [
        "POST /pairs/{id}/events p50 / p99 (ms)",
        `${ms(p.p50)} / ${ms(p.p99)}`,
        `${ms(b.p50)} / ${ms(b.p99)}`,
        times(http.ratios.postP50),
      ],
    );
  }
  if (coldStart) {
    const h = coldStart.http;
    const b = coldStart.bare;
    out.push(
      [
        "bundle size (min / gzip)",
        `${kb(h.bytes)} / ${kb(h.gzipBytes)}`,
        `${kb(b.bytes)} / ${kb(b.gzipBytes)}`,
        ratio(h.bytes, b.bytes),
      ],
      ["cold: import bundle (ms)", ms(h.importMs), ms(b.importMs), times(coldStart.importRatio)],
      [
        "cold: first request (ms)",
        ms(h.firstRequestMs),
        ms(b.firstRequestMs),
        times(coldStart.firstRequestRatio),
      ],
      ["cold: process start → answer (ms)", ms(h.totalMs), ms(b.totalMs), times(coldStart.totalRatio)],
    );
  }
  return out;
}

export function textTable(r: BenchResult): string {
  const all = rows(r);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((row) => row[i]?.length ?? 0)));
  return all
    .map((row) =>
      row.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
}

function mdTable(all: Row[]): string {
  const [head, ...body] = all;
  return [`| ${head?.join(" | ")} |`, "|---|--:|--:|--:|", ...body.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );
}

export function markdown(
  r: BenchResult,
  jsonPath: string,
  scale: readonly { file: string; result: BenchResult }[] = [],
): string {
  const m = r.machine;
  const { command, replay, lag, http, coldStart } = r.results;
  const s = r.sizes;
  const parts: string[] = [];
  parts.push(`# Benchmarks

Generated by \`${r.command}\` on ${r.finishedAt.slice(0, 10)} (${Math.round(r.durationSeconds)} s); raw figures in
\`${jsonPath}\`. Every figure is the median of ${s.repeats} runs unless said otherwise. Each comparison
puts the ledger beside a baseline measured **in the same run, on the same DynamoDB Local**, after the
same warm-up, with the order of the two sides alternating between runs. The ratio column is the
median over runs of (ledger ÷ baseline) for the two sides measured back to back, which cancels
most of the machine's load swings; it is the figure to read (bundle sizes and round trips are
exact counts). The absolute numbers only describe
this machine at that moment.

**Machine**: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB; Node ${m.node}; ${m.java}; ${r.dynamodbLocal}
(in memory, \`sharedDb\`). Load average ${m.loadAverageStart.toFixed(1)} at the start and
${(m.loadAverageEnd ?? Number.NaN).toFixed(1)} at the end: other work on the machine competes with
DynamoDB Local's JVM, the servers and the load generator for ${m.cores} cores.

**Sizes**: replay table ${int(s.pairs)} pairs × ${s.events} events; command path ${s.commands} sequential
commands (latency) and ${s.throughputCommands} with ${s.concurrency} in flight (throughput) per run; HTTP
${s.httpSeconds} s per autocannon run with ${s.concurrency} connections; ${s.lagSamples} projection-lag samples;
${s.coldRuns} fresh processes per bundle. Change them with flags or environment variables
(\`npm run bench -- --help\`), e.g. \`npm run bench -- --pairs 20000 --events 5\` for registry scale.

${mdTable(rows(r))}
`);
  if (command) {
    const c = command;
    parts.push(`## Command path

\`ledger.execute\` over DynamoDB Local (a consistent Query of the pair's stream, decide, canonical
JSON + SHA-256, a conditional PutItem) beside a bare conditional PutItem of an item of the same size
in the same table (the events table, stream enabled). ${c.pairs} pairs, so no stream grows long (the
Query reads a handful of items); each side was warmed with ${int(c.warmupPerSide)} writes first. Latency:
${s.commands} commands one after another per run; throughput: ${s.throughputCommands} with ${s.concurrency} in flight.

Round trips per command, counted by SDK middleware: ${fmtOps(c.roundTrips.plainByOperation)} without a key;
${fmtOps(c.roundTrips.keyedByOperation)} with an \`Idempotency-Key\` (a consistent GetItem for the key,
then the event and the key in one TransactWriteItems).

**What limits it: round trips.** A command needs two sequential requests where the baseline needs
one, so it cannot be faster than about ${times(2)} the baseline. The same two requests with nothing
in between (a consistent Query, then the PutItem) take ${ms(c.readPut.latency.p50)} ms at p50, and the command
${times(c.readPut.ledgerRatioP50)} that: what the command path adds — deciding, folding the stored events, two
canonical-JSON hashes — is ${ms(c.inMemory.latency.p50)} ms at p50 over the in-memory store. Throughput
(${times(c.ratios.throughput)} the bare put) is bounded by DynamoDB Local, which serves every request from one JVM
on the same ${m.cores} cores as this process. The tails (p95/p99) mostly show the JVM's pauses and the
machine's other load, and a command is exposed to them twice. In AWS each round trip costs a few
milliseconds of network, so the command's latency tends to twice a PutItem's.`);
  }
  if (replay)
    parts.push(`## Replay and verify

The audit engine's \`runReplay\` (compare mode: parallel Scan with ${replay.segments} segments, group per stream,
verify the hash chain, fold through the same views as the projector, read and compare each pair's
stored read-model document, compare counters) over ${int(replay.events)} events in ${int(replay.pairs)} pairs, beside a
bare parallel Scan of the same table with the same segments (${replay.replayClean ? "every replay came back clean" : "**a replay reported findings**"}).
The pure fold + verify runs the same streams in memory on one core (Node's main thread).

**What limits it: one read per pair.** Besides scanning, compare mode reads each pair's
read-model document with a consistent GetItem (${int(replay.pairs)} requests for ${int(replay.events)} events at
${replay.events / replay.pairs} events a pair), and those requests, not the Scan, set the pace: replay runs at
${times(replay.ratio)} the bare Scan. CPU is not the limit: hashing and folding run at
${int(replay.pureEventsPerSecond)} events/s on one core. Pairs with longer histories amortise the per-pair read.`);
  if (lag)
    parts.push(`## Projection lag

From the append being acknowledged by the command path to the read model showing the new
version, through the local stream poller (\`startStreamPoller\`, poll interval ${lag.pollIntervalMs} ms as in the
local runtime) feeding the same Lambda-shaped handler the projector runs in AWS. ${lag.lag.n} samples,
spaced at random within a poll interval; p50 ${ms(lag.lag.p50)} ms, p95 ${ms(lag.lag.p95)} ms, p99 ${ms(lag.lag.p99)} ms.

**What limits it: the poll interval.** The poller sleeps ${lag.pollIntervalMs} ms after an empty pass, so an
append waits for the next pass (half an interval on average), then a GetRecords and the
projector's read-model read and transaction. In AWS, Lambda's own stream polling sets this delay.`);
  if (http)
    parts.push(`## HTTP

The ledger's Hono app served by \`@hono/node-server\` on 127.0.0.1 in a child process, composed as
the Lambda entry composes it, loaded with autocannon (${http.connections} connections, ${http.seconds} s per run, after a
warm-up of each side), requests rotating over ${int(http.pairs)} pairs. \`GET /pairs/{id}\` folds the pair's events
(a consistent Query) into its view; \`POST /pairs/{id}/events\` records a change through the full command
path. The baseline is a bare Hono handler doing one consistent GetItem, on the same server stack and SDK
setup. Non-2xx answers over all runs: GET ${http.getPair.non2xx}, POST ${http.postChange.non2xx}, bare ${http.bareGetItem.non2xx}.

**What limits it: DynamoDB Local and the shared cores.** The server, autocannon and the JVM share
${m.cores} cores. GET (${times(http.ratios.getRps)} the bare requests/s) is one Query where the baseline is one GetItem,
plus validating, folding and serialising the view. POST (${times(http.ratios.postRps)}) is two requests, one of
them a conditional write, plus body validation and hashing: it is the command path of the first
table under ${http.connections} concurrent writers.`);
  if (coldStart)
    parts.push(`## Cold start

The HTTP Lambda bundled as CDK bundles it (esbuild, ESM, platform node, \`@aws-sdk/*\` external,
minified), beside a bare Hono Lambda bundle that does one GetItem. Each run is a fresh Node process
that imports the bundle and answers one API Gateway v2 event (\`GET /pairs/{id}\`) against DynamoDB
Local; median of ${coldStart.runs} processes per bundle after one untimed run each. Process wall time
(spawn to exit, Node's own start included): ledger ${ms(coldStart.http.processWallMs)} ms, bare ${ms(coldStart.bare.processWallMs)} ms.

**What limits it: evaluating the bundle.** The ledger's bundle (${kb(coldStart.http.bytes)}) builds its zod schemas,
the OpenAPI registry, the routes and the status board at import: ${ms(coldStart.http.importMs)} ms against
${ms(coldStart.bare.importMs)} ms for the bare bundle. The AWS SDK is external on both sides and its import and
first-request setup (credentials, the HTTP agent) are paid by both, which is why the first request
costs about the same. Lambda adds its own init (runtime start, network) to both figures.`);
  if (scale.length > 0)
    parts.push(`## Registry scale

Saved runs with a replay table of 10,000 pairs or more (\`npm run bench -- --only replay --pairs 20000
--json-only\`), each on its own DynamoDB Local:

| run | pairs × events | seed (s) | replay + verify (events/s) | bare Scan (items/s) | ratio | pure, 1 core (events/s) | load start → end |
|---|---|--:|--:|--:|--:|--:|--:|
${scale
  .map(({ file, result }) => {
    const x = result.results.replay as ReplayResult;
    const load = `${result.machine.loadAverageStart.toFixed(1)} → ${(result.machine.loadAverageEnd ?? Number.NaN).toFixed(1)}`;
    return `| \`${file}\` | ${int(x.pairs)} × ${x.events / x.pairs} | ${int(x.seedSeconds)} | ${int(x.replayEventsPerSecond)} | ${int(x.bareScanItemsPerSecond)} | ${times(x.ratio)} | ${int(x.pureEventsPerSecond)} | ${load} |`;
  })
  .join("\n")}

The replay verifies and folds every stream and reads every pair's stored document once (compare
mode), so its cost grows with events and pairs alike; the seed column is the time to write the
table (BatchWriteItem of every event, one read-model transaction per pair) before timing.`);
  return `${parts.join("\n\n")}\n`;
}

const fmtOps = (ops: Record<string, number>) =>
  Object.entries(ops)
    .map(([k, v]) => `${v.toFixed(2)} ${k}`)
    .join(" + ");

function castoreRows(c: CastoreResult): Row[] {
  const l = c.ledger;
  const k = c.castore;
  const w = `${c.pairs} pairs × ${c.eventsPerPair}, ${c.inFlight} in flight`;
  return [
    [
      `vs Castore 2.4.2: commands/s (${w})`,
      int(l.commandsPerSecond),
      int(k.commandsPerSecond),
      times(c.ratios.commands),
    ],
    [
      "  … change command p50 / p99 (ms; ratio Castore ÷ ours at p50)",
      `${ms(l.change.p50)} / ${ms(l.change.p99)}`,
      `${ms(k.change.p50)} / ${ms(k.change.p99)}`,
      times(c.ratios.changeP50),
    ],
    [
      "  … verify vs Castore replay (events/s)",
      int(l.replayEventsPerSecond),
      int(k.replayEventsPerSecond),
      times(c.ratios.replay),
    ],
    [
      "  … bare parallel Scan of our table vs Castore replay (items/s)",
      int(c.bareScanItemsPerSecond),
      int(k.replayEventsPerSecond),
      times(c.ratios.bareScanVsCastoreReplay),
    ],
  ];
}

function importRows(x: ImportBenchResult): Row[] {
  const perSecond = (s: number) => int(x.events / s);
  return [
    [
      `import ${int(x.pairs)} pairs, write phase (events/s; bare conditional PutItem loop, ${x.concurrency} in flight)`,
      perSecond(x.writeSeconds),
      perSecond(x.bareSeconds),
      times(x.ratio),
    ],
    [
      "  … rehearsal + write (events/s)",
      perSecond(x.rehearsalSeconds + x.writeSeconds),
      perSecond(x.bareSeconds),
      times(x.ratioWithRehearsal),
    ],
    [
      "  … DynamoDB requests per pair while writing",
      x.writeRequestsPerPair.toFixed(2),
      "1",
      ratio(x.writeRequestsPerPair, 1),
    ],
  ];
}
