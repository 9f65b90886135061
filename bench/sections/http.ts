/**
 * HTTP on the local server (@hono/node-server, 127.0.0.1, a child process): GET /pairs/{id} (folded
 * from the events with a consistent Query) and POST /pairs/{id}/events (the full command path),
 * measured with autocannon, beside bare Hono handlers on the same table: one GetItem (the baseline of
 * both ratios the issue sets), and one conditional PutItem of the body (what a write through HTTP
 * costs here at the least: the context of the POST figure).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import autocannon from "autocannon";
import { buildLedger, createDocumentClient } from "../../functions/composition.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { median, runConcurrent } from "../lib/stats.js";
import { OPERATOR, dayOf, proposalBody, registerCommand } from "../../test/support/builders.js";

const TOKEN = "bench-token-0123456789abcdef";

export interface HttpFigures {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p97_5: number;
  readonly p99: number;
  readonly non2xx: number;
  /** 2xx answers other than the route's own (201 for a POST that wrote, 200 for a GET). */
  readonly other2xx: number;
  readonly errors: number;
}

export interface HttpResult {
  readonly seconds: number;
  readonly connections: number;
  readonly pairs: number;
  /**
   * Of the POSTs sent in the measured runs, the share on a pair the app server had read (GET) or
   * written (POST) in the previous 60 s, the life of its stream cache: those can be decided without
   * a Query (one conditional write), the others need Query + write. Counted on the client side.
   */
  readonly postsOnRecentPairs: number;
  readonly getPair: HttpFigures;
  readonly postChange: HttpFigures;
  readonly bareGetItem: HttpFigures;
  readonly barePutItem: HttpFigures;
  /** Medians over runs of ledger ÷ bare, measured back to back. */
  readonly ratios: {
    readonly getRps: number;
    readonly getP50: number;
    readonly postRps: number;
    readonly postP50: number;
    /** POST req/s ÷ the bare conditional PutItem's. */
    readonly postVsBarePutRps: number;
    /** The bare PutItem's req/s ÷ the bare GetItem's: the most any write can reach of the baseline. */
    readonly barePutRps: number;
  };
}

export async function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=prof"
  // to profile them under the bench's load (a profile is written when the server exits).
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extra, "--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before listening`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /PORT (\d+)/.exec(buffer);
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await once(child, "exit");
  clearTimeout(timer);
}

