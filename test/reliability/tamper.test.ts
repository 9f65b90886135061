/**
 * Tamper detection as a property, over the memory event store's raw streams: any single
 * modification, deletion, swap or truncation of a stored stream is caught — by the hash chain
 * (verifyStream) alone, or, for what a chain cannot see (the newest events deleted, the head
 * rewritten and re-sealed), by comparing today's stream with a digest taken before
 * (domain/merkle.ts: digestOf + checkExtension).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkExtension,
  digestOf,
  hashOf,
  seal,
  verifyStream,
  type LedgerDigest,
  type StoredEvent,
} from "../../domain/index.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { OPERATOR, proposalCommand, registerCommand, testLedger } from "../support/builders.js";

const RUNS = Number(process.env.FC_RUNS ?? 1000);

let pristine: Map<string, StoredEvent[]>;
let digest: LedgerDigest;

beforeAll(async () => {
  const eventStore = createMemoryEventStore();
  const ledger = testLedger(eventStore, { clock: (n) => new Date(Date.UTC(2024, 0, 1, 0, 0, n)) });
  for (let p = 0; p < 3; p++) {
    const reg = await ledger.execute(undefined, registerCommand(p, "tamper"), { recordedBy: OPERATOR });
    if (!reg.ok) throw new Error(reg.error.code);
    for (let v = 0; v < 4 + p; v++)
      await ledger.execute(reg.value.pairId, proposalCommand(`t${p}-${v}`, `202${v}-0${p + 1}`), {
        recordedBy: OPERATOR,
      });
  }
  pristine = structuredClone(eventStore.streams);
  const heads = [...pristine.values()].map((s) => {
    const last = s.at(-1) as StoredEvent;
    return { pairId: last.pairId, version: last.version, hash: last.hash };
  });
  digest = digestOf(heads, "2024-01-02T00:00:00Z");
});

type Field =
  | "pairId"
  | "version"
  | "eventId"
  | "type"
  | "schemaVersion"
  | "data"
  | "recordedAt"
  | "recordedBy"
  | "prevHash"
  | "hash";
const FIELDS: Field[] = [
  "pairId",
  "version",
  "eventId",
  "type",
  "schemaVersion",
  "data",
  "recordedAt",
  "recordedBy",
  "prevHash",
  "hash",
];

type Tamper =
  | { kind: "modify"; at: number; field: Field; value: unknown; reseal: boolean }
  | { kind: "delete"; at: number }
  | { kind: "swap"; at: number; with: number }
  | { kind: "truncate"; keep: number }
  | { kind: "rewrite-all"; at: number; note: string };

const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constantFrom("0".repeat(64), "f".repeat(64), "established", "terminated", "__proto__"),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const tamperArb = (length: number): fc.Arbitrary<Tamper> =>
  fc.oneof(
    fc
      .record({ at: fc.nat({ max: length - 1 }), field: fc.constantFrom(...FIELDS), reseal: fc.boolean() })
      .chain(({ at, field, reseal }) =>
        // The store's key attributes keep their types (DynamoDB: pairId S, version N).
        (field === "version" ? fc.integer() : field === "pairId" ? fc.string() : anyValue).map((value) => ({
          kind: "modify" as const,
          at,
          field,
          value,
          reseal,
        })),
      ),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat({ max: length - 1 }) }),
    fc
      .tuple(fc.nat({ max: length - 1 }), fc.nat({ max: length - 1 }))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ kind: "swap" as const, at: a, with: b })),
    fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat({ max: length - 1 }) }),
    fc.record({
      kind: fc.constant("rewrite-all" as const),
      at: fc.nat({ max: length - 1 }),
      note: fc.string({ minLength: 1 }),
    }),
  );

/** Apply one tamper; undefined when it would change nothing (e.g. a field set to its own value). */
function apply(stream: readonly StoredEvent[], t: Tamper): StoredEvent[] | undefined {
  const s = structuredClone(stream) as StoredEvent[];
  switch (t.kind) {
    case "modify": {
      const e = s[t.at] as StoredEvent;
      if (JSON.stringify(e[t.field]) === JSON.stringify(t.value)) return undefined;
      const changed = { ...e, [t.field]: t.value } as StoredEvent;
      // An attacker who recomputes the hash of what they changed (the chain still breaks after it).
      s[t.at] = t.reseal && t.field !== "hash" ? seal(changed) : changed;
      return s;
    }
    case "delete":
      s.splice(t.at, 1);
      return s;
    case "swap": {
      const a = s[t.at] as StoredEvent;
      s[t.at] = s[t.with] as StoredEvent;
      s[t.with] = a;
      return s;
    }
    case "truncate":
      return s.slice(0, t.keep);
    case "rewrite-all": {
      // Rewrite one event's content and re-seal the whole chain after it: internally consistent.
      let prev = t.at === 0 ? "0".repeat(64) : (s[t.at - 1] as StoredEvent).hash;
      for (let i = t.at; i < s.length; i++) {
        const e = s[i] as StoredEvent;
        const data = i === t.at ? { ...e.data, note: `${String(e.data.note ?? "")}${t.note}` } : e.data;
        s[i] = seal({ ...e, data, prevHash: prev });
        prev = (s[i] as StoredEvent).hash;
      }
      return s;
    }
  }
}

