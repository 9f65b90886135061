import { forEachLimited } from "../../functions/shared/concurrency.js";
/** Small statistics for the benchmark: percentiles, medians, formatting. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly n: number;
}

export function latencyOf(samplesMs: readonly number[]): Latency {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length };
}

export const median = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** The median of each field over repeated runs. */
export function medianOf<T extends Record<string, number>>(runs: readonly T[]): T {
  const first = runs[0];
  if (!first) throw new Error("no runs");
  return Object.fromEntries(Object.keys(first).map((k) => [k, median(runs.map((r) => r[k] as number))])) as T;
}

export const ms = (x: number) =>
  Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : "–";
export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "–");
export const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "–");
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export const now = () => performance.now();

/** Run `task` `total` times with at most `concurrency` in flight; returns per-call latencies (ms) and wall time. */
export async function runConcurrent(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = new Array(total);
  const started = now();
  await forEachLimited(
    Array.from({ length: total }, (_, i) => i),
    concurrency,
    async (i) => {
      const t = now();
      await task(i);
      latencies[i] = now() - t;
    },
  );
  return { latencies, wallMs: now() - started };
}