export async function benchHttp(ctx: BenchContext): Promise<HttpResult> {
  const { sizes } = ctx;
  const tables = await ctx.freshTables("http");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const ledger = buildLedger(createDynamoEventStore(doc, tables.events), { idempotencyTtlSeconds: 86_400 });
  const pairs = 1000;
  ctx.log(`http: registering ${pairs} pairs`);
  const pairIds: string[] = new Array(pairs);
  await runConcurrent(pairs, 16, async (i) => {
    const out = await ledger.execute(undefined, registerCommand(i, "http"), { recordedBy: OPERATOR });
    if (!out.ok) throw new Error(out.error.code);
    pairIds[i] = out.value.pairId;
  });
  doc.destroy();

  const env = ledgerEnv(ctx, tables);
  const app = await startServer("bench/fixtures/serve-app.ts", env);
  const bare = await startServer("bench/fixtures/serve-bare.ts", env);
  try {
    let n = 0;
    // When the app server last read or wrote each pair (ms), and how many measured POSTs hit one
    // within its stream cache's 60 s.
    const touched = new Map<string, number>();
    const posts = { measured: false, sent: 0, recent: 0 };
    const next = (app: boolean) => {
      const id = pairIds[n++ % pairs] as string;
      if (app) touched.set(id, Date.now());
      return id;
    };
    const get = (url: string, duration: number) =>
      autocannon({
        url,
        connections: sizes.concurrency,
        duration,
        requests: [
          {
            method: "GET",
            setupRequest: (req) => ({ ...req, path: `/pairs/${next(url === app.url)}` }),
          },
        ],
      });
    const postTarget = (app: boolean) => {
      const id = pairIds[n % pairs] as string;
      const last = touched.get(id);
      if (!app) return next(false);
      if (posts.measured) {
        posts.sent++;
        if (last !== undefined && Date.now() - last <= 60_000) posts.recent++;
      }
      return next(true);
    };
    // Each POST on a pair is dated a day after the one before it, so that every POST records an
    // event: a decision the pair already has (same type, day and side) is a repeat the ledger
    // answers 200 without writing, which a day taken from the shared counter gave to about one POST
    // in three once it passed 12,000 (dayOf's cycle).
    const postsOn = new Map<string, number>();
    const postBody = (path: string) => {
      const id = path.split("/")[2] as string;
      const k = (postsOn.get(id) ?? 0) + 1;
      postsOn.set(id, k);
      return JSON.stringify(proposalBody(n, dayOf(k)));
    };
    const post = (url: string, duration: number) =>
      autocannon({
        url,
        connections: sizes.concurrency,
        duration,
        requests: [
          {
            method: "POST",
            headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
            setupRequest: (req) => {
              const path = `/pairs/${postTarget(url === app.url)}/events`;
              return { ...req, path, body: postBody(path) };
            },
          },
        ],
      });
    // Warm-up: every load in turn (the servers' JIT and the JVM's alike) until the baseline's rate
    // settles: within 10% of the pass before, at most six passes. A fixed 3 s was not enough: the
    // JVM kept speeding up through the measured runs, so whichever side ran later gained (the bare
    // GetItem's third run was up to 50% faster than its first, BENCHMARKS.md).
    for (let pass = 1, before = 0; pass <= 6; pass++) {
      await get(app.url, 3);
      const rate = (await get(bare.url, 3)).requests.average;
      await post(app.url, 3);
      await post(bare.url, 3);
      ctx.log(`http: warm-up pass ${pass}: bare GetItem ${Math.round(rate)} req/s`);
      if (before > 0 && Math.abs(rate - before) / before <= 0.1) break;
      before = rate;
    }

    posts.measured = true;
    const runs: Record<"getPair" | "postChange" | "bareGetItem" | "barePutItem", HttpFigures[]> = {
      getPair: [],
      postChange: [],
      bareGetItem: [],
      barePutItem: [],
    };
    // Two rounds per --repeats, one in each order, so that the reversed orders balance.
    const rounds = 2 * sizes.repeats;
    for (let r = 0; r < rounds; r++) {
      // Each round runs the loads in the reverse order of the one before, so that over two rounds
      // neither side of a ratio is always the later one.
      const forward = ["getPair", "bareGetItem", "postChange", "barePutItem"] as const;
      const order = r % 2 === 0 ? forward : [...forward].reverse();
      for (const which of order) {
        const result =
          which === "getPair"
            ? await get(app.url, sizes.httpSeconds)
            : which === "bareGetItem"
              ? await get(bare.url, sizes.httpSeconds)
              : await post(which === "postChange" ? app.url : bare.url, sizes.httpSeconds);
        runs[which].push({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          other2xx: Object.entries(result.statusCodeStats ?? {})
            .filter(
              ([code]) =>
                code.startsWith("2") &&
                code !== (which.startsWith("post") || which === "barePutItem" ? "201" : "200"),
            )
            .reduce((a, [, v]) => a + v.count, 0),
          errors: result.errors,
        });
        ctx.log(
          `http: run ${r + 1}/${rounds} ${which}: ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, non-2xx ${result.non2xx}, answers ${Object.entries(
            result.statusCodeStats ?? {},
          )
            .map(([code, v]) => `${code}: ${v.count}`)
            .join(", ")}`,
        );
      }
    }
    ctx.log(
      `http: ${posts.recent} of ${posts.sent} measured POSTs on a pair the app server read or wrote in the previous 60 s`,
    );
    const med = (xs: HttpFigures[]): HttpFigures => ({
      requestsPerSecond: median(xs.map((x) => x.requestsPerSecond)),
      p50: median(xs.map((x) => x.p50)),
      p97_5: median(xs.map((x) => x.p97_5)),
      p99: median(xs.map((x) => x.p99)),
      non2xx: xs.reduce((a, x) => a + x.non2xx, 0),
      other2xx: xs.reduce((a, x) => a + x.other2xx, 0),
      errors: xs.reduce((a, x) => a + x.errors, 0),
    });
    const per = (f: (i: number) => number) => median(runs.getPair.map((_, i) => f(i)));
    const at = (k: keyof typeof runs, i: number) => runs[k][i] as HttpFigures;
    const ratios = {
      getRps: per((i) => at("getPair", i).requestsPerSecond / at("bareGetItem", i).requestsPerSecond),
      getP50: per((i) => at("getPair", i).p50 / at("bareGetItem", i).p50),
      postRps: per((i) => at("postChange", i).requestsPerSecond / at("bareGetItem", i).requestsPerSecond),
      postP50: per((i) => at("postChange", i).p50 / at("bareGetItem", i).p50),
      postVsBarePutRps: per(
        (i) => at("postChange", i).requestsPerSecond / at("barePutItem", i).requestsPerSecond,
      ),
      barePutRps: per((i) => at("barePutItem", i).requestsPerSecond / at("bareGetItem", i).requestsPerSecond),
    };
    return {
      ratios,
      seconds: sizes.httpSeconds,
      connections: sizes.concurrency,
      pairs,
      postsOnRecentPairs: posts.sent > 0 ? posts.recent / posts.sent : 0,
      getPair: med(runs.getPair),
      postChange: med(runs.postChange),
      bareGetItem: med(runs.bareGetItem),
      barePutItem: med(runs.barePutItem),
    };
  } finally {
    await stopServer(app.child);
    await stopServer(bare.child);
  }
}

export { TOKEN as HTTP_TOKEN };

/** The environment a ledger process (the app server, a bundled handler) reads: these tables, the bench token. */
export function ledgerEnv(ctx: BenchContext, tables: { events: string; readModel: string }) {
  return {
    EVENTS_TABLE: tables.events,
    READ_MODEL_TABLE: tables.readModel,
    DYNAMODB_ENDPOINT: ctx.endpoint,
    AWS_REGION: REGION,
    AUTH_MODE: "token",
    LEDGER_TOKEN: TOKEN,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}
