/** Audit reports for people (text) and for transport (lists capped, with the full counts kept). */
import type { ReplayReport } from "./replay.js";
import type { Finding, LedgerVerification } from "./verify.js";

const LIST_KEYS = [
  "chainBreaks",
  "foldFailures",
  "missing",
  "extra",
  "differing",
  "statsDiffer",
  "skipped",
] as const;

/** The report with each list cut to `max` items; `counts` keeps the true lengths. */
export function capReport(
  report: ReplayReport,
  max: number,
): ReplayReport & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const capped: Record<string, unknown> = { ...report };
  for (const k of LIST_KEYS) {
    counts[k] = report[k].length;
    capped[k] = report[k].slice(0, max);
  }
  return { ...(capped as unknown as ReplayReport), counts };
}

const list = <T>(title: string, items: readonly T[], line: (t: T) => string, max = 50) =>
  items.length === 0
    ? []
    : [
        `${title} (${items.length}):`,
        ...items.slice(0, max).map((t) => `  - ${line(t)}`),
        ...(items.length > max ? [`  … and ${items.length - max} more (use --json for all)`] : []),
      ];

export function formatReplayReport(r: ReplayReport): string {
  return [
    `replay (${r.mode}${r.target ? ` into ${r.target}` : ""}): ${r.clean ? "CLEAN" : "FINDINGS"}`,
    `  ${r.streams} streams, ${r.events} events in ${(r.durationMs / 1000).toFixed(2)} s (${r.eventsPerSecond} events/s, ${r.segments} segments${r.resumed ? ", resumed" : ""})`,
    `  digest ${r.digest.root}`,
    ...(r.mode === "repair" ? [`  repaired ${r.repaired} documents`] : []),
    ...(r.mode === "into" ? [`  wrote ${r.written} documents`] : []),
    ...list("chain breaks", r.chainBreaks, (f) => f.message),
    ...list("streams that do not fold", r.foldFailures, (f) => `${f.pairId}: ${f.message}`),
    ...list("missing from the read model", r.missing, (id) => id),
    ...list("in the read model but not in the ledger", r.extra, (id) => id),
    ...list(
      "differing",
      r.differing,
      (d) =>
        `${d.pairId} (stored v${d.storedVersion}, replayed v${d.replayedVersion}): ${d.fields.join(", ")}`,
    ),
    ...list(
      "counters that differ",
      r.statsDiffer,
      (s) => `${s.key}: read model ${s.found}, replay ${s.expected}`,
    ),
    ...list("not written", r.skipped, (s) => `${s.pairId}: ${s.reason}`),
  ].join("\n");
}

export function formatFindings(findings: readonly Finding[]): string[] {
  return list("findings", findings, (f) => f.message, 200);
}

export function formatVerification(v: LedgerVerification): string {
  return [
    `verify: ${v.ok ? "OK" : "FINDINGS"} — ${v.streams} streams, ${v.events} events in ${(v.durationMs / 1000).toFixed(2)} s`,
    `  digest now ${v.digest.root}`,
    ...(v.against
      ? [
          `  against the digest of ${v.against.takenAt} (${v.against.streams} streams, root ${v.against.root})`,
        ]
      : []),
    ...formatFindings(v.findings),
  ].join("\n");
}
