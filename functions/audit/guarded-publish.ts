/**
 * Verification that runs by itself. Before a digest is published (hourly by the digest Lambda, on
 * demand by `ledger digest --publish` and POST /audit/digests) every chain is verified and the
 * ledger today must extend the last published digest; only then is the new root published, naming
 * the previous digest's hash. On a break nothing is published: what broke is recorded beside the
 * digests, the breach is counted (VerificationBreaks), and the alarm on that metric fires.
 * Locally the same check runs on an interval without publishing (checkLedger).
 */
import { digestHash, type LedgerDigest } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { METRIC, type MetricSink, noMetrics } from "../shared/metrics.js";
import { type BreakRecord, type DigestArchive, latestDigest } from "./digest-archive.js";
import type { ScanProgress } from "./stream-scan.js";
import { type Finding, verifyLedger } from "./verify.js";

/** How many findings a break record and a response carry (the count is always exact). */
export const MAX_RECORDED_FINDINGS = 1000;

export interface LedgerCheck {
  readonly checkedAt: string;
  readonly ok: boolean;
  readonly streams: number;
  readonly events: number;
  readonly breaks: number;
  readonly findings: readonly Finding[];
  /** The published digest the ledger was checked against (none before the first publication). */
  readonly against?: { readonly id: string; readonly takenAt: string; readonly root: string };
}

export interface CheckDeps {
  readonly store: EventStore;
  readonly archive: DigestArchive;
  readonly metrics?: MetricSink;
  readonly clock?: () => Date;
  readonly segments?: number;
  readonly maxEvents?: number;
  readonly onProgress?: (p: ScanProgress) => void;
}

async function verifyAgainstLatest(deps: CheckDeps) {
  const clock = deps.clock ?? (() => new Date());
  const last = await latestDigest(deps.archive);
  const v = await verifyLedger(deps.store, {
    includeHeads: true,
    clock,
    ...(last ? { against: last.digest } : {}),
    ...(deps.segments ? { segments: deps.segments } : {}),
    ...(deps.maxEvents !== undefined ? { maxEvents: deps.maxEvents } : {}),
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  });
  const metrics = deps.metrics ?? noMetrics;
  metrics.count(METRIC.ledgerVerified);
  // Always emitted, 0 when the ledger held: the alarm then sees data every hour.
  metrics.count(METRIC.verificationBreaks, v.findings.length);
  const check: LedgerCheck = {
    checkedAt: v.digest.takenAt,
    ok: v.ok,
    streams: v.streams,
    events: v.events,
    breaks: v.findings.length,
    findings: v.findings.slice(0, MAX_RECORDED_FINDINGS),
    ...(last ? { against: { id: last.id, takenAt: last.digest.takenAt, root: last.digest.root } } : {}),
  };
  return { check, digest: v.digest, last };
}

/** Verify every chain and that the ledger extends the last published digest; publish nothing. */
export async function checkLedger(deps: CheckDeps): Promise<LedgerCheck> {
  return (await verifyAgainstLatest(deps)).check;
}

export type GuardedPublication =
  | {
      readonly published: true;
      readonly id: string;
      /** Where it went (for logs and operators; never in an HTTP response). */
      readonly location: string;
      readonly digest: Omit<LedgerDigest, "heads">;
      readonly check: LedgerCheck;
    }
  | { readonly published: false; readonly check: LedgerCheck; readonly recordedAt: string };

/** Verify, then publish the new digest chained to the last one; or refuse and record the break. */
export async function verifyThenPublish(deps: CheckDeps): Promise<GuardedPublication> {
  const { check, digest, last } = await verifyAgainstLatest(deps);
  if (!check.ok) {
    const record: BreakRecord = {
      checkedAt: check.checkedAt,
      ...(check.against ? { against: check.against } : {}),
      findings: check.findings.map(({ kind, pairId, message }) => ({
        kind,
        message,
        ...(pairId ? { pairId } : {}),
      })),
    };
    return { published: false, check, recordedAt: await deps.archive.recordBreak(record) };
  }
  const chained: LedgerDigest = {
    ...digest,
    ...(last ? { previous: { takenAt: last.digest.takenAt, hash: digestHash(last.digest) } } : {}),
  };
  const { location, id } = await deps.archive.publish(chained);
  (deps.metrics ?? noMetrics).count(METRIC.digestsPublished);
  const { heads: _heads, ...summary } = chained;
  return { published: true, id, location, digest: summary, check };
}
