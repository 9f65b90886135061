/**
 * The replay's document comparison and read-ahead: sameJson never calls two documents equal when
 * their canonical texts differ (a changed stored document is always found), and the read-ahead
 * reads each prefetched document once, the rest in shared batches.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, docOf, toDomainEvent, type PairDoc } from "../../domain/index.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { prefetchedDocs, sameDoc, sameJson } from "../../functions/audit/replay-docs.js";
import { buildStreams } from "../support/builders.js";

const canonicalOrThrow = (v: unknown) => {
  try {
    return canonicalJson(v);
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};

/** Two values often alike: the second a copy of the first, sometimes changed somewhere. */
const json = fc.jsonValue({ maxDepth: 4 });
const pairOfValues = fc.oneof(
  fc.tuple(json, json),
  json.map((v) => [v, structuredClone(v)] as const),
  fc.tuple(json, fc.nat(), json).map(([v, n, other]) => [v, mutate(structuredClone(v), n, other)] as const),
);

/** Change the n-th place of a value (counting depth-first) to `other`, or add/drop a member. */
function mutate(value: unknown, n: number, other: unknown): unknown {
  let seen = 0;
  const walk = (v: unknown): unknown => {
    if (seen++ === n % 50) return other;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      if (seen === n % 7) out[`extra${n}`] = undefined; // an undefined member: still the same JSON
      return out;
    }
    return v;
  };
  return walk(value);
}

describe("sameJson", () => {
  it("says equal only when the canonical texts are equal (or the values deep-equal)", () => {
    fc.assert(
      fc.property(pairOfValues, ([a, b]) => {
        if (sameJson(a, b))
          expect(canonicalOrThrow(a) === canonicalOrThrow(b) || isDeepStrictEqual(a, b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("finds copies equal, whatever the key order and undefined members", () => {
    expect(sameJson({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1, d: undefined })).toBe(true);
    expect(sameJson([1, undefined], [1, null])).toBe(false); // the canonical text decides that one
    const holed: unknown[] = [1];
    holed[2] = 3;
    expect(sameJson(holed, [1, undefined, 3])).toBe(false);
    expect(sameJson(new Date(0), new Date(0))).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: 1 }, [1])).toBe(false);
  });

  it("finds every single changed field of replayed documents", async () => {
    const streams = await buildStreams(20, 5, "same");
    for (const events of streams.values()) {
      const doc = docOf(events.map(toDomainEvent)) as PairDoc;
      const stored = structuredClone(doc);
      expect(sameDoc(stored, doc)).toBe(true);
      const paths: string[][] = [];
      const collect = (v: unknown, path: string[]) => {
        if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) collect(x, [...path, k]);
        else paths.push(path);
      };
      collect(doc, []);
      for (const path of paths) {
        const changed = structuredClone(doc) as unknown as Record<string, unknown>;
        let at = changed;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
        const last = path.at(-1) as string;
        at[last] = typeof at[last] === "number" ? (at[last] as number) + 1 : `${String(at[last])}!`;
        expect(sameDoc(changed as unknown as PairDoc, doc)).toBe(false);
      }
    }
  });
});

describe("prefetchedDocs", () => {
  it("reads prefetched documents 100 at a time, hands each over once, and reads the rest in batches", async () => {
    const readModel = createMemoryReadModel();
    const streams = await buildStreams(250, 1, "ahead");
    const docs = [...streams.values()].map((events) => docOf(events.map(toDomainEvent)) as PairDoc);
    for (const d of docs) await readModel.save(d, undefined);
    const asked: number[] = [];
    const counted = {
      ...readModel,
      getMany: (ids: readonly string[]) => {
        asked.push(ids.length);
        return readModel.getMany(ids);
      },
    };
    const ahead = prefetchedDocs(counted);
    const ids = docs.map((d) => d.view.pairId);
    ahead.prefetch([...ids.slice(0, 230), ...ids.slice(0, 10)]);
    expect(asked).toEqual([100, 100, 30]);
    for (const [i, id] of ids.slice(0, 230).entries()) expect(await ahead.take(id)).toEqual(docs[i]);
    // The 20 never prefetched, asked in the same turn: one shared batch.
    expect(await Promise.all(ids.slice(230).map((id) => ahead.take(id)))).toEqual(docs.slice(230));
    expect(asked).toEqual([100, 100, 30, 20]);
    expect(await ahead.take(ids[0] as string)).toEqual(docs[0]); // taken before: read again
    expect(await ahead.take("no-such-pair")).toBeUndefined();
  });
});
