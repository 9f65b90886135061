/**
 * statsFromCounters, rewritten for speed (a few thousand counters a request at registry scale),
 * gives what the split-and-sort version it replaced gave, key order included (the JSON of
 * `GET /stats` is compared byte for byte).
 */
import { describe, expect, it } from "vitest";
import { STATUSES } from "../../domain/index.js";
import { statsFromCounters } from "../../functions/ports/read-model.js";

/** The version before: each name split on "#", entries sorted with `<`. */
function oracle(counters: Record<string, number>) {
  const zeroes = (): Record<string, number> =>
    Object.fromEntries([["total", 0], ...STATUSES.map((s) => [s, 0])]);
  const total: Record<string, number> = zeroes();
  const byCountry: Record<string, Record<string, number>> = {};
  const byCountryPair: Record<string, Record<string, number>> = {};
  for (const [name, n] of Object.entries(counters)) {
    if (!n) continue;
    const parts = name.split("#");
    if (parts[0] === "t" && parts[1]) total[parts[1]] = n;
    else if (parts.length === 3 && parts[1] && parts[2]) {
      const target = parts[0] === "c" ? byCountry : parts[0] === "p" ? byCountryPair : undefined;
      if (!target) continue;
      target[parts[1]] ??= zeroes();
      (target[parts[1]] as Record<string, number>)[parts[2]] = n;
    }
  }
  const sorted = (o: Record<string, Record<string, number>>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { total, byCountry: sorted(byCountry), byCountryPair: sorted(byCountryPair) };
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("statsFromCounters", () => {
  it("gives the same counts in the same key order as splitting each name did", () => {
    const countries = ["AT", "DE", "FR", "GB", "IT", "PL", "RU", "US", "UA", "ZA", "ÅL"];
    const statuses = ["total", ...STATUSES, "unknown"];
    for (let seed = 1; seed <= 40; seed++) {
      const r = random(seed);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
      const counters: Record<string, number> = {};
      for (let i = 0; i < 300; i++) {
        const a = pick(countries);
        const b = pick(countries);
        const name = pick([
          () => `t#${pick(statuses)}`,
          () => `c#${a}#${pick(statuses)}`,
          () => `p#${[a, b].sort().join("-")}#${pick(statuses)}`,
          // What no writer writes, handled as before all the same.
          () =>
            pick(["t#", "t", "c#DE", "c##active", "c#DE#", "p#AT-DE#active#x", "x#DE#active", "t#a#b", "#"]),
        ])();
        counters[name] = pick([0, 1, 2, 7, -1, 1234]);
      }
      const got = statsFromCounters(counters);
      expect(JSON.stringify(got), `seed ${seed}`).toBe(JSON.stringify(oracle(counters)));
    }
  });
});
