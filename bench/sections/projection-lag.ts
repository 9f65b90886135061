/**
 * Projection lag: from an append acknowledged by the command path to the read model showing it,
 * through the local stream poller (DynamoDB Local's stream → the same Lambda-shaped handler).
 */
import type { BenchContext } from "../lib/context.js";
import { POLL_INTERVAL_MS, projectingLedger } from "../lib/projecting.js";
import { latencyOf, now, type Latency } from "../lib/stats.js";
import { OPERATOR, proposalCommand, registerCommand } from "../../test/support/builders.js";

export interface LagResult {
  readonly pollIntervalMs: number;
  readonly lag: Latency;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchProjectionLag(ctx: BenchContext): Promise<LagResult> {
  const { stores, ledger, poller, close } = await projectingLedger(ctx, "lag");
  try {
    const pairs = 20;
    const pairIds: string[] = [];
    for (let i = 0; i < pairs; i++) {
      const out = await ledger.execute(undefined, registerCommand(i, "lag"), { recordedBy: OPERATOR });
      if (!out.ok) throw new Error(out.error.code);
      pairIds.push(out.value.pairId);
    }
    await poller.idle();
    const samples: number[] = [];
    const warmup = 10;
    for (let i = 0; i < ctx.sizes.lagSamples + warmup; i++) {
      const pairId = pairIds[i % pairs] as string;
      const out = await ledger.execute(pairId, proposalCommand(i), { recordedBy: OPERATOR });
      if (!out.ok) throw new Error(out.error.code);
      const appended = now();
      for (;;) {
        const seen = await stores.readModel.get(pairId);
        if ((seen?.view.version ?? 0) >= out.value.version) break;
        if (now() - appended > 30_000)
          throw new Error(`projection of ${pairId} v${out.value.version} never arrived`);
        await sleep(2);
      }
      if (i >= warmup) samples.push(now() - appended);
      // Space the appends so each one waits for a poll (the poller sleeps only when a pass was empty).
      await sleep(Math.random() * POLL_INTERVAL_MS);
    }
    ctx.log(`lag: ${samples.length} samples, p50 ${latencyOf(samples).p50.toFixed(1)} ms`);
    return { pollIntervalMs: POLL_INTERVAL_MS, lag: latencyOf(samples) };
  } finally {
    await close();
  }
}
