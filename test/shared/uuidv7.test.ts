/** Our UUIDv7 ids: the RFC 9562 layout, time first, and ordered within one process. */
import { UUID } from "uuidv7";
import { describe, expect, it } from "vitest";
import { uuidv7, uuidv7At } from "../../functions/shared/uuidv7.js";

const LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string) => Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);

describe("uuidv7", () => {
  it("has the version 7 layout and variant, as the uuidv7 package reads it", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(LAYOUT);
      const parsed = UUID.parse(id);
      expect(parsed.getVariant()).toBe("VAR_10");
      expect(parsed.getVersion()).toBe(7);
    }
  });

  it("starts with the time it was made, in milliseconds", () => {
    const before = Date.now();
    const ms = msOf(uuidv7());
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
    expect(msOf(uuidv7At(Date.UTC(2030, 0, 1)))).toBe(Date.UTC(2030, 0, 1));
  });

  it("sorts in the order the ids were made: 10,000 in a millisecond, and when the clock steps back", () => {
    const t = Date.UTC(2031, 0, 1);
    const ids = [
      ...Array.from({ length: 10_000 }, () => uuidv7At(t)),
      ...Array.from({ length: 100 }, () => uuidv7At(t - 5_000)),
      ...Array.from({ length: 100 }, () => uuidv7At(t + 60_000)),
    ];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("draws fresh random bits for every id, across the refills of its random pool (256 ids each)", () => {
    // Each at its own millisecond, so every id's counter and tail come from the pool.
    const tails = Array.from({ length: 2_000 }, (_, i) => uuidv7At(Date.UTC(2032, 0, 1) + i).slice(19));
    expect(new Set(tails).size).toBe(tails.length);
    const counters = Array.from({ length: 2_000 }, (_, i) =>
      uuidv7At(Date.UTC(2033, 0, 1) + i).slice(15, 18),
    );
    // 11 random bits each: 2,000 draws land on many values, not a repeating few.
    expect(new Set(counters).size).toBeGreaterThan(600);
  });
});
