/**
 * Our ledger beside Castore 2.4.2 (its documented single-table DynamoDB adapter, GSI included) on
 * the identical workload, on the same DynamoDB Local: `pairs` pairs × `events` events (the
 * registration, then changes), `inFlight` pairs at a time, commands sequential within a pair.
 * Both sides warmed alike, their order alternating per round; the ratio is the median of the
 * per-round ratios. Replay: our verify (read every stream, recompute its chain) beside Castore's
 * (list aggregate ids, getAggregate each).
 */
import { verifyLedger } from "../../functions/audit/verify.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { buildLedger, createDocumentClient } from "../../functions/composition.js";
import { forEachLimited } from "../../functions/shared/concurrency.js";
import { castoreClient, castorePairs, createCastoreTable } from "../lib/castore.js";
import { REGION, type BenchContext } from "../lib/context.js";
import { latencyOf, median, now, type Latency } from "../lib/stats.js";
import { OPERATOR, proposalBody, proposalCommand, registerCommand } from "../../test/support/builders.js";
import { bareScan as scanItems } from "../replay-vs-scan.js";

export interface SideFigures {
  readonly commandsPerSecond: number;
  readonly change: Latency;
  readonly replayEventsPerSecond: number;
}

export interface CastoreResult {
  readonly pairs: number;
  readonly eventsPerPair: number;
  readonly inFlight: number;
  readonly rounds: number;
  readonly ledger: SideFigures;
  readonly castore: SideFigures;
  /** A bare parallel Scan of our table (same segments as verify), items/s: what verify can reach. */
  readonly bareScanItemsPerSecond: number;
  /** Median of per-round ratios, ours ÷ Castore's (bareScan: the bare Scan ÷ Castore's replay). */
  readonly ratios: {
    readonly commands: number;
    readonly changeP50: number;
    readonly replay: number;
    readonly verifyVsScan: number;
    readonly bareScanVsCastoreReplay: number;
  };
}

interface Round {
  commandsPerSecond: number;
  changes: number[];
  replayEventsPerSecond: number;
  /** Ours only: a bare parallel Scan right after verify. */
  scanItemsPerSecond?: number;
}

interface Side {
  /** One pair: its registration then `events - 1` changes, in order; change latencies pushed. */
  pair(tag: string, i: number, changes: number[]): Promise<void>;
  replay(): Promise<number>;
}

export const CASTORE_WORKLOAD = { pairs: 200, events: 10, inFlight: 8 } as const;

