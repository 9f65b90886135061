/**
 * The bitemporal timeline of a pair.
 *
 * - Recording time (`knownAt`): only events recorded at or before that instant count, including
 *   retractions, so a later correction does not change what the ledger said back then.
 * - Retractions remove the event they point at; neither appears on the timeline.
 * - Effective time (`asOf`): events are ordered by the last day their date can mean, then by
 *   version; `asOf` keeps those effective on or before that day (see effective-date.ts).
 *
 * Folding walks the transition table; a step it forbids is reported with the event it concerns.
 * A repeat of the decision that set the status is a no-op when the same side repeats it, and a
 * concurring decision (recorded, status and date unchanged) when another side makes it: Murmansk
 * terminating its tie with Akureyri a month after Akureyri did.
 */
import { isValidEffectiveDate, latestDay } from "./effective-date.js";
import { step, type EventType, type From, type TimelineEventType } from "./transitions.js";

/** What the timeline needs of an event; both full domain events and compact summaries fit. */
export interface Recorded {
  readonly type: EventType;
  readonly version: number;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** Absent on retractions only. */
  readonly effectiveDate?: string;
  /** On retractions: the version removed, and why. */
  readonly retracts?: number;
  readonly reason?: string;
  /** Which side acted (actor.side): a city id, "both" or "operator". Absent on retractions. */
  readonly side?: string;
}

type OnTimeline<E extends Recorded> = E & {
  readonly type: TimelineEventType;
  readonly effectiveDate: string;
};

const isOnTimelineType = <E extends Recorded>(e: E): e is OnTimeline<E> =>
  e.type !== "retracted" && e.effectiveDate !== undefined;

export interface TimeQuery {
  /** A day, YYYY-MM-DD (effective time). */
  readonly asOf?: string;
  /** An ISO instant (recording time). */
  readonly knownAt?: string;
}

export interface Retraction {
  readonly version: number;
  readonly reason: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Timeline<E extends Recorded> {
  /** Events in effective order, without retracted ones and retractions. */
  readonly entries: readonly OnTimeline<E>[];
  /** Retracted event versions, with the retraction that removed them. */
  readonly retracted: ReadonlyMap<number, Retraction>;
}

export function isKnownAt(e: Pick<Recorded, "recordedAt">, knownAt?: string): boolean {
  return knownAt === undefined || Date.parse(e.recordedAt) <= Date.parse(knownAt);
}

/** An asOf given as "2022-03" or "2022" means its last day, like an effective date does. */
function asOfDay(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  // Callers validate queries at the edge (AsOfDate); anything else reaching here is a bug.
  if (!isValidEffectiveDate(asOf))
    throw new Error(`asOf ${JSON.stringify(asOf)} is not a date (1944, 2022-03, 2022-03-09)`);
  return latestDay(asOf);
}

function checkKnownAt(knownAt: string | undefined) {
  if (knownAt !== undefined && Number.isNaN(Date.parse(knownAt)))
    throw new Error(`knownAt ${JSON.stringify(knownAt)} is not an instant (e.g. 2022-05-01T00:00:00Z)`);
}

/** Effective order: by the last day a date can mean, then by version. */
const effectiveOrder = (a: Keyed<Recorded>, b: Keyed<Recorded>) =>
  a.day < b.day ? -1 : a.day > b.day ? 1 : a.event.version - b.event.version;

/** An entry with its last day, worked out once (a sort compares each entry many times). */
interface Keyed<E extends Recorded> {
  readonly event: OnTimeline<E>;
  readonly day: string;
}

export function buildTimeline<E extends Recorded>(events: readonly E[], query: TimeQuery = {}): Timeline<E> {
  const asOf = asOfDay(query.asOf);
  checkKnownAt(query.knownAt);
  const known = query.knownAt === undefined ? events : events.filter((e) => isKnownAt(e, query.knownAt));
  const retracted = new Map<number, Retraction>();
  for (const e of known) {
    if (e.type === "retracted" && e.retracts !== undefined) {
      retracted.set(e.retracts, {
        version: e.version,
        reason: e.reason ?? "",
        recordedAt: e.recordedAt,
        recordedBy: e.recordedBy,
      });
    }
  }
  const keyed: Keyed<E>[] = [];
  for (const e of known) {
    if (!isOnTimelineType(e) || retracted.has(e.version)) continue;
    const day = latestDay(e.effectiveDate);
    if (asOf === undefined || day <= asOf) keyed.push({ event: e, day });
  }
  keyed.sort(effectiveOrder);
  return { entries: keyed.map((k) => k.event), retracted };
}

export interface Folded<E extends Recorded = Recorded> {
  readonly status: From;
  /** The event that set the current status (undefined before establishment). */
  readonly setBy?: OnTimeline<E>;
  /** The sides that decided the current status: the setter's, then any side that concurred. */
  readonly decidedBy: readonly string[];
  /** The latest event on the timeline, whatever it did. */
  readonly latest?: OnTimeline<E>;
}

/**
 * What one event did: moved the status, kept it (a decision that changes nothing), repeated the
 * decision that set it (a no-op: the decider records nothing), or concurred with it (the other
 * side's own decision to the same effect: recorded, status and `since` unchanged).
 */
export type Change = "moved" | "kept" | "repeated" | "concurred";

export type FoldResult<E extends Recorded = Recorded> =
  | { readonly ok: true; readonly value: Folded<E>; readonly change?: Change }
  | { readonly ok: false; readonly at: OnTimeline<E>; readonly rule: string; readonly before: Folded<E> };

export const initialFold: Folded<never> = { status: "none", decidedBy: [] };

/** A side that has not yet decided the current status ("both" covers every side). */
const isNewSide = (decidedBy: readonly string[], side: string | undefined) =>
  side !== undefined && !decidedBy.includes("both") && !decidedBy.includes(side);

/** One event applied to a folded state, with what it did (see Change). */
export function applyStep<E extends Recorded>(state: Folded<E>, e: OnTimeline<E>): FoldResult<E> {
  const s = step(state.status, e.type, state.setBy?.type);
  switch (s.kind) {
    case "forbidden":
      return { ok: false, at: e, rule: s.rule, before: state };
    case "moved":
      return {
        ok: true,
        change: "moved",
        value: { status: s.to, setBy: e, decidedBy: e.side ? [e.side] : [], latest: e },
      };
    case "kept":
      return { ok: true, change: "kept", value: { ...state, latest: e } };
    case "repeated":
      return isNewSide(state.decidedBy, e.side)
        ? {
            ok: true,
            change: "concurred",
            value: { ...state, decidedBy: [...state.decidedBy, e.side as string], latest: e },
          }
        : { ok: true, change: "repeated", value: { ...state, latest: e } };
  }
}

export function foldTimeline<E extends Recorded>(entries: readonly OnTimeline<E>[]): FoldResult<E> {
  let state: Folded<E> = initialFold;
  for (const e of entries) {
    const r = applyStep(state, e);
    if (!r.ok) return r;
    state = r.value;
  }
  return { ok: true, value: state };
}

export type { OnTimeline };