/** Today's stream checked against the digest taken before: the head it saw must still be there. */
function digestBreak(pairId: string, today: readonly StoredEvent[]) {
  const then = digest.heads?.find((h) => h.pairId === pairId);
  if (!then) throw new Error(`no head for ${pairId}`);
  const current = today.at(-1)?.version ?? 0;
  return checkExtension(then, current, (v) => today.find((e) => e.version === v)?.hash);
}

describe("tamper detection", () => {
  it("verifies the untouched streams and their digest", () => {
    for (const [pairId, stream] of pristine) {
      expect(verifyStream(pairId, stream).breaks).toEqual([]);
      expect(digestBreak(pairId, stream)).toBeUndefined();
    }
  });

  it("detects any single modification, deletion, swap or truncation of a stored stream", () => {
    const pairIds = [...pristine.keys()];
    const arb = fc
      .constantFrom(...pairIds)
      .chain((pairId) =>
        tamperArb((pristine.get(pairId) as StoredEvent[]).length).map((t) => ({ pairId, t })),
      );
    fc.assert(
      fc.property(arb, ({ pairId, t }) => {
        const stream = pristine.get(pairId) as StoredEvent[];
        const tampered = apply(stream, t);
        fc.pre(tampered !== undefined);
        const chain = verifyStream(pairId, tampered as StoredEvent[]);
        const vsDigest = digestBreak(pairId, tampered as StoredEvent[]);
        expect(chain.breaks.length > 0 || vsDigest !== undefined, JSON.stringify(t)).toBe(true);
        // What the chain alone must catch: everything but losing or re-sealing the newest events.
        const last = stream.length - 1;
        const chainBlind =
          t.kind === "truncate" ||
          t.kind === "rewrite-all" ||
          (t.kind === "delete" && t.at === last) ||
          (t.kind === "modify" &&
            t.reseal &&
            t.at === last &&
            !["pairId", "version", "prevHash", "hash"].includes(t.field));
        if (!chainBlind) expect(chain.breaks.length, JSON.stringify(t)).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("detects the newest event deleted only against a digest (the chain alone cannot see it)", () => {
    const [pairId, stream] = [...pristine][0] as [string, StoredEvent[]];
    const truncated = stream.slice(0, -1);
    expect(verifyStream(pairId, truncated).breaks).toEqual([]);
    expect(digestBreak(pairId, truncated)).toMatchObject({ kind: "head-missing" });
  });

  it("reports a non-numeric version as a break instead of throwing", () => {
    const [pairId, stream] = [...pristine][0] as [string, StoredEvent[]];
    const bad = [{ ...stream[0], version: Object.create(null) } as StoredEvent];
    expect(verifyStream(pairId, bad).breaks.length).toBeGreaterThan(0);
  });

  it("recomputes every stored hash (the property's base case is real)", () => {
    for (const stream of pristine.values()) for (const e of stream) expect(hashOf(e)).toBe(e.hash);
  });
});
