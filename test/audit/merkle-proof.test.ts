/** Inclusion proofs over the digest's Merkle tree (RFC 9162 audit paths) and the digest chain hash. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  digestHash,
  digestOf,
  inclusionPath,
  merkleRoot,
  rootFromPath,
  type StreamHead,
} from "../../domain/index.js";

const h = (n: number) => n.toString(16).padStart(64, "0");
const head = (i: number, version = 1): StreamHead => ({
  pairId: `aa-city-${String(i).padStart(5, "0")}--bb-city`,
  version,
  hash: h(i + 1),
});
const heads = (n: number) => Array.from({ length: n }, (_, i) => head(i, (i % 7) + 1));

describe("inclusion proofs", () => {
  it("leads every head of trees of 1 to 70 heads to the root", () => {
    for (let n = 1; n <= 70; n++) {
      const all = heads(n);
      const root = merkleRoot(all);
      for (const x of all) {
        const p = inclusionPath(all, x.pairId);
        expect(p).toBeDefined();
        expect(rootFromPath(x, p as NonNullable<typeof p>)).toEqual({ root });
      }
    }
  });

  it("needs at most 15 sibling hashes at 20,000 heads", () => {
    const all = heads(20_000);
    const p = inclusionPath(all, head(12_345).pairId);
    expect(p?.path.length).toBeLessThanOrEqual(15);
    expect(p?.treeSize).toBe(20_000);
    expect(rootFromPath(all[12_345] as StreamHead, p as NonNullable<typeof p>)).toEqual({
      root: merkleRoot(all),
    });
  });

  it("has no path for a pair the heads do not list", () => {
    expect(inclusionPath(heads(5), "zz-nowhere--zz-elsewhere")).toBeUndefined();
  });

  it("refuses a path with a sibling, the index or the head changed (the size is checked against the digest's count)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.nat(), fc.nat(), (n, i, j) => {
        const all = heads(n);
        const x = all[i % n] as StreamHead;
        const p = inclusionPath(all, x.pairId) as NonNullable<ReturnType<typeof inclusionPath>>;
        const root = merkleRoot(all);
        const k = j % p.path.length;
        const flipped = p.path.map((s, idx) => (idx === k ? `${s[0] === "0" ? "1" : "0"}${s.slice(1)}` : s));
        const outcomes = [
          rootFromPath(x, { ...p, path: flipped }),
          rootFromPath({ ...x, version: x.version + 1 }, p),
          rootFromPath(x, { ...p, leafIndex: (p.leafIndex + 1) % n }),
        ];
        for (const o of outcomes) expect("root" in o && o.root === root).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("names a path that is too long, too short, outside the tree or not made of hashes", () => {
    const all = heads(8);
    const x = all[3] as StreamHead;
    const p = inclusionPath(all, x.pairId) as NonNullable<ReturnType<typeof inclusionPath>>;
    expect(rootFromPath(x, { ...p, path: [...p.path, h(1)] })).toEqual({
      problem: expect.stringMatching(/more siblings/),
    });
    expect(rootFromPath(x, { ...p, path: p.path.slice(1) })).toEqual({
      problem: expect.stringMatching(/fewer siblings/),
    });
    expect(rootFromPath(x, { ...p, leafIndex: 8 })).toEqual({ problem: expect.stringMatching(/outside/) });
    expect(rootFromPath(x, { ...p, path: ["xyz", ...p.path.slice(1)] })).toEqual({
      problem: expect.stringMatching(/sibling 1 .* not a SHA-256/),
    });
  });
});

describe("the digest chain hash", () => {
  it("changes with any field of the digest, its previous link included", () => {
    const d = digestOf(heads(3), "2026-11-28T21:00:00.000Z");
    const base = digestHash(d);
    expect(digestHash({ ...d })).toBe(base);
    expect(digestHash({ ...d, takenAt: "2026-11-28T21:00:00.001Z" })).not.toBe(base);
    expect(digestHash({ ...d, previous: { takenAt: "2026-11-28T20:00:00.000Z", hash: h(9) } })).not.toBe(
      base,
    );
  });
});