export async function benchCastore(ctx: BenchContext): Promise<CastoreResult> {
  const { pairs, events, inFlight } = CASTORE_WORKLOAD;
  const rounds = ctx.sizes.repeats;
  const tables = await ctx.freshTables("vs-castore");
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const eventStore = createDynamoEventStore(doc, tables.events);
  const ledger = buildLedger(eventStore, { idempotencyTtlSeconds: 86_400 });
  const castoreTable = `castore-events-${tables.events.slice(-8)}`;
  const client = castoreClient(ctx.endpoint);
  await createCastoreTable(client, castoreTable);
  const castore = castorePairs(client, castoreTable);

  const ours: Side = {
    async pair(tag, i, changes) {
      const reg = await ledger.execute(undefined, registerCommand(i, tag), { recordedBy: OPERATOR });
      if (!reg.ok) throw new Error(`register: ${reg.error.code}`);
      for (let e = 1; e < events; e++) {
        const t = now();
        const out = await ledger.execute(reg.value.pairId, proposalCommand(e), { recordedBy: OPERATOR });
        changes.push(now() - t);
        if (!out.ok) throw new Error(`change: ${out.error.code}`);
      }
    },
    async replay() {
      const v = await verifyLedger(eventStore, { segments: ctx.sizes.segments });
      if (!v.ok) throw new Error("our ledger does not verify");
      return v.events;
    },
  };
  const bareScan = () => scanItems(doc, tables.events, ctx.sizes.segments);
  const theirs: Side = {
    async pair(tag, i, changes) {
      const id = `${tag}-${i}`;
      await castore.register(id, registerCommand(i, tag).data as unknown as Record<string, unknown>);
      for (let e = 1; e < events; e++) {
        const t = now();
        await castore.propose(id, proposalBody(e));
        changes.push(now() - t);
      }
    },
    async replay() {
      return (await castore.replay(inFlight)).events;
    },
  };

  const runWorkload = async (side: Side, tag: string, n: number): Promise<Round> => {
    const changes: number[] = [];
    const t = now();
    await forEachLimited(
      Array.from({ length: n }, (_, i) => i),
      inFlight,
      (i) => side.pair(tag, i, changes),
    );
    const commandsPerSecond = (n * events * 1000) / (now() - t);
    const r = now();
    const replayed = await side.replay();
    const replayEventsPerSecond = (replayed * 1000) / (now() - r);
    if (side !== ours) return { commandsPerSecond, changes, replayEventsPerSecond };
    const s = now();
    const scanned = await bareScan();
    return {
      commandsPerSecond,
      changes,
      replayEventsPerSecond,
      scanItemsPerSecond: (scanned * 1000) / (now() - s),
    };
  };

  ctx.log("castore: warm-up, 20 pairs each side");
  await runWorkload(ours, "warm", 20);
  await runWorkload(theirs, "warm", 20);

  const results: { ours: Round; theirs: Round }[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["ours", "theirs"] as const) : (["theirs", "ours"] as const);
    const got: Partial<Record<"ours" | "theirs", Round>> = {};
    for (const who of order)
      got[who] = await runWorkload(who === "ours" ? ours : theirs, `vs${round}`, pairs);
    const o = got.ours as Round;
    const c = got.theirs as Round;
    results.push({ ours: o, theirs: c });
    ctx.log(
      `castore: round ${round + 1}/${rounds}: ours ${Math.round(o.commandsPerSecond)} cmd/s, replay ${Math.round(o.replayEventsPerSecond)} ev/s; castore ${Math.round(c.commandsPerSecond)} cmd/s, replay ${Math.round(c.replayEventsPerSecond)} ev/s`,
    );
  }
  doc.destroy();
  client.destroy();

  const figures = (rs: Round[]): SideFigures => {
    const lats = rs.map((r) => latencyOf(r.changes));
    return {
      commandsPerSecond: median(rs.map((r) => r.commandsPerSecond)),
      change: {
        p50: median(lats.map((l) => l.p50)),
        p95: median(lats.map((l) => l.p95)),
        p99: median(lats.map((l) => l.p99)),
        n: lats[0]?.n ?? 0,
      },
      replayEventsPerSecond: median(rs.map((r) => r.replayEventsPerSecond)),
    };
  };
  const perRound = (f: (o: Round, c: Round) => number) => median(results.map((r) => f(r.ours, r.theirs)));
  return {
    pairs,
    eventsPerPair: events,
    inFlight,
    rounds,
    ledger: figures(results.map((r) => r.ours)),
    bareScanItemsPerSecond: median(results.map((r) => r.ours.scanItemsPerSecond ?? Number.NaN)),
    castore: figures(results.map((r) => r.theirs)),
    ratios: {
      commands: perRound((o, c) => o.commandsPerSecond / c.commandsPerSecond),
      // Latency: Castore's ÷ ours, so that above 1 means ours is faster, like the others.
      changeP50: perRound((o, c) => latencyOf(c.changes).p50 / latencyOf(o.changes).p50),
      replay: perRound((o, c) => o.replayEventsPerSecond / c.replayEventsPerSecond),
      verifyVsScan: perRound((o) => o.replayEventsPerSecond / (o.scanItemsPerSecond ?? Number.NaN)),
      bareScanVsCastoreReplay: perRound(
        (o, c) => (o.scanItemsPerSecond ?? Number.NaN) / c.replayEventsPerSecond,
      ),
    },
  };
}
