/**
 * The board's pictures at registry scale: the Wikidata fixture (15,911 pairs; `--import-rows`
 * fewer) loaded fast into DynamoDB Local (bench/lib/registry.ts, shared with the reads section:
 * the import in memory, the events copied, each pair's document saved as the projector saves a
 * new pair), then, in one process and in
 * alternating rounds, the plain board page (the list and the counts, no pictures) beside the
 * board with the chart over time and the map (today, a country, as of a date) and
 * GET /stats/timeline. Ratios are medians of per-request times against the plain page.
 */
import { Hono } from "hono";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { boardRoutes } from "../../functions/app/board/routes.js";
import { timelineRoutes } from "../../functions/app/routes/timeline.js";
import { createDocumentClient } from "../../functions/composition.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { sharedRegistry } from "../lib/registry.js";
import { median, now } from "../lib/stats.js";

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
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const { tables, loaded } = await sharedRegistry(ctx, doc);
  const eventStore = createDynamoEventStore(doc, tables.events);
  const readModel = createDynamoReadModel(doc, tables.readModel);
  ctx.log(`pictures: ${loaded.pairs} pairs loaded`);

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
    pairs: loaded.pairs,
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
