/**
 * The hash chain. Each event's hash is SHA-256 over the RFC 8785 canonical JSON of its envelope,
 * prevHash included; the first event of a stream chains to GENESIS_HASH. The chain follows
 * versions (recording order), not the effective-date timeline.
 */
import { hash } from "node:crypto";
import canonicalize from "canonicalize";
import type { StoredEvent } from "./events.js";

export const GENESIS_HASH = "0".repeat(64);

export type Unsealed = Omit<StoredEvent, "hash">;

export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("value cannot be canonicalised");
  return text;
}

/** The hash of an envelope: every field but `hash` itself. */
export function hashOf(e: Unsealed): string {
  const { pairId, version, eventId, type, schemaVersion, data, recordedAt, recordedBy, prevHash } = e;
  return sha256Hex(
    canonicalJson({ pairId, version, eventId, type, schemaVersion, data, recordedAt, recordedBy, prevHash }),
  );
}

export function seal(e: Unsealed): StoredEvent {
  return { ...e, hash: hashOf(e) };
}

export type ChainBreak =
  | {
      readonly kind: "version-gap";
      readonly pairId: string;
      readonly version: number;
      readonly expected: number;
    }
  | {
      readonly kind: "prev-hash-mismatch";
      readonly pairId: string;
      readonly version: number;
      readonly expected: string;
      readonly found: string;
    }
  | {
      readonly kind: "hash-mismatch";
      readonly pairId: string;
      readonly version: number;
      readonly expected: string;
      readonly found: string;
    }
  | {
      readonly kind: "wrong-stream";
      readonly pairId: string;
      readonly version: number;
      readonly found: string;
    };

export function describeBreak(b: ChainBreak): string {
  switch (b.kind) {
    case "version-gap":
      return `${b.pairId} v${b.version}: expected version ${b.expected} (versions must be contiguous from 1)`;
    case "prev-hash-mismatch":
      return `${b.pairId} v${b.version}: prevHash ${b.found.slice(0, 12)}… does not equal the hash of v${b.version - 1} (${b.expected.slice(0, 12)}…)`;
    case "hash-mismatch":
      return `${b.pairId} v${b.version}: stored hash ${b.found.slice(0, 12)}… does not recompute (content hashes to ${b.expected.slice(0, 12)}…)`;
    case "wrong-stream":
      return `${b.pairId} v${b.version}: event belongs to stream ${b.found}`;
  }
}

export interface StreamVerification {
  readonly pairId: string;
  readonly events: number;
  readonly head?: { readonly version: number; readonly hash: string };
  readonly breaks: readonly ChainBreak[];
}

/** Verify one stream's events (sorted by version). Reports every break, not only the first. */
/** A field as text, whatever a crafted event put there (String() throws on some objects). */
const shown = (value: unknown): string =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));

export function verifyStream(pairId: string, events: readonly StoredEvent[]): StreamVerification {
  const breaks: ChainBreak[] = [];
  let prev = GENESIS_HASH;
  let expectedVersion = 1;
  for (const e of events) {
    // A crafted export may carry anything as a version: report it, never throw on it.
    const version = Number.isSafeInteger(e.version) ? e.version : Number.NaN;
    if (e.pairId !== pairId) breaks.push({ kind: "wrong-stream", pairId, version, found: shown(e.pairId) });
    if (version !== expectedVersion)
      breaks.push({ kind: "version-gap", pairId, version, expected: expectedVersion });
    if (e.prevHash !== prev)
      breaks.push({
        kind: "prev-hash-mismatch",
        pairId,
        version,
        expected: prev,
        found: shown(e.prevHash),
      });
    const recomputed = hashOf(e);
    if (recomputed !== e.hash)
      breaks.push({ kind: "hash-mismatch", pairId, version, expected: recomputed, found: shown(e.hash) });
    prev = e.hash;
    expectedVersion = (Number.isNaN(version) ? expectedVersion : version) + 1;
  }
  const last = events.at(-1);
  return { pairId, events: events.length, head: last && { version: last.version, hash: last.hash }, breaks };
}
