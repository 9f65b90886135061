/**
 * The chain of published digests: each names the hash of the one published before it, so a
 * removed, inserted or reordered digest is detected; and each later ledger extends the earlier
 * one (every stream still there, every head at the same or a later version, the same head hash
 * where the version did not move). The newest digest has no successor to vouch for it: keep a
 * copy of the latest id somewhere else (a newsroom's notes) to detect that one being removed.
 */
import { digestHash, digestProblems, type LedgerDigest } from "../../domain/index.js";
import { type DigestArchive, digestIdOf } from "./digest-archive.js";

export interface ChainFinding {
  /** The digest id the finding is about. */
  readonly id: string;
  readonly kind:
    | "unreadable"
    | "unsound"
    | "misnamed"
    | "out-of-order"
    | "broken-link"
    | "stream-missing"
    | "head-moved-back"
    | "head-rewritten";
  readonly message: string;
}

export interface DigestChainVerification {
  readonly ok: boolean;
  readonly digests: number;
  readonly first?: string;
  readonly last?: string;
  readonly findings: readonly ChainFinding[];
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/** What in `later` fails to extend `earlier` (capped per pair of digests at `max`). */
function extensionFindings(id: string, earlier: LedgerDigest, later: LedgerDigest, max = 50): ChainFinding[] {
  const now = new Map((later.heads ?? []).map((h) => [h.pairId, h]));
  const out: ChainFinding[] = [];
  for (const then of earlier.heads ?? []) {
    if (out.length >= max) break;
    const h = now.get(then.pairId);
    if (!h)
      out.push({
        id,
        kind: "stream-missing",
        message: `${then.pairId}: gone (the previous digest saw v${then.version})`,
      });
    else if (h.version < then.version)
      out.push({
        id,
        kind: "head-moved-back",
        message: `${then.pairId}: head went back from v${then.version} to v${h.version} (events were deleted)`,
      });
    else if (h.version === then.version && h.hash !== then.hash)
      out.push({
        id,
        kind: "head-rewritten",
        message: `${then.pairId} v${h.version}: hash ${short(h.hash)} differs from the previous digest's ${short(then.hash)}`,
      });
  }
  return out;
}

/** Check one digest against the one before it (already read); the pure part of the walk. */
export function checkLink(
  id: string,
  digest: LedgerDigest,
  before?: { readonly id: string; readonly digest: LedgerDigest },
): ChainFinding[] {
  const findings: ChainFinding[] = digestProblems(digest).map((message) => ({
    id,
    kind: "unsound",
    message,
  }));
  if (digestIdOf(digest) !== id)
    findings.push({ id, kind: "misnamed", message: `it says it was taken ${digest.takenAt}, not at ${id}` });
  if (!before) return findings;
  if (digest.takenAt <= before.digest.takenAt)
    findings.push({
      id,
      kind: "out-of-order",
      message: `taken ${digest.takenAt}, not after the digest before it (${before.digest.takenAt})`,
    });
  const expected = digestHash(before.digest);
  if (!digest.previous)
    findings.push({
      id,
      kind: "broken-link",
      message: `it names no previous digest, but ${before.id} precedes it`,
    });
  else if (digest.previous.hash !== expected)
    findings.push({
      id,
      kind: "broken-link",
      message: `it names previous ${digest.previous.takenAt} (${short(digest.previous.hash)}), but the digest before it is ${before.id} (${short(expected)}): a digest was removed, inserted or reordered`,
    });
  findings.push(...extensionFindings(id, before.digest, digest));
  return findings;
}

/** Walk every digest of an archive, oldest first, holding two at a time. */
export async function verifyDigestChain(
  archive: DigestArchive,
  options: { readonly onDigest?: (index: number, total: number) => void } = {},
): Promise<DigestChainVerification> {
  const ids = await archive.list();
  const findings: ChainFinding[] = [];
  let before: { id: string; digest: LedgerDigest } | undefined;
  for (const [i, id] of ids.entries()) {
    options.onDigest?.(i, ids.length);
    let digest: LedgerDigest | undefined;
    try {
      digest = await archive.get(id);
    } catch (e) {
      findings.push({ id, kind: "unreadable", message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (!digest) {
      findings.push({ id, kind: "unreadable", message: "listed but not readable" });
      continue;
    }
    if (i === 0 && digest.previous)
      findings.push({
        id,
        kind: "broken-link",
        message: `the oldest digest here names a previous one (${digest.previous.takenAt}) that is not here`,
      });
    findings.push(...checkLink(id, digest, before));
    before = { id, digest };
  }
  return {
    ok: findings.length === 0,
    digests: ids.length,
    ...(ids[0] ? { first: ids[0] } : {}),
    ...(ids.at(-1) ? { last: ids.at(-1) } : {}),
    findings,
  };
}
