/**
 * The read-model document of a pair, bounded whatever the pair's history: a fixed-size fold entry
 * per event (at most LIMITS.eventsPerPair of them), the status-change points, and the details of
 * the only two events a list shows (the latest one and the decision that set the status). The
 * timeline itself is read from the events table. Pure.
 *
 * The document is a function of the whole stream: `projectPairDoc(prev, newEvents)` gives the same
 * document as `docOf(allEvents)`, so the projector (one batch at a time) and the replay (the whole
 * stream) cannot disagree. When a back-dated event or a retraction makes an older event the latest
 * or the deciding one, the projection asks for it (`need`) and the projector reads it.
 */
import { latestDay, precisionOf, type Precision } from "../effective-date.js";
import type { DomainEvent } from "../events.js";
import { LIMITS } from "../limits.js";
import { applyStep, buildTimeline, initialFold, type Folded, type Recorded } from "../timeline.js";
import type { EventType, Status } from "../transitions.js";
import { headerOf, type PairHeader, type PairView } from "./pair-view.js";

/** What folding needs of one event; `side` is coded "a" / "b" (the header's cities), "both", "operator". */
export interface FoldEntry {
  readonly type: EventType;
  readonly version: number;
  readonly effectiveDate?: string;
  readonly side?: string;
  readonly retracts?: number;
}

/** A day on which the pair's status became `status` (date as recorded, with its precision). */
export interface StatusPoint {
  readonly date: string;
  readonly status: Status;
}

/** "On whose decision": a summary of the event that set the current status. */
export interface Decision {
  readonly eventId: string;
  readonly version: number;
  readonly type: EventType;
  readonly effectiveDate: string;
  readonly precision: Precision;
  /** Which side acted: a city id of the pair, "both" or "operator"; and who, when named. */
  readonly side: string;
  readonly actorName?: string;
  readonly authority?: { readonly body?: string; readonly instrument?: string; readonly vote?: string };
  /** The first source's url, else its citation (truncated). */
  readonly source?: string;
  readonly wording?: string;
}

export interface PairDoc {
  readonly header: PairHeader;
  /** One per event, in version order (bounded by LIMITS.eventsPerPair). */
  readonly entries: readonly FoldEntry[];
  /** Status changes in effective order: the as-of status and the history counters come from here. */
  readonly changes: readonly StatusPoint[];
  /** The view as the HTTP API folds it (viewOf), so both answer alike. */
  readonly view: PairView;
  /** The decision that set the current status; lists show it with the view (listedView). */
  readonly decision?: Decision;
}

export type Projection = { readonly doc: PairDoc } | { readonly need: readonly number[] };

const sideCode = (side: string, h: PairHeader) =>
  side === h.cityA.id ? "a" : side === h.cityB.id ? "b" : side;

function entryOf(e: DomainEvent, h: PairHeader): FoldEntry {
  if (e.type === "retracted") return { type: e.type, version: e.version, retracts: e.data.retracts };
  return {
    type: e.type,
    version: e.version,
    effectiveDate: e.data.effectiveDate,
    side: sideCode(e.data.actor.side, h),
  };
}

/** Entries as the timeline reads them (recording time is not kept: the read model never asks knownAt). */
const asRecorded = (e: FoldEntry): Recorded & FoldEntry => ({ ...e, recordedAt: "", recordedBy: "" });

function firstSource(e: DomainEvent): string | undefined {
  const first = e.data.sources?.[0];
  return (first?.url ?? first?.citation)?.slice(0, LIMITS.shownSource);
}

export function decisionOf(e: DomainEvent): Decision {
  if (e.type === "retracted") throw new Error(`v${e.version}: a retraction decides no status`);
  const d = e.data;
  const source = firstSource(e);
  return {
    eventId: e.eventId,
    version: e.version,
    type: e.type,
    effectiveDate: d.effectiveDate,
    precision: precisionOf(d.effectiveDate),
    side: d.actor.side,
    ...(d.actor.name ? { actorName: d.actor.name } : {}),
    ...(d.authority && Object.keys(d.authority).length > 0 ? { authority: { ...d.authority } } : {}),
    ...(source ? { source } : {}),
    ...(d.wording ? { wording: d.wording.slice(0, LIMITS.shownWording) } : {}),
  };
}

function latestOf(e: DomainEvent): NonNullable<PairView["latest"]> {
  if (e.type === "retracted") throw new Error(`v${e.version}: a retraction is not on the timeline`);
  const source = firstSource(e);
  return {
    type: e.type,
    effectiveDate: e.data.effectiveDate,
    version: e.version,
    ...(source ? { source } : {}),
    ...(e.data.wording ? { wording: e.data.wording.slice(0, LIMITS.shownWording) } : {}),
  };
}

