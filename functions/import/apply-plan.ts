/**
 * Planned rows through the ledger's one command path (`ledger.execute`), a bounded number of pairs
 * in flight, the rows of one pair in order. Registering a registered pair and repeating a status
 * are not errors: the first is skipped, the second is the decider's own no-op. So re-importing a
 * file writes nothing new.
 *
 * `validatePlan` runs the very same code against a scratch in-memory copy of the pairs' current
 * streams: an import writes only when that dry run found no bad row.
 */
import {
  buildTimeline,
  latestDay,
  viewOf,
  type Command,
  type Status,
  type StoredEvent,
} from "../../domain/index.js";
import { createLedger, type Ledger, type LedgerError } from "../application/ledger.js";
import type { EventStore } from "../ports/event-store.js";
import { EVENT_FOR_STATUS, type Plan, type PlannedRow, type StatusEventType } from "./plan.js";
import type { RowProblem } from "./read-rows.js";
import { forEachLimited } from "../shared/concurrency.js";

export interface ImportCounts {
  pairsRegistered: number;
  pairsAlreadyRegistered: number;
  eventsRecorded: number;
  /** Rows whose status the ledger already had (nothing written for them). */
  rowsUnchanged: number;
  rowsFailed: number;
}

export interface ImportOutcome {
  readonly counts: ImportCounts;
  readonly problems: readonly RowProblem[];
  readonly pairs: number;
  readonly rows: number;
  readonly elapsedMs: number;
}

export interface ApplyOptions {
  /** The identity recorded on every event. */
  readonly recordedBy: string;
  /** Pairs in flight at once. */
  readonly concurrency?: number;
  /** Called after each pair with the number of rows done so far. */
  readonly onProgress?: (rowsDone: number) => void;
  readonly clock?: () => number;
  /** Called before a pair's rows are applied (the dry run copies its stream here). */
  readonly prepare?: (pairId: string) => Promise<void>;
}

export const DEFAULT_CONCURRENCY = 12;

const describe = (e: LedgerError) => `${e.code}: ${e.message}`;

