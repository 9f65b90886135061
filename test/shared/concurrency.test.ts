/** The bounded-concurrency helpers and the one backoff rule: order, limits, and stopping after a failure. */
import { describe, expect, it } from "vitest";
import { backoffDelay, retrying } from "../../functions/shared/backoff.js";
import { forEachLimited, mapLimited, mergeParallel } from "../../functions/shared/concurrency.js";

/** A promise and its resolver, to hold a call in flight until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("forEachLimited", () => {
  it("never has more than `limit` calls in flight, and starts them in item order", async () => {
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    await forEachLimited([0, 1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      most = Math.max(most, ++inFlight);
      await Promise.resolve();
      inFlight--;
    });
    expect(most).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("takes no new item after a failure, lets the calls in flight settle, then throws the failure", async () => {
    const started: number[] = [];
    const slow = gate();
    let slowSettled = false;
    const run = forEachLimited([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 0) {
        await slow.opened;
        slowSettled = true;
      }
      if (item === 1) throw new Error("item 1 failed");
    });
    const outcome = run.catch((e: Error) => e.message);
    slow.open();
    expect(await outcome).toBe("item 1 failed");
    expect(slowSettled).toBe(true);
    expect(started).toEqual([0, 1]);
  });
});

describe("mapLimited", () => {
  it("returns the results in item order, whatever order they finish in", async () => {
    const out = await mapLimited([30, 10, 20], 3, async (n) => {
      for (let i = 0; i < n; i++) await Promise.resolve();
      return n * 2;
    });
    expect(out).toEqual([60, 20, 40]);
  });
});

describe("mergeParallel", () => {
  it("yields every page of every source", async () => {
    const pages: string[] = [];
    for await (const page of mergeParallel(3, async function* (i) {
      yield `${i}a`;
      yield `${i}b`;
    }))
      pages.push(page);
    expect(pages.sort()).toEqual(["0a", "0b", "1a", "1b", "2a", "2b"]);
  });

  it("stops the other sources from reading further when one fails, and throws the failure to the consumer", async () => {
    const read: string[] = [];
    let ended = 0;
    const merged = mergeParallel(2, async function* (i) {
      try {
        if (i === 1) throw new Error("segment 1 failed");
        for (let page = 0; page < 100; page++) {
          read.push(`0.${page}`);
          yield page;
        }
      } finally {
        ended++;
      }
    });
    const consumed: number[] = [];
    await expect(
      (async () => {
        for await (const page of merged) consumed.push(page);
      })(),
    ).rejects.toThrow("segment 1 failed");
    // Source 0 read ahead at most one page beyond what was consumed, then was ended.
    expect(read.length).toBeLessThanOrEqual(consumed.length + 1);
    expect(read.length).toBeLessThan(100);
    expect(ended).toBe(2);
  });

  it("ends every source when the consumer stops early", async () => {
    let ended = 0;
    const merged = mergeParallel(3, async function* () {
      try {
        for (let page = 0; page < 100; page++) yield page;
      } finally {
        ended++;
      }
    });
    for await (const _ of merged) break;
    expect(ended).toBe(3);
  });
});

describe("backoff", () => {
  it("doubles from the base up to the cap; full jitter draws below the step", () => {
    const steady = { baseMs: 100, maxMs: 1_000, jitter: false } as const;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, steady))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const jittered = { baseMs: 100, maxMs: 1_000 } as const;
    expect(backoffDelay(3, jittered, () => 0.5)).toBe(200);
    expect(backoffDelay(3, jittered, () => 0)).toBe(0);
  });

  it("retries until the answer is not `again`, at most `attempts` times", async () => {
    const calls: number[] = [];
    const again = Symbol("again");
    const r = await retrying(
      async (attempt) => {
        calls.push(attempt);
        return attempt < 3 ? again : "done";
      },
      again,
      { baseMs: 0, maxMs: 0, attempts: 5 },
    );
    expect(r).toBe("done");
    expect(calls).toEqual([1, 2, 3]);
    const gaveUp = await retrying(async () => again, again, { baseMs: 0, maxMs: 0, attempts: 2 });
    expect(gaveUp).toBe(again);
  });
});
