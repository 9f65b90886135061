import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  checkExtension,
  digestOf,
  digestProblems,
  leafHash,
  merkleRoot,
  type StreamHead,
} from "../../domain/index.js";

const h = (n: number) => n.toString(16).padStart(64, "0");
const head = (i: number, version = 1): StreamHead => ({
  pairId: `aa-city-${i}--bb-city-${i}`,
  version,
  hash: h(i),
});
const sha = (...parts: Buffer[]) => parts.reduce((x, p) => x.update(p), createHash("sha256")).digest();

describe("ledger digest (Merkle root over stream heads)", () => {
  it("hashes the empty ledger as SHA-256 of nothing, like RFC 6962", () => {
    expect(merkleRoot([])).toBe(sha().toString("hex"));
  });

  it("prefixes leaves with 0x00 over the canonical JSON of the head", () => {
    const x = head(1, 3);
    const expected = sha(
      Buffer.from([0]),
      Buffer.from(canonicalJson({ pairId: x.pairId, version: 3, hash: x.hash })),
    );
    expect(leafHash(x).equals(expected)).toBe(true);
    expect(merkleRoot([x])).toBe(expected.toString("hex"));
  });

  it("splits at the largest power of two below n and prefixes nodes with 0x01", () => {
    const [a, b, c] = [head(1), head(2), head(3)].map(leafHash) as [Buffer, Buffer, Buffer];
    const ab = sha(Buffer.from([1]), a, b);
    expect(merkleRoot([head(1), head(2), head(3)])).toBe(sha(Buffer.from([1]), ab, c).toString("hex"));
  });

  it("does not depend on the order heads are given in (sorted by pair id)", () => {
    const heads = Array.from({ length: 9 }, (_, i) => head(i));
    expect(merkleRoot([...heads].reverse())).toBe(merkleRoot(heads));
  });

  it("changes when any head's version or hash changes", () => {
    const heads = Array.from({ length: 5 }, (_, i) => head(i, 2));
    const root = merkleRoot(heads);
    expect(merkleRoot(heads.map((x, i) => (i === 3 ? { ...x, version: 1 } : x)))).not.toBe(root);
    expect(merkleRoot(heads.map((x, i) => (i === 3 ? { ...x, hash: h(99) } : x)))).not.toBe(root);
  });

  it("builds a digest with counts, time and the sorted heads, and finds nothing wrong with it", () => {
    const d = digestOf([head(2, 4), head(1, 2)], "2026-01-01T00:00:00.000Z");
    expect(d).toMatchObject({ formatVersion: 1, streams: 2, events: 6, takenAt: "2026-01-01T00:00:00.000Z" });
    expect(d.heads?.map((x) => x.pairId)).toEqual([head(1).pairId, head(2).pairId]);
    expect(digestProblems(d)).toEqual([]);
  });

  it("reports a digest whose heads were edited after it was taken", () => {
    const d = digestOf([head(1), head(2)], "2026-01-01T00:00:00.000Z");
    const edited = { ...d, heads: d.heads?.map((x) => ({ ...x, version: 9 })) };
    expect(digestProblems(edited)[0]).toMatch(/heads hash to root/);
  });

  it("says how a stream fails to extend its head at the digest", () => {
    const then = head(1, 3);
    expect(checkExtension(then, 0, () => undefined)?.kind).toBe("stream-missing");
    expect(checkExtension(then, 2, () => undefined)?.kind).toBe("head-missing");
    expect(checkExtension(then, 5, () => h(7))?.kind).toBe("head-hash-differs");
    expect(checkExtension(then, 5, () => then.hash)).toBeUndefined();
  });
});