export async function applyPlan(plan: Plan, ledger: Ledger, options: ApplyOptions): Promise<ImportOutcome> {
  const now = options.clock ?? (() => performance.now());
  const started = now();
  const counts: ImportCounts = {
    pairsRegistered: 0,
    pairsAlreadyRegistered: 0,
    eventsRecorded: 0,
    rowsUnchanged: 0,
    rowsFailed: 0,
  };
  const problems: RowProblem[] = [];
  const ctx = { recordedBy: options.recordedBy };
  let rowsDone = 0;

  const fail = (rows: readonly PlannedRow[], at: number, message: string) => {
    const row = rows[at] as PlannedRow;
    problems.push({ where: row.where, position: row.position, message });
    for (const later of rows.slice(at + 1))
      problems.push({
        where: later.where,
        position: later.position,
        message: `not applied: ${row.where} of the same pair failed`,
      });
    counts.rowsFailed += rows.length - at;
  };

  /** The status of the pair as of a day (or now), from its events. */
  async function statusOf(pairId: string, asOf?: string): Promise<Status | "not-established"> {
    const { state } = await ledger.load(pairId);
    return state.header ? viewOf(state.header, state.events, asOf ? { asOf } : {}).status : "not-established";
  }

  /** The event a row asks for; undefined when there is nothing to record; a string is a problem. */
  async function eventFor(
    row: PlannedRow,
    justRegistered: boolean,
    isLast: boolean,
  ): Promise<StatusEventType | undefined | { problem: string }> {
    if (row.status !== "active") return EVENT_FOR_STATUS[row.status];
    if (justRegistered) return undefined;
    if (!row.statusData) {
      if (!isLast) return undefined;
      const now = await statusOf(row.pairId);
      return now === "active"
        ? undefined
        : {
            problem: `status: the ledger has this pair ${now}; give a status_date to record that it is active again`,
          };
    }
    const { effectiveDate, actor } = row.statusData;
    // The return to active the timeline already has (any kind, same date and side) is a
    // repeat, even when a later event of the same month or year has moved the pair on again.
    const { state } = await ledger.load(row.pairId);
    const again = buildTimeline(state.events).entries.some(
      (e) =>
        (e.type === "reinstated" || e.type === "reactivated" || e.type === "established") &&
        e.effectiveDate === effectiveDate &&
        e.side === actor.side,
    );
    if (again) return undefined;
    const then = await statusOf(row.pairId, latestDay(effectiveDate));
    if (then === "active") return undefined;
    // A terminated pair is not reinstated: it is established again (a new agreement).
    return then === "dormant" ? "reactivated" : then === "terminated" ? "established" : "reinstated";
  }

  /** The command a status row records: a re-establishment names the pair's cities again. */
  const recordOf = (row: PlannedRow, type: StatusEventType, data: NonNullable<PlannedRow["statusData"]>) =>
    (type === "established"
      ? {
          kind: "record",
          type,
          data: {
            cityA: row.register.cityA,
            cityB: row.register.cityB,
            relationship: row.register.relationship,
            ...data,
          },
        }
      : { kind: "record", type, data }) as Command;

  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
  async function applyGroup(rows: readonly PlannedRow[]) {
    let justRegistered = false;
    for (const [i, row] of rows.entries()) {
      if (i === 0) {
        const r = await ledger.execute(undefined, { kind: "register", data: row.register }, ctx);
        if (r.ok) {
          counts.pairsRegistered++;
          counts.eventsRecorded += r.value.events.length;
          justRegistered = true;
        } else if (r.error.code === "PAIR_ALREADY_REGISTERED") counts.pairsAlreadyRegistered++;
        else return fail(rows, i, describe(r.error));
      }
      const type = await eventFor(row, justRegistered, i === rows.length - 1);
      if (typeof type === "object") return fail(rows, i, type.problem);
      if (type === undefined || !row.statusData) {
        if (!justRegistered) counts.rowsUnchanged++;
        justRegistered = false;
        continue;
      }
      const r = await ledger.execute(row.pairId, recordOf(row, type, row.statusData), ctx);
      if (!r.ok) return fail(rows, i, describe(r.error));
      if (r.value.events.length === 0) counts.rowsUnchanged++;
      counts.eventsRecorded += r.value.events.length;
      justRegistered = false;
    }
  }

  await forEachLimited(
    [...plan.groups.values()],
    options.concurrency ?? DEFAULT_CONCURRENCY,
    async (rows) => {
      try {
        await options.prepare?.((rows[0] as PlannedRow).pairId);
        await applyGroup(rows);
      } catch (e) {
        // Infrastructure failure (throttling beyond the SDK's retries, a lost connection).
        fail(rows, 0, `could not be written: ${(e as Error).message}`);
      }
      rowsDone += rows.length;
      options.onProgress?.(rowsDone);
    },
  );
  problems.sort((a, b) => a.position - b.position);
  return { counts, problems, pairs: plan.groups.size, rows: rowsDone, elapsedMs: now() - started };
}

/**
 * The import, rehearsed: the pairs' current streams are copied (read only) from `existing` into a
 * scratch store and the plan is applied there. Reports what a real run would do and every row it
 * would refuse.
 */
export async function validatePlan(
  plan: Plan,
  existing: EventStore | undefined,
  options: ApplyOptions & {
    /** An empty store for the rehearsal (in memory). */
    readonly scratch: EventStore;
    /** Each pair's stream as read from `existing`, for the write to decide on without reading it again. */
    readonly onRead?: (pairId: string, stored: readonly StoredEvent[]) => void;
  },
): Promise<ImportOutcome> {
  const { scratch, onRead } = options;
  const prepare = async (pairId: string) => {
    const stored = (await existing?.readStream(pairId)) ?? [];
    onRead?.(pairId, stored);
    if (stored.length > 0) await scratch.append(pairId, 0, stored);
  };
  let n = 0;
  const ledger = createLedger({
    eventStore: scratch,
    clock: () => new Date(),
    newId: () => `00000000-0000-7000-8000-${(++n).toString(16).padStart(12, "0")}`,
    idempotencyTtlSeconds: 60,
  });
  return applyPlan(plan, ledger, { ...options, prepare });
}
