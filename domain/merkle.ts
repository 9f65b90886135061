/**
 * The ledger digest: a Merkle root (SHA-256, RFC 6962 leaf/node prefixes) over every stream head,
 * sorted by pair id. Published outside the events table, it makes a rewrite of the whole table or
 * the deletion of the newest events detectable later: the heads it lists must still be there.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "./hash-chain.js";

export const DIGEST_FORMAT_VERSION = 1;

/** The head of one stream: its highest version and that event's hash. */
export interface StreamHead {
  readonly pairId: string;
  readonly version: number;
  readonly hash: string;
}

export interface LedgerDigest {
  readonly formatVersion: number;
  /** Hex SHA-256 Merkle root over the heads (sorted by pairId). */
  readonly root: string;
  readonly streams: number;
  readonly events: number;
  /** ISO instant. */
  readonly takenAt: string;
  /** The heads the root was computed from, so a later verification can check each one. */
  readonly heads?: readonly StreamHead[];
  /**
   * The digest published before this one: its `takenAt` and its digestHash. Absent on the first
   * digest (and on digests taken but not published), so removing or reordering a published digest
   * breaks the chain.
   */
  readonly previous?: { readonly takenAt: string; readonly hash: string };
}

const sha256 = (...parts: Buffer[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 6962: leaf = SHA-256(0x00 || data); the data is the canonical JSON of the head. */
export function leafHash(head: StreamHead): Buffer {
  const { pairId, version, hash } = head;
  return sha256(Buffer.from([0]), Buffer.from(canonicalJson({ pairId, version, hash }), "utf8"));
}

/** RFC 6962: node = SHA-256(0x01 || left || right). */
export const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

/** Largest power of two strictly below n (n ≥ 2). */
const splitPoint = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

function treeHash(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = splitPoint(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

export const byPairId = (a: StreamHead, b: StreamHead) =>
  a.pairId < b.pairId ? -1 : a.pairId > b.pairId ? 1 : 0;

/** The Merkle root (hex) over heads, sorted by pairId first; the empty ledger hashes the empty string. */
export function merkleRoot(heads: readonly StreamHead[]): string {
  return treeHash([...heads].sort(byPairId).map(leafHash)).toString("hex");
}

/** A digest of the given heads; `events` is what was counted (defaults to the sum of head versions). */
export function digestOf(
  heads: readonly StreamHead[],
  takenAt: string,
  options: {
    readonly events?: number;
    readonly includeHeads?: boolean;
    readonly previous?: LedgerDigest["previous"];
  } = {},
): LedgerDigest {
  const sorted = [...heads].sort(byPairId).map(({ pairId, version, hash }) => ({ pairId, version, hash }));
  return {
    formatVersion: DIGEST_FORMAT_VERSION,
    root: merkleRoot(sorted),
    streams: sorted.length,
    events: options.events ?? sorted.reduce((n, h) => n + h.version, 0),
    takenAt,
    ...(options.includeHeads === false ? {} : { heads: sorted }),
    ...(options.previous ? { previous: options.previous } : {}),
  };
}

/** What is wrong with a digest document itself (its heads do not give its root or counts). */
export function digestProblems(d: LedgerDigest): string[] {
  const problems: string[] = [];
  if (d.formatVersion !== DIGEST_FORMAT_VERSION)
    problems.push(`unknown digest format version ${d.formatVersion}`);
  if (!d.heads)
    return [...problems, "the digest lists no heads, so its streams cannot be checked one by one"];
  const root = merkleRoot(d.heads);
  if (root !== d.root)
    problems.push(`the heads hash to root ${root.slice(0, 12)}…, not the digest's ${d.root.slice(0, 12)}…`);
  if (d.heads.length !== d.streams)
    problems.push(`the digest lists ${d.heads.length} heads but says ${d.streams} streams`);
  const ids = new Set(d.heads.map((h) => h.pairId));
  if (ids.size !== d.heads.length) problems.push("the digest lists a stream twice");
  return problems;
}

/** Why the ledger today does not extend the ledger at a digest, one finding per stream. */
export type ExtensionBreak =
  | { readonly kind: "stream-missing"; readonly pairId: string; readonly version: number }
  | {
      readonly kind: "head-missing";
      readonly pairId: string;
      readonly version: number;
      readonly current: number;
    }
  | {
      readonly kind: "head-hash-differs";
      readonly pairId: string;
      readonly version: number;
      readonly expected: string;
      readonly found: string;
    };

export function describeExtensionBreak(b: ExtensionBreak): string {
  switch (b.kind) {
    case "stream-missing":
      return `${b.pairId}: the stream is gone (the digest saw it at v${b.version})`;
    case "head-missing":
      return `${b.pairId}: the digest saw v${b.version} but the stream ends at v${b.current} (events were deleted)`;
    case "head-hash-differs":
      return `${b.pairId} v${b.version}: hash ${b.found.slice(0, 12)}… differs from the digest's ${b.expected.slice(0, 12)}… (history was rewritten)`;
  }
}

/**
 * Does a stream today extend its head at the digest? `hashAt(version)` gives today's hash of that
 * version (undefined when absent); `current` is today's head version (0 when the stream is gone).
 * The caller also verifies today's chain, which ties every later event to this one.
 */
export function checkExtension(
  then: StreamHead,
  current: number,
  hashAt: (version: number) => string | undefined,
): ExtensionBreak | undefined {
  if (current === 0) return { kind: "stream-missing", pairId: then.pairId, version: then.version };
  const found = hashAt(then.version);
  if (found === undefined || current < then.version)
    return { kind: "head-missing", pairId: then.pairId, version: then.version, current };
  if (found !== then.hash)
    return {
      kind: "head-hash-differs",
      pairId: then.pairId,
      version: then.version,
      expected: then.hash,
      found,
    };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Inclusion proofs (RFC 9162 §2.1.3): the sibling hashes from one leaf up to the root.

/** PATH(m, D[n]) of RFC 9162: the audit path of leaf `index` among `leaves` (left to right). */
function pathOf(index: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return index < k
    ? [...pathOf(index, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...pathOf(index - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

/** Where one head sits in a digest's tree and the sibling hashes (hex) that lead to its root. */
export interface InclusionPath {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly path: readonly string[];
}

/** The audit path of `pairId`'s head among `heads` (any order), or undefined when it is not there. */
export function inclusionPath(heads: readonly StreamHead[], pairId: string): InclusionPath | undefined {
  const sorted = [...heads].sort(byPairId);
  const leafIndex = sorted.findIndex((h) => h.pairId === pairId);
  if (leafIndex < 0) return undefined;
  const path = pathOf(leafIndex, sorted.map(leafHash)).map((b) => b.toString("hex"));
  return { leafIndex, treeSize: sorted.length, path };
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The root (hex) that `head` and its audit path lead to (RFC 9162 §2.1.3.2), or a sentence saying
 * why the path cannot be one: an index outside the tree, too many or too few siblings, a sibling
 * that is not a SHA-256 hash.
 */
export function rootFromPath(
  head: StreamHead,
  p: InclusionPath,
): { readonly root: string } | { readonly problem: string } {
  const { leafIndex, treeSize, path } = p;
  if (
    !Number.isSafeInteger(leafIndex) ||
    !Number.isSafeInteger(treeSize) ||
    leafIndex < 0 ||
    leafIndex >= treeSize
  )
    return { problem: `leaf index ${leafIndex} is outside a tree of ${treeSize} heads` };
  const bad = path.findIndex((h) => typeof h !== "string" || !HEX64.test(h));
  if (bad >= 0) return { problem: `sibling ${bad + 1} of the path is not a SHA-256 hash` };
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash(head);
  for (const sibling of path) {
    if (sn === 0) return { problem: `the path has more siblings than a tree of ${treeSize} heads needs` };
    const s = Buffer.from(sibling, "hex");
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(s, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = nodeHash(r, s);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  if (sn !== 0) return { problem: `the path has fewer siblings than a tree of ${treeSize} heads needs` };
  return { root: r.toString("hex") };
}

// ---------------------------------------------------------------------------------------------
// The chain of digests: each published digest names the hash of the one before it.

/** SHA-256 (hex) of a digest document's canonical JSON: what the next digest names as `previous`. */
export function digestHash(d: LedgerDigest): string {
  return createHash("sha256").update(canonicalJson(d), "utf8").digest("hex");
}
