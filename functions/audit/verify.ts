/**
 * Verification of the hash chain: one pair (a consistent read of its stream) or the whole ledger
 * (a parallel scan), optionally against an earlier digest to prove the ledger today extends it.
 */
import {
  checkExtension,
  describeBreak,
  describeExtensionBreak,
  digestOf,
  digestProblems,
  verifyStream,
  type ChainBreak,
  type ExtensionBreak,
  type LedgerDigest,
  type StreamHead,
} from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { scanStreams, type ScanProgress } from "./stream-scan.js";

/** A finding, with a sentence a person can act on. */
export type Finding = (
  | ChainBreak
  | ExtensionBreak
  | { readonly kind: "digest-invalid"; readonly pairId?: undefined }
) & {
  readonly message: string;
};

export const chainFinding = (b: ChainBreak): Finding => ({ ...b, message: describeBreak(b) });
export const extensionFinding = (b: ExtensionBreak): Finding => ({
  ...b,
  message: describeExtensionBreak(b),
});

export interface PairVerification {
  readonly pairId: string;
  readonly ok: boolean;
  readonly events: number;
  readonly head?: StreamHead;
  readonly breaks: readonly Finding[];
}

export async function verifyPair(store: EventStore, pairId: string): Promise<PairVerification> {
  const events = await store.readStream(pairId);
  const v = verifyStream(pairId, events);
  return {
    pairId,
    ok: v.breaks.length === 0,
    events: v.events,
    ...(v.head ? { head: { pairId, ...v.head } } : {}),
    breaks: v.breaks.map(chainFinding),
  };
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly streams: number;
  readonly events: number;
  /** Chain breaks, then (with a digest) what the ledger lost or rewrote since. */
  readonly findings: readonly Finding[];
  /** The digest of the ledger as it is now. */
  readonly digest: LedgerDigest;
  /** With --against: the digest that was checked and how many of its streams were. */
  readonly against?: { readonly takenAt: string; readonly root: string; readonly streams: number };
  readonly durationMs: number;
}

export interface VerifyLedgerOptions {
  readonly segments?: number;
  readonly maxEvents?: number;
  /** Prove that the ledger today extends the ledger at this digest. */
  readonly against?: LedgerDigest;
  readonly clock?: () => Date;
  readonly onProgress?: (p: ScanProgress) => void;
  /** Keep the heads in the returned digest (to publish it after a clean verification). */
  readonly includeHeads?: boolean;
}

interface VerifyAcc {
  findings: Finding[];
  heads: StreamHead[];
  seenFromDigest: string[];
}

export async function verifyLedger(
  store: EventStore,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerification> {
  const clock = options.clock ?? (() => new Date());
  const started = Date.now();
  const then = new Map((options.against?.heads ?? []).map((h) => [h.pairId, h]));
  const digestIssues = options.against ? digestProblems(options.against) : [];
  const result = await scanStreams<VerifyAcc>(
    store,
    {
      initial: () => ({ findings: [], heads: [], seenFromDigest: [] }),
      ...(options.segments ? { segments: options.segments } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    ({ pairId, events }, acc) => {
      const v = verifyStream(pairId, events);
      acc.findings.push(...v.breaks.map(chainFinding));
      if (v.head) acc.heads.push({ pairId, ...v.head });
      const old = then.get(pairId);
      if (old) {
        acc.seenFromDigest.push(pairId);
        const last = events.at(-1)?.version ?? 0;
        const broken = checkExtension(
          old,
          last,
          (version) => events.find((e) => e.version === version)?.hash,
        );
        if (broken) acc.findings.push(extensionFinding(broken));
      }
    },
  );
  const findings: Finding[] = digestIssues.map((message) => ({ kind: "digest-invalid", message }));
  const seen = new Set<string>();
  for (const s of result.segments) {
    findings.push(...s.acc.findings);
    for (const id of s.acc.seenFromDigest) seen.add(id);
  }
  for (const [pairId, head] of then)
    if (!seen.has(pairId))
      findings.push(extensionFinding({ kind: "stream-missing", pairId, version: head.version }));
  const heads = result.segments.flatMap((s) => s.acc.heads);
  const digest = digestOf(heads, clock().toISOString(), {
    events: result.events,
    includeHeads: options.includeHeads ?? false,
  });
  return {
    ok: findings.length === 0,
    streams: result.streams,
    events: result.events,
    findings: findings.sort(byStreamThenVersion),
    digest,
    ...(options.against
      ? {
          against: {
            takenAt: options.against.takenAt,
            root: options.against.root,
            streams: options.against.streams,
          },
        }
      : {}),
    durationMs: Date.now() - started,
  };
}

const byStreamThenVersion = (a: Finding, b: Finding) =>
  (a.pairId ?? "").localeCompare(b.pairId ?? "") ||
  ("version" in a && "version" in b ? a.version - b.version : 0);
