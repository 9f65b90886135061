/**
 * One backoff rule for every retry in the ledger: exponential from `baseMs`, capped at `maxMs`,
 * with "full jitter" (a random delay up to the step) so that contenders that failed together do
 * not retry together.
 */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Full jitter (default) or the plain exponential step (deterministic waits, e.g. a poller). */
  readonly jitter?: boolean;
}

/** The delay before retry number `attempt` (1 = the first retry). */
export function backoffDelay(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const step = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return o.jitter === false ? step : Math.floor(random() * step);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Call `fn` until it returns something other than `again`, at most `attempts` times, backing off
 * between calls; returns `again` when every attempt asked for another.
 */
export async function retrying<T, A>(
  fn: (attempt: number) => Promise<T | A>,
  again: A,
  o: BackoffOptions & { readonly attempts: number },
): Promise<T | A> {
  for (let attempt = 1; ; attempt++) {
    const r = await fn(attempt);
    if (r !== again || attempt >= o.attempts) return r;
    await sleep(backoffDelay(attempt, o));
  }
}
