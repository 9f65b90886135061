/**
 * Bounded concurrency helpers. Both stop taking work after the first failure (no new item starts,
 * no new page is read) and rethrow it once the calls in flight have settled.
 */

/** Run `fn` over `items` with at most `limit` calls in flight, started in item order. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<unknown> | unknown,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i] as T, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker),
  );
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
}

/** `fn` over `items` with at most `limit` in flight; the results in item order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  await forEachLimited(items, limit, async (item, i) => {
    out[i] = await fn(item, i);
  });
  return out;
}

/**
 * The pages of `count` parallel sources (e.g. the segments of a parallel Scan) as one stream, in
 * arrival order. Each source reads ahead at most one page; a failure in one stops the others from
 * reading further and is thrown to the consumer.
 */
export async function* mergeParallel<T>(
  count: number,
  source: (index: number) => AsyncIterable<T>,
): AsyncGenerator<T> {
  type Slot = { index: number; it: AsyncIterator<T>; pending: Promise<{ slot: Slot; r: IteratorResult<T> }> };
  const pull = (slot: Slot) => slot.it.next().then((r) => ({ slot, r }));
  const slots = new Set<Slot>();
  for (let index = 0; index < count; index++) {
    const slot = { index, it: source(index)[Symbol.asyncIterator]() } as Slot;
    slot.pending = pull(slot);
    slots.add(slot);
  }
  try {
    while (slots.size > 0) {
      const { slot, r } = await Promise.race([...slots].map((s) => s.pending));
      if (r.done) {
        slots.delete(slot);
        continue;
      }
      slot.pending = pull(slot);
      yield r.value;
    }
  } finally {
    // A failure or an early stop: end the other sources (their page in flight is dropped).
    for (const s of slots) {
      s.pending.catch(() => {});
      await s.it.return?.().catch(() => {});
    }
  }
}
