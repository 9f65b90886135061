/**
 * The board's pictures at registry scale: the Wikidata fixture (15,911 pairs) imported through
 * the CLI's import and projected into a DynamoDB Local read model, then, in one process and in
 * alternating rounds, the plain board page (the list and the counts, no pictures) beside the
 * board with the chart over time and the map (today, a country, as of a date) and
 * GET /stats/timeline. Ratios are medians of per-request times against the plain page.
 */
import { Hono } from "hono";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { boardRoutes } from "../../functions/app/board/routes.js";
import { timelineRoutes } from "../../functions/app/routes/timeline.js";
import { buildLedger, createDocumentClient } from "../../functions/composition.js";
import { DEFAULT_CONCURRENCY } from "../../functions/import/index.js";
import { createProjector } from "../../functions/projector/projector.js";
import type { StoredEvent } from "../../domain/index.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { fixtureRows, importFixture } from "./import.js";
import { median, now, runConcurrent } from "../lib/stats.js";

const ROUNDS = 15;
const WARM_ROUNDS = 5;

export interface PicturesBenchResult {
  readonly pairs: number;
  readonly rounds: number;
  /** Median ms per request. */
  readonly plainMs: number;
  readonly boardMs: number;
  readonly countryMs: number;
  readonly asOfMs: number;
  readonly timelineApiMs: number;
  /** Bytes of HTML: plain page and the page with the pictures. */
  readonly plainBytes: number;
  readonly boardBytes: number;
  /** Each ÷ the plain page (goal: under 3). */
  readonly ratios: {
    readonly board: number;
    readonly country: number;
    readonly asOf: number;
    readonly timelineApi: number;
  };
}

export async function benchPictures(ctx: BenchContext): Promise<PicturesBenchResult> {
  const tables = await ctx.freshTables("pictures");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const eventStore = createDynamoEventStore(doc, tables.events);
  const readModel = createDynamoReadModel(doc, tables.readModel);
  const ledger = buildLedger(eventStore, { idempotencyTtlSeconds: 86_400 });
  ctx.log("pictures: importing the Wikidata fixture");
  const report = await importFixture(eventStore, ledger, fixtureRows(ctx.sizes.importRows).text);
  if (!report.ok) throw new Error(`import failed: ${report.problems[0]?.message}`);
  ctx.log(`pictures: projecting ${report.pairs} pairs`);
  const streams = new Map<string, StoredEvent[]>();
  for await (const page of eventStore.scan())
    for (const e of page.events) streams.set(e.pairId, [...(streams.get(e.pairId) ?? []), e]);
  const projector = createProjector({ eventStore, readModel });
  const pairs = [...streams.values()];
  await runConcurrent(pairs.length, DEFAULT_CONCURRENCY, (i) =>
    projector.applyPair(pairs[i] as StoredEvent[]),
  );

  const plain = boardRoutes({ eventStore, readModel, pictures: false });
  const full = new Hono()
    .route("/", boardRoutes({ eventStore, readModel }))
    .route("/", timelineRoutes({ readModel }));
  const timed = async (app: { request: (p: string) => Response | Promise<Response> }, path: string) => {
    const t = now();
    const res = await app.request(path);
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${html.slice(0, 200)}`);
    return { ms: now() - t, bytes: html.length };
  };
  const cases = {
    plain: () => timed(plain, "/"),
    board: () => timed(full, "/"),
    country: () => timed(full, "/?country=DE"),
    asOf: () => timed(full, "/?asOf=2022-03-15"),
    timelineApi: () => timed(full, "/stats/timeline?country=DE&interval=week&from=2019-01"),
  };
  const samples: Record<keyof typeof cases, number[]> = {
    plain: [],
    board: [],
    country: [],
    asOf: [],
    timelineApi: [],
  };
  const bytes: Record<string, number> = {};
  for (let round = 0; round < WARM_ROUNDS + ROUNDS; round++)
    for (const [name, run] of Object.entries(cases) as [
      keyof typeof cases,
      () => Promise<{ ms: number; bytes: number }>,
    ][]) {
      const r = await run();
      bytes[name] = r.bytes;
      if (round >= WARM_ROUNDS) samples[name].push(r.ms);
    }
  doc.destroy();
  const m = (k: keyof typeof cases) => median(samples[k]);
  const result = {
    pairs: report.pairs,
    rounds: ROUNDS,
    plainMs: m("plain"),
    boardMs: m("board"),
    countryMs: m("country"),
    asOfMs: m("asOf"),
    timelineApiMs: m("timelineApi"),
    plainBytes: bytes.plain ?? 0,
    boardBytes: bytes.board ?? 0,
    ratios: {
      board: m("board") / m("plain"),
      country: m("country") / m("plain"),
      asOf: m("asOf") / m("plain"),
      timelineApi: m("timelineApi") / m("plain"),
    },
  };
  ctx.log(
    `pictures: plain ${result.plainMs.toFixed(1)} ms; with pictures ${result.boardMs.toFixed(1)} ms (${result.ratios.board.toFixed(2)}×), DE ${result.ratios.country.toFixed(2)}×, as of ${result.ratios.asOf.toFixed(2)}×, timeline API ${result.ratios.timelineApi.toFixed(2)}×`,
  );
  return result;
}
