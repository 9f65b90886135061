/**
 * Public reads at registry scale: the Wikidata fixture (15,911 pairs; `--import-rows` fewer)
 * loaded fast (bench/lib/registry.ts; once per run, shared with the pictures section), the HTTP app on the local server, and each public read
 * timed beside a plain `GET /pairs` page in the same rounds (the order rotating each round):
 * a name search that matches nothing and one that matches, the board's city filter, stats as of
 * a date, the board as of a date. The CSV export as of a date is timed beside a bare parallel
 * Scan of the read model's documents (the replay's read), alternating.
 */
import type { PairView } from "../../domain/index.js";
import { createDocumentClient } from "../../functions/composition.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { sharedRegistry } from "../lib/registry.js";
import { median, now } from "../lib/stats.js";
import { startServer, stopServer } from "./http.js";

export const READS = {
  page: "/pairs",
  qNone: "/pairs?q=zzzqqq",
  qMatch: "/pairs?q=<q>",
  cityBoard: "/?city=<city>",
  statsAsOf: "/stats?asOf=2022-01-01",
  boardAsOf: "/?asOf=2022-01-01",
} as const;
type ReadName = keyof typeof READS;
const EXPORT = "/export.csv?asOf=2022-01-01";

export interface ReadFigures {
  readonly path: string;
  /** Median latency (ms) and the median over rounds of (this ÷ the plain page of that round). */
  readonly p50: number;
  readonly ratio: number;
  readonly bytes: number;
  readonly status: number;
}

export interface ReadsResult {
  readonly rows: number;
  readonly pairs: number;
  readonly events: number;
  readonly loadSeconds: { readonly import: number; readonly write: number; readonly project: number };
  readonly rounds: number;
  readonly reads: Record<ReadName, ReadFigures>;
  readonly export: {
    readonly path: string;
    readonly seconds: number;
    readonly rows: number;
    readonly bytes: number;
    readonly scanSeconds: number;
    readonly scanDocs: number;
    /** Median over runs of scan time ÷ export time (goal ≥ 0.5). */
    readonly ratio: number;
  };
}

/** The city with the most pairs (the board's city filter at its heaviest). */
function pickCity(views: readonly PairView[]) {
  const count = new Map<string, { n: number; name: string }>();
  for (const v of views)
    for (const c of [v.cityA, v.cityB]) count.set(c.id, { n: (count.get(c.id)?.n ?? 0) + 1, name: c.name });
  const [, top] = [...count.entries()].sort((a, b) => b[1].n - a[1].n)[0] ?? ["", { n: 0, name: "paris" }];
  return { name: top.name, pairs: top.n };
}

/** The whole export: each response, then the one its Link rel="next" names. */
async function timedExport(base: string, path: string) {
  const t = now();
  let url: string | undefined = base + path;
  let text = "";
  let status = 200;
  let rows = 0;
  while (url) {
    const res = await fetch(url);
    const body = await res.text();
    status = Math.max(status, res.status);
    text += body;
    rows += body.split("\n").filter(Boolean).length - 1;
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    url = next ? base + next : undefined;
  }
  return { ms: now() - t, bytes: Buffer.byteLength(text), status, text, rows };
}

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number; text: string }> {
  const t = now();
  const res = await fetch(url);
  const text = await res.text();
  return { ms: now() - t, bytes: Buffer.byteLength(text), status: res.status, text };
}

export async function benchReads(ctx: BenchContext): Promise<ReadsResult> {
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const { tables, loaded } = await sharedRegistry(ctx, doc);
  const city = pickCity(loaded.views);
  ctx.log(`reads: city filter on "${city.name}" (${city.pairs} pairs)`);
  const paths = Object.fromEntries(
    Object.entries(READS).map(([k, p]) => [
      k,
      p
        .replace("<q>", encodeURIComponent(city.name.split(" ")[0] as string))
        .replace("<city>", encodeURIComponent(city.name)),
    ]),
  ) as Record<ReadName, string>;
  const app = await startServer("bench/fixtures/serve-app.ts", {
    EVENTS_TABLE: tables.events,
    READ_MODEL_TABLE: tables.readModel,
    DYNAMODB_ENDPOINT: ctx.endpoint,
    AWS_REGION: REGION,
    AUTH_MODE: "token",
    LEDGER_TOKEN: "bench-token-0123456789abcdef",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  try {
    const names = Object.keys(paths) as ReadName[];
    ctx.log("reads: warm-up");
    for (let i = 0; i < 3; i++) for (const n of names) await timed(app.url + paths[n]);
    const rounds = Math.max(10, ctx.sizes.repeats * 10);
    const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<ReadName, number[]>;
    const last = {} as Record<ReadName, { bytes: number; status: number }>;
    for (let r = 0; r < rounds; r++) {
      const order = names.map((_, i) => names[(i + r) % names.length] as ReadName);
      for (const n of order) {
        const res = await timed(app.url + paths[n]);
        if (res.status >= 500) throw new Error(`${paths[n]}: ${res.status} ${res.text.slice(0, 200)}`);
        samples[n].push(res.ms);
        last[n] = { bytes: res.bytes, status: res.status };
      }
    }
    const reads = Object.fromEntries(
      names.map((n) => [
        n,
        {
          path: paths[n],
          p50: median(samples[n]),
          ratio: median(samples[n].map((x, i) => x / (samples.page[i] as number))),
          ...last[n],
        },
      ]),
    ) as Record<ReadName, ReadFigures>;
    for (const n of names)
      ctx.log(`reads: ${paths[n]} p50 ${reads[n].p50.toFixed(1)} ms, ${reads[n].ratio.toFixed(2)}× the page`);

    const readModel = createDynamoReadModel(doc, tables.readModel);
    const scan = async () => {
      const t = now();
      let docs = 0;
      for await (const page of readModel.scanDocs({ segments: ctx.sizes.segments })) docs += page.length;
      return { ms: now() - t, docs };
    };
    await scan();
    await timedExport(app.url, EXPORT);
    const runs: { exp: Awaited<ReturnType<typeof timedExport>>; scan: { ms: number; docs: number } }[] = [];
    for (let r = 0; r < ctx.sizes.repeats; r++) {
      const s1 = r % 2 === 0 ? await scan() : undefined;
      const exp = await timedExport(app.url, EXPORT);
      if (exp.status !== 200) throw new Error(`${EXPORT}: ${exp.status} ${exp.text.slice(0, 200)}`);
      const s = s1 ?? (await scan());
      runs.push({ exp, scan: s });
      ctx.log(`reads: export ${(exp.ms / 1000).toFixed(2)} s, scan ${(s.ms / 1000).toFixed(2)} s`);
    }
    const lastRun = runs.at(-1) as (typeof runs)[number];
    return {
      rows: loaded.rows,
      pairs: loaded.pairs,
      events: loaded.events,
      loadSeconds: {
        import: loaded.importSeconds,
        write: loaded.writeSeconds,
        project: loaded.projectSeconds,
      },
      rounds,
      reads,
      export: {
        path: EXPORT,
        seconds: median(runs.map((r) => r.exp.ms)) / 1000,
        rows: lastRun.exp.rows,
        bytes: lastRun.exp.bytes,
        scanSeconds: median(runs.map((r) => r.scan.ms)) / 1000,
        scanDocs: lastRun.scan.docs,
        ratio: median(runs.map((r) => r.scan.ms / r.exp.ms)),
      },
    };
  } finally {
    await stopServer(app.child);
    doc.destroy();
  }
}