/** The fold of the entries, with a point for every step that moved the status. */
function foldWithChanges(pairId: string, entries: readonly FoldEntry[]) {
  const timeline = buildTimeline(entries.map(asRecorded));
  let state: Folded<Recorded & FoldEntry> = initialFold;
  const changes: StatusPoint[] = [];
  for (const e of timeline.entries) {
    const r = applyStep(state, e);
    // A stored timeline always folds: every append was decided against it. Fail loudly if not.
    if (!r.ok) throw new Error(`stored timeline of ${pairId} does not fold at v${e.version}`);
    state = r.value;
    if (r.change === "moved") changes.push({ date: e.effectiveDate, status: state.status as Status });
  }
  return { state, changes, established: timeline.entries.find((e) => e.type === "established") };
}

/**
 * The document after `events` (the next versions, in order) are applied to `prev`. `lookup` gives
 * older events by version when it can (the replay has them all); otherwise the projection says
 * which versions it needs, and the caller reads them and asks again.
 */
export function projectPairDoc(
  prev: PairDoc | undefined,
  events: readonly DomainEvent[],
  lookup: (version: number) => DomainEvent | undefined = () => undefined,
): Projection {
  let header = prev?.header;
  const entries = [...(prev?.entries ?? [])];
  for (const e of events) {
    header ??= e.type === "established" ? headerOf(e) : undefined;
    if (!header)
      throw new Error(`${e.pairId} v${e.version}: the first event of a pair must be its establishment`);
    entries.push(entryOf(e, header));
  }
  if (!header) throw new Error("no events to project");
  const { state, changes, established } = foldWithChanges(header.pairId, entries);
  const inHand = new Map(events.map((e) => [e.version, e]));
  const find = (v: number) => inHand.get(v) ?? lookup(v);
  const need: number[] = [];
  const detail = <T>(
    version: number | undefined,
    kept: T | undefined,
    keptVersion: number | undefined,
    of: (e: DomainEvent) => T,
  ) => {
    if (version === undefined) return undefined;
    const e = find(version);
    if (e) return of(e);
    if (kept !== undefined && keptVersion === version) return kept;
    need.push(version);
    return undefined;
  };
  const latest = detail(state.latest?.version, prev?.view.latest, prev?.view.latest?.version, latestOf);
  const decision = detail(
    state.setBy?.version,
    prev?.view.decision,
    prev?.view.decision?.version,
    decisionOf,
  );
  if (need.length > 0) return { need: [...new Set(need)] };
  const view: PairView = {
    ...header,
    status: state.status === "none" ? "not-established" : state.status,
    ...(state.setBy ? { since: state.setBy.effectiveDate } : {}),
    ...(established ? { establishedOn: established.effectiveDate } : {}),
    ...(latest ? { latest } : {}),
    version: entries.reduce((v, e) => Math.max(v, e.version), 0),
    eventCount: entries.length,
  };
  return { doc: { header, entries, changes, view, ...(decision ? { decision } : {}) } };
}

/** The document of a whole stream (version order), or undefined for none. */
export function docOf(events: readonly DomainEvent[]): PairDoc | undefined {
  if (events.length === 0) return undefined;
  const byVersion = new Map(events.map((e) => [e.version, e]));
  const p = projectPairDoc(undefined, events, (v) => byVersion.get(v));
  if ("need" in p) throw new Error(`events v${p.need.join(", v")} are missing from the stream`);
  return p.doc;
}

/** The status point in force on a day (YYYY-MM-DD), and whether it is the current one. */
export function pointAsOf(changes: readonly StatusPoint[], day: string) {
  let index = -1;
  for (let i = 0; i < changes.length; i++) if (latestDay((changes[i] as StatusPoint).date) <= day) index = i;
  return index < 0
    ? undefined
    : { point: changes[index] as StatusPoint, current: index === changes.length - 1 };
}

/** The view a list shows: the document's view with the decision behind its status. */
export const listView = (doc: Pick<PairDoc, "view" | "decision">): PairView =>
  doc.decision ? { ...doc.view, decision: doc.decision } : doc.view;

/**
 * A stored view as it stood on a day, from its status points: undefined when the pair was not
 * established then. The latest event and the decision are kept only when they had happened.
 */
export function viewAsOfDay(
  view: PairView,
  changes: readonly StatusPoint[],
  day: string,
): PairView | undefined {
  const at = pointAsOf(changes, day);
  if (!at) return undefined;
  const { latest, decision, ...rest } = view;
  return {
    ...rest,
    status: at.point.status,
    since: at.point.date,
    ...(latest && latestDay(latest.effectiveDate) <= day ? { latest } : {}),
    ...(decision && at.current ? { decision } : {}),
  };
}
