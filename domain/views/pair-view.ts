/**
 * The pair view: current (or as-of / known-at) status of one pair, from its events. Pure.
 * The HTTP API folds it from the events (consistent) with `viewOf`; the projector keeps it in the
 * read model through `projectPairDoc` (pair-doc.ts), which folds the same timeline the same way.
 */
import type { CityRef } from "../city.js";
import { withId } from "../city.js";
import type { DomainEvent, EventData } from "../events.js";
import { buildTimeline, foldTimeline, isKnownAt, type Recorded, type TimeQuery } from "../timeline.js";
import type { Status } from "../transitions.js";
import { latestDay } from "../effective-date.js";
import { LIMITS } from "../limits.js";
import type { Decision } from "./pair-doc.js";

/** A compact event, enough to fold a timeline and show the latest source. */
export interface EventSummary extends Recorded {
  /** The first source's url, else its citation (truncated). */
  readonly source?: string;
  readonly wording?: string;
}

export function summarizeEvent(e: DomainEvent): EventSummary {
  const base = { type: e.type, version: e.version, recordedAt: e.recordedAt, recordedBy: e.recordedBy };
  if (e.type === "retracted") return { ...base, retracts: e.data.retracts, reason: e.data.reason };
  const first = e.data.sources[0];
  const source = (first?.url ?? first?.citation)?.slice(0, LIMITS.shownSource);
  return {
    ...base,
    effectiveDate: e.data.effectiveDate,
    side: e.data.actor.side,
    ...(source ? { source } : {}),
    ...(e.data.wording ? { wording: e.data.wording } : {}),
  };
}

export interface PairHeader {
  readonly pairId: string;
  readonly cityA: CityRef;
  readonly cityB: CityRef;
  readonly relationship: EventData<"established">["relationship"];
}

export function headerOf(e: Extract<DomainEvent, { type: "established" }>): PairHeader {
  return {
    pairId: e.pairId,
    cityA: withId(e.data.cityA),
    cityB: withId(e.data.cityB),
    relationship: e.data.relationship,
  };
}

export type ViewStatus = Status | "not-established";

export interface PairView extends PairHeader {
  readonly status: ViewStatus;
  /** Effective date of the event that set the status. */
  readonly since?: string;
  readonly establishedOn?: string;
  /** The latest event on the timeline. */
  readonly latest?: {
    readonly type: string;
    readonly effectiveDate: string;
    readonly version: number;
    readonly source?: string;
    readonly wording?: string;
  };
  /** The highest stream version this view reflects (the ETag of the pair). */
  readonly version: number;
  readonly eventCount: number;
  /** The decision that set the current status: in read-model lists only (pair-doc.ts listView). */
  readonly decision?: Decision;
  /**
   * In read-model lists without a date (scheduled.ts viewToday): the status changes dated after
   * today, each with the status it brings; the view's status is today's.
   */
  readonly scheduled?: { readonly status: Status; readonly effectiveDate: string }[];
}

export function viewOf(header: PairHeader, events: readonly EventSummary[], query: TimeQuery = {}): PairView {
  const timeline = buildTimeline(events, query);
  const folded = foldTimeline(timeline.entries);
  // A stored timeline always folds: every append was decided against it. Fail loudly if not.
  if (!folded.ok)
    throw new Error(`stored timeline of ${header.pairId} does not fold at v${folded.at.version}`);
  const { status, setBy, latest } = folded.value;
  const established = timeline.entries.find((e) => e.type === "established");
  const known = events.filter((e) => isKnownAt(e, query.knownAt));
  // Events the view counts: known then and, as of a day, effective by then (retractions when known).
  const asOfDay = query.asOf === undefined ? undefined : latestDay(query.asOf);
  const counted = known.filter(
    (e) => asOfDay === undefined || e.effectiveDate === undefined || latestDay(e.effectiveDate) <= asOfDay,
  );
  return {
    ...header,
    status: status === "none" ? "not-established" : status,
    ...(setBy ? { since: setBy.effectiveDate } : {}),
    ...(established ? { establishedOn: established.effectiveDate } : {}),
    ...(latest
      ? {
          latest: {
            type: latest.type,
            effectiveDate: latest.effectiveDate,
            version: latest.version,
            ...(latest.source ? { source: latest.source } : {}),
            ...(latest.wording ? { wording: latest.wording } : {}),
          },
        }
      : {}),
    version: known.reduce((v, e) => Math.max(v, e.version), 0),
    eventCount: counted.length,
  };
}
