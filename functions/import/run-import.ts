/**
 * The whole import: read, plan, rehearse against a scratch copy, and write only when every row is
 * good. A malformed file is refused row by row with nothing written.
 */
import type { StoredEvent } from "../../domain/index.js";
import type { Ledger } from "../application/ledger.js";
import type { EventStore } from "../ports/event-store.js";
import { applyPlan, validatePlan, type ImportOutcome } from "./apply-plan.js";
import { planRows } from "./plan.js";
import { readRows, type FileFormat, type RowProblem } from "./read-rows.js";

export type Phase = "validating" | "writing";

export interface RunImportOptions {
  readonly text: string;
  readonly format: FileFormat;
  readonly eventStore: EventStore;
  readonly ledger: Ledger;
  /** An empty event store for the rehearsal (the composition root gives one in memory). */
  readonly scratch: () => EventStore;
  readonly recordedBy: string;
  readonly dryRun: boolean;
  readonly concurrency?: number;
  /** A phase starts with this many rows to go. */
  readonly onPhase?: (phase: Phase, rows: number) => void;
  readonly onProgress?: (rowsDone: number) => void;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly rows: number;
  readonly pairs: number;
  readonly ignoredColumns: readonly string[];
  /** Every bad row, in file order. */
  readonly problems: readonly RowProblem[];
  /** What the rehearsal did (what a write would do). */
  readonly rehearsal: ImportOutcome;
  /** What was written: absent on a dry run or when any row was bad. */
  readonly written?: ImportOutcome;
  readonly ok: boolean;
}

export async function runImport(o: RunImportOptions): Promise<ImportReport> {
  const read = readRows(o.text, o.format);
  const plan = planRows(read.rows);
  const total = read.rows.length - plan.problems.length;
  const options = { recordedBy: o.recordedBy, concurrency: o.concurrency, onProgress: o.onProgress };
  o.onPhase?.("validating", total);
  // What the rehearsal read is what the write decides on: no pair's stream is read twice (a
  // new pair is then one conditional put; a stale read costs one retry, never a wrong write).
  const seen = new Map<string, readonly StoredEvent[]>();
  const rehearsal = await validatePlan(plan, o.eventStore, {
    ...options,
    scratch: o.scratch(),
    onRead: (pairId, stored) => seen.set(pairId, stored),
  });
  const problems = [...read.problems, ...plan.problems, ...rehearsal.problems].sort(
    (a, b) => a.position - b.position,
  );
  const base = {
    dryRun: o.dryRun,
    rows: read.rows.length + read.problems.length,
    pairs: plan.groups.size,
    ignoredColumns: read.ignoredColumns,
    rehearsal,
  };
  if (o.dryRun || problems.length > 0) return { ...base, problems, ok: problems.length === 0 };
  o.onPhase?.("writing", total);
  const written = await applyPlan(plan, o.ledger, {
    ...options,
    prepare: async (pairId) => {
      const stored = seen.get(pairId);
      if (stored) o.ledger.remember(pairId, stored);
    },
  });
  return { ...base, problems: written.problems, written, ok: written.problems.length === 0 };
}

const n = (x: number) => x.toLocaleString("en-US");
/** "1 row", "2 rows", "1,000 pairs". */
const count = (x: number, noun: string) => `${n(x)} ${x === 1 ? noun : `${noun}s`}`;

/** The report as text: every bad row with its line, then the summary. */
export function formatReport(r: ImportReport, file: string): string {
  const lines: string[] = [];
  if (r.ignoredColumns.length > 0)
    lines.push(`warning: ignored unknown columns: ${r.ignoredColumns.join(", ")}`);
  for (const p of r.problems) lines.push(`${p.where}: ${p.message}`);
  const c = r.rehearsal.counts;
  if (r.written) {
    const w = r.written.counts;
    const seconds = r.written.elapsedMs / 1000;
    lines.push(
      `imported ${file}: ${count(r.rows, "row")}, ${count(r.pairs, "pair")} — ${count(w.pairsRegistered, "pair")} registered, ` +
        `${count(w.eventsRecorded, "event")} recorded, skipped ${count(w.pairsAlreadyRegistered, "pair")} already registered ` +
        `and ${count(w.rowsUnchanged, "row")} the ledger already had, ${count(w.rowsFailed, "row")} failed; ` +
        `${seconds.toFixed(2)} s, ${n(Math.round(r.rows / Math.max(seconds, 0.001)))} rows/s ` +
        `(${n(Math.round(w.eventsRecorded / Math.max(seconds, 0.001)))} events/s), after a ` +
        `${(r.rehearsal.elapsedMs / 1000).toFixed(2)} s rehearsal`,
    );
  } else if (r.problems.length > 0) {
    lines.push(
      `${file}: ${n(r.problems.length)} bad ${r.problems.length === 1 ? "row" : "rows"} of ${n(r.rows)}; nothing was written${r.dryRun ? " (dry run)" : ""}`,
    );
  } else {
    lines.push(
      `dry run of ${file}: ${r.rows === 1 ? "the 1 row is" : `all ${n(r.rows)} rows`} valid; nothing written. An import would register ${count(c.pairsRegistered, "pair")} and record ` +
        `${count(c.eventsRecorded, "event")}; ${count(c.pairsAlreadyRegistered, "pair")} already registered, ${count(c.rowsUnchanged, "row")} the ledger already has`,
    );
  }
  return lines.join("\n");
}
