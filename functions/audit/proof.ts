/**
 * Inclusion proofs: one pair's events, its head, and the audit path from that head to the Merkle
 * root of a published digest. Small (O(log n) sibling hashes) and checkable offline: the chain
 * from the first event to the head, the head's path to the root, the root against a digest file
 * the checker fetched independently. Built from the digest's own heads, so making one reads one
 * stream, never the whole table.
 */
import { once } from "../shared/once.js";
import * as z from "zod";
import {
  describeBreak,
  digestProblems,
  inclusionPath,
  rootFromPath,
  verifyStream,
  type LedgerDigest,
  type StoredEvent,
} from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";

export const PROOF_FORMAT = "sister-city-ledger/inclusion-proof";
export const PROOF_FORMAT_VERSION = 1;

/**
 * A proof document (what `ledger proof` writes and GET /audit/pairs/{pairId}/proof answers). Built
 * on first use: only a proof's verification reads it, and the HTTP function's cold start need not.
 */
const proofSchema = () => {
  const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hash (64 lowercase hex digits)");
  return z.object({
    format: z.literal(PROOF_FORMAT),
    formatVersion: z.literal(PROOF_FORMAT_VERSION),
    pairId: z.string(),
    /** Every event of the pair up to the head, as stored (the hashes cover them; re-checkable). */
    events: z.array(z.looseObject({ version: z.unknown(), hash: z.unknown(), prevHash: z.unknown() })),
    head: z.object({ pairId: z.string(), version: z.number().int().positive(), hash: Hex64 }),
    leafIndex: z.number().int().nonnegative(),
    treeSize: z.number().int().positive(),
    path: z.array(z.string()),
    /** The digest the head is anchored in, without its list of heads. */
    digest: z.looseObject({
      id: z.string(),
      formatVersion: z.number().int(),
      root: Hex64,
      takenAt: z.string(),
      streams: z.number().int().nonnegative(),
      events: z.number().int().nonnegative(),
    }),
  });
};
const InclusionProofSchema = once(proofSchema);
export type InclusionProof = z.infer<ReturnType<typeof proofSchema>>;

export type ProofRefusal =
  | { readonly kind: "pair-not-found"; readonly message: string }
  | { readonly kind: "pair-not-in-digest"; readonly message: string }
  | { readonly kind: "ledger-diverged"; readonly message: string };

/**
 * The proof that `pairId`'s head at the digest is in the digest's root. Refused when the pair has
 * no events, when the digest predates it, or when today's stream no longer holds the head the
 * digest saw (then the ledger was rewritten since: `ledger verify --against` says more).
 */
export async function buildProof(
  store: EventStore,
  published: { readonly id: string; readonly digest: LedgerDigest },
  pairId: string,
): Promise<{ readonly proof: InclusionProof } | { readonly refused: ProofRefusal }> {
  const { id, digest } = published;
  const heads = digest.heads ?? [];
  const events = await store.readStream(pairId);
  const head = heads.find((h) => h.pairId === pairId);
  if (!head) {
    if (events.length === 0)
      return { refused: { kind: "pair-not-found", message: `no events for ${pairId}` } };
    return {
      refused: {
        kind: "pair-not-in-digest",
        message: `${pairId} is not in the digest ${id} (taken ${digest.takenAt}); its first event was recorded ${events[0]?.recordedAt}: ask for a later digest`,
      },
    };
  }
  const upToHead = events.filter((e) => e.version <= head.version);
  const last = upToHead.at(-1);
  if (!last || last.version !== head.version || last.hash !== head.hash)
    return {
      refused: {
        kind: "ledger-diverged",
        message: `the events of ${pairId} today do not reach the head the digest ${id} saw (v${head.version} ${head.hash.slice(0, 12)}…): the ledger was changed since`,
      },
    };
  const path = inclusionPath(heads, pairId);
  if (!path) throw new Error(`unreachable: ${pairId} is among the heads`);
  const { heads: _heads, ...anchor } = digest;
  return {
    proof: {
      format: PROOF_FORMAT,
      formatVersion: PROOF_FORMAT_VERSION,
      pairId,
      events: upToHead as unknown as InclusionProof["events"],
      head: { pairId, version: head.version, hash: head.hash },
      leafIndex: path.leafIndex,
      treeSize: path.treeSize,
      path: [...path.path],
      digest: { id, ...anchor },
    },
  };
}

/** One check of a proof: what was checked and, when it failed, what is wrong. */
export interface ProofCheck {
  readonly check: "format" | "chain" | "head" | "path" | "digest";
  readonly ok: boolean;
  readonly message: string;
}

