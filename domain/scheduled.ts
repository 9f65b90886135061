/**
 * Decisions taken in advance. An event may be dated after today (a council votes in March to
 * suspend from 1 May): it counts from its date, like every event (effective-date.ts), so today's
 * status is the status as of today, and a status change dated later is *scheduled*.
 */
import { latestDay } from "./effective-date.js";
import {
  applyStep,
  buildTimeline,
  initialFold,
  type Folded,
  type Recorded,
  type TimeQuery,
} from "./timeline.js";
import type { Status, TimelineEventType } from "./transitions.js";
import { viewAsOfDay, type StatusPoint } from "./views/pair-doc.js";
import type { PairView } from "./views/pair-view.js";

/** A status change that takes effect after the reference day. */
export interface ScheduledChange {
  readonly type: TimelineEventType;
  readonly effectiveDate: string;
  /** The status it brings the pair to. */
  readonly status: Status;
  readonly version: number;
}

/** Whether an effective date is still ahead on `day` (YYYY-MM-DD): it counts from its last day. */
export const isAhead = (effectiveDate: string, day: string) => latestDay(effectiveDate) > day;

/** The status changes of a timeline that take effect after `day`, in effective order. */
export function scheduledChanges<E extends Recorded>(
  events: readonly E[],
  day: string,
  query: Pick<TimeQuery, "knownAt"> = {},
): ScheduledChange[] {
  const out: ScheduledChange[] = [];
  let state: Folded<E> = initialFold;
  for (const e of buildTimeline(events, query).entries) {
    const r = applyStep(state, e);
    if (!r.ok) break;
    state = r.value;
    if (r.change === "moved" && state.status !== "none" && isAhead(e.effectiveDate, day))
      out.push({ type: e.type, effectiveDate: e.effectiveDate, status: state.status, version: e.version });
  }
  return out;
}

/**
 * A stored list view (its status is the latest decided one) as it stands on `day`, today: the
 * status in force then, from the status points, and the points dated later under `scheduled`. A
 * pair whose establishment is dated later is "not-established" until then. The decision and the
 * latest event are kept only when they are in force by then. Pure: the read model calls it at read
 * time with its clock's day, so a list entry written long ago still shows today's status.
 */
export function viewToday(view: PairView, changes: readonly StatusPoint[], day: string): PairView {
  const ahead = changes.filter((c) => isAhead(c.date, day));
  if (ahead.length === 0) return view;
  const scheduled = ahead.map((c) => ({ status: c.status, effectiveDate: c.date }));
  const now = viewAsOfDay(view, changes, day);
  if (now) return { ...now, scheduled };
  const { latest: _latest, decision: _decision, since: _since, ...rest } = view;
  return { ...rest, status: "not-established", scheduled };
}
