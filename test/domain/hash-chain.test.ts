/** The hash chain: genesis, canonical JSON, sealing, verification and tamper detection. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  canonicalJson,
  hashOf,
  seal,
  sha256Hex,
  verifyStream,
  type StoredEvent,
} from "../../domain/index.js";
import { PAIR_ID, est, ev, history } from "../support/builders.js";

function chain(pairId = PAIR_ID): StoredEvent[] {
  let prevHash = GENESIS_HASH;
  return history(
    [est("1997"), ev("suspended", "2022-03-01", { condition: "until peace" }), ev("retained", "2022-06")],
    pairId,
  ).map((e) => {
    const sealed = seal({
      ...e,
      schemaVersion: e.type === "suspended" ? 2 : 1,
      data: e.data as Record<string, unknown>,
      prevHash,
    });
    prevHash = sealed.hash;
    return sealed;
  });
}

describe("canonical JSON (RFC 8785)", () => {
  it("does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: "x" } })).toBe(
      canonicalJson({ a: { c: "x", d: [1, 2] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("leaves out undefined fields, as the stores do", () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it("hashes the same envelope the same way whatever its key order", () => {
    const [first] = chain();
    const { hash, ...unsealed } = first as StoredEvent;
    const reordered = Object.fromEntries(Object.entries(unsealed).reverse()) as typeof unsealed;
    expect(hashOf(reordered)).toBe(hash);
  });
});

describe("the chain", () => {
  it("starts at the genesis hash, 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
    expect(chain()[0]?.prevHash).toBe(GENESIS_HASH);
  });

  it("links each event to the hash of the one before", () => {
    const events = chain();
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
  });

  it("hashes SHA-256 over the canonical envelope including prevHash", () => {
    const [first] = chain();
    const { hash, ...rest } = first as StoredEvent;
    expect(hash).toBe(sha256Hex(canonicalJson(rest)));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verifies an untouched stream", () => {
    const events = chain();
    const v = verifyStream(PAIR_ID, events);
    expect(v.breaks).toEqual([]);
    expect(v.head).toEqual({ version: 3, hash: events[2]?.hash });
  });

  it("detects an edited field", () => {
    const events = chain();
    const tampered = events.map((e) =>
      e.version === 2 ? { ...e, data: { ...e.data, effectiveDate: "2022-04-01" } } : e,
    );
    expect(verifyStream(PAIR_ID, tampered).breaks).toEqual([
      expect.objectContaining({ kind: "hash-mismatch", version: 2 }),
    ]);
  });

  it("detects a rewritten event whose hash was recomputed (the next link breaks)", () => {
    const events = chain();
    const rewritten = events.map((e) => (e.version === 2 ? seal({ ...e, recordedBy: "mallory" }) : e));
    expect(verifyStream(PAIR_ID, rewritten).breaks).toEqual([
      expect.objectContaining({ kind: "prev-hash-mismatch", version: 3 }),
    ]);
  });

  it("detects a deleted event in the middle", () => {
    const events = chain();
    const kinds = verifyStream(PAIR_ID, [events[0], events[2]] as StoredEvent[]).breaks.map((b) => b.kind);
    expect(kinds).toEqual(["version-gap", "prev-hash-mismatch"]);
  });

  it("detects an event of another stream", () => {
    const foreign = chain("ru-tula--us-ny-albany");
    expect(verifyStream(PAIR_ID, foreign).breaks.map((b) => b.kind)).toContain("wrong-stream");
  });

  it("hashes as SHA-256 over UTF-8 (the one-shot hash is the streaming one)", () => {
    for (const text of ["", "abc", "é ☃ 𝄞"])
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });
});