export interface ProofVerification {
  readonly ok: boolean;
  readonly pairId?: string;
  readonly checks: readonly ProofCheck[];
  /** True when the anchor was checked against a digest the caller supplied. */
  readonly independent: boolean;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

function checkChain(p: InclusionProof): ProofCheck[] {
  const events = p.events as unknown as StoredEvent[];
  const v = verifyStream(p.pairId, events);
  const chain: ProofCheck =
    v.breaks.length === 0 && events.length > 0
      ? {
          check: "chain",
          ok: true,
          message: `${events.length} events chain from v1 (genesis) to v${v.head?.version}, every hash recomputed`,
        }
      : {
          check: "chain",
          ok: false,
          message:
            events.length === 0 ? "the proof carries no events" : v.breaks.map(describeBreak).join("; "),
        };
  const { head } = p;
  const last = v.head;
  const headCheck: ProofCheck =
    head.pairId !== p.pairId
      ? { check: "head", ok: false, message: `the head names pair ${head.pairId}, not ${p.pairId}` }
      : !last || last.version !== head.version || last.hash !== head.hash
        ? {
            check: "head",
            ok: false,
            message: `the head (v${head.version} ${short(head.hash)}) is not the last event (v${last?.version} ${short(String(last?.hash))})`,
          }
        : { check: "head", ok: true, message: `the head is v${head.version} ${short(head.hash)}` };
  return [chain, headCheck];
}

function checkPath(p: InclusionProof): ProofCheck {
  const r = rootFromPath(p.head, p);
  if ("problem" in r) return { check: "path", ok: false, message: r.problem };
  if (p.treeSize !== p.digest.streams)
    return {
      check: "path",
      ok: false,
      message: `the path is for a tree of ${p.treeSize} heads but the digest has ${p.digest.streams} streams`,
    };
  if (r.root !== p.digest.root)
    return {
      check: "path",
      ok: false,
      message: `the head's path (${p.path.length} siblings) leads to root ${short(r.root)}, not the digest's root ${short(p.digest.root)}`,
    };
  return {
    check: "path",
    ok: true,
    message: `the head's path (${p.path.length} sibling hashes, leaf ${p.leafIndex} of ${p.treeSize}) leads to root ${short(r.root)}`,
  };
}

function checkAnchor(p: InclusionProof, given: LedgerDigest): ProofCheck[] {
  const checks: ProofCheck[] = [];
  const problems = digestProblems(given);
  if (problems.length > 0)
    checks.push({
      check: "digest",
      ok: false,
      message: `the given digest is not sound: ${problems.join("; ")}`,
    });
  const listed = given.heads?.find((h) => h.pairId === p.pairId);
  if (!listed && given.takenAt !== p.digest.takenAt) {
    const first = (p.events[0] as { recordedAt?: unknown } | undefined)?.recordedAt;
    const predates = typeof first === "string" && given.takenAt < first;
    checks.push({
      check: "digest",
      ok: false,
      message: predates
        ? `the given digest (taken ${given.takenAt}) predates the pair: its first event was recorded ${first}; use a digest taken after that`
        : `the given digest (taken ${given.takenAt}) lists no head for ${p.pairId}: a digest taken before the pair was registered has none; use the digest the proof names (taken ${p.digest.takenAt}) or a later one`,
    });
    return checks;
  }
  if (given.root !== p.digest.root || given.takenAt !== p.digest.takenAt)
    checks.push({
      check: "digest",
      ok: false,
      message: `the proof is anchored in the digest taken ${p.digest.takenAt} (root ${short(p.digest.root)}), not in the given digest taken ${given.takenAt} (root ${short(given.root)})`,
    });
  else if (listed && (listed.version !== p.head.version || listed.hash !== p.head.hash))
    checks.push({
      check: "digest",
      ok: false,
      message: `the given digest lists ${p.pairId} at v${listed.version} ${short(listed.hash)}, not the proof's head v${p.head.version} ${short(p.head.hash)}`,
    });
  else if (problems.length === 0)
    checks.push({
      check: "digest",
      ok: true,
      message: `the root is the given digest's (taken ${given.takenAt}, ${given.streams} streams)`,
    });
  return checks;
}

/** Check a proof document offline; with `given`, also against an independently fetched digest. */
export function verifyProof(document: unknown, given?: LedgerDigest): ProofVerification {
  const parsed = InclusionProofSchema().safeParse(document);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`)
      .join("; ");
    return {
      ok: false,
      independent: false,
      checks: [{ check: "format", ok: false, message: `not an inclusion proof (${PROOF_FORMAT}): ${where}` }],
    };
  }
  const p = parsed.data;
  const checks = [...checkChain(p), checkPath(p), ...(given ? checkAnchor(p, given) : [])];
  return { ok: checks.every((c) => c.ok), pairId: p.pairId, checks, independent: given !== undefined };
}

/** The verification as lines a person reads (✓ or ✕ per check). */
export function formatProofVerification(v: ProofVerification): string {
  const lines = v.checks.map((c) => `${c.ok ? "✓" : "✕"} ${c.check}: ${c.message}`);
  const verdict = v.ok
    ? v.independent
      ? `${v.pairId}: the proof holds against the given digest`
      : `${v.pairId}: the proof holds, but against the digest it carries itself; pass --digest <file> with a digest you fetched independently`
    : `${v.pairId ?? "proof"}: the proof does NOT hold`;
  return [...lines, verdict].join("\n");
}
