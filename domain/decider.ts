/**
 * The pair decider: "when you ask to do this command, while in this state, here is what happens".
 * Pure: the clock, the caller and the new event id arrive in CommandMeta.
 */
import { cityId } from "./city.js";
import { MAX_YEARS_AHEAD, isTooFarAhead, latestAllowedDay, latestDay } from "./effective-date.js";
import type { DomainError } from "./errors.js";
import { LIMITS } from "./limits.js";
import { SCHEMA_VERSIONS, type DomainEvent, type EventData } from "./events.js";
import { pairIdOfCities } from "./pair-id.js";
import { err, ok, type Result } from "./result.js";
import {
  applyStep,
  buildTimeline,
  foldTimeline,
  initialFold,
  type Folded,
  type OnTimeline,
} from "./timeline.js";
import { TRANSITIONS, type EventType, type TimelineEventType } from "./transitions.js";
import { headerOf, summarizeEvent, type EventSummary, type PairHeader } from "./views/pair-view.js";

export type Command =
  | { readonly kind: "register"; readonly data: EventData<"established"> }
  | {
      readonly kind: "record";
      readonly type: Exclude<TimelineEventType, never>;
      readonly data: EventData<TimelineEventType>;
    }
  | { readonly kind: "retract"; readonly data: EventData<"retracted"> };

export interface CommandMeta {
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly eventId: string;
}

/** An event decided but not yet placed in the stream (no version, no hashes yet). */
export interface NewEvent {
  readonly type: EventType;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface PairState {
  readonly pairId: string;
  readonly header?: PairHeader;
  readonly events: readonly EventSummary[];
  readonly version: number;
}

const tails = new WeakMap<PairState, Tail | null>();

export function initialState(pairId: string): PairState {
  const state: PairState = { pairId, events: [], version: 0 };
  tails.set(state, { folded: initialFold });
  return state;
}

/**
 * What record() needs of a state's timeline when a decision sorts last on it (the usual case:
 * decisions are mostly recorded in effective order): the fold of the whole timeline and its
 * entries from the last back, each with its last day. Kept beside each state object (a state is
 * never changed), carried by evolve from one state to the next in O(1) while events come in
 * effective order and fold cleanly; a retraction, a back-dated event or a forbidden step drops it,
 * and the next record builds it from the whole timeline once. Without it every command sorted and
 * folded the whole timeline: O(n) a command, O(n²) a stream (BENCHMARKS.md, issue 12).
 * test/domain/properties.test.ts holds the decisions to those made without it.
 */
interface Tail {
  readonly folded: Folded<EventSummary>;
  readonly last?: TailEntry;
}

interface TailEntry {
  readonly entry: OnTimeline<EventSummary>;
  readonly day: string;
  readonly previous?: TailEntry;
}

/** The state's tail, built from its whole timeline when not carried; null when it does not fold. */
function tailOf(state: PairState): Tail | null {
  const kept = tails.get(state);
  if (kept !== undefined) return kept;
  const { entries } = buildTimeline(state.events);
  const whole = foldTimeline(entries);
  let last: TailEntry | undefined;
  for (const entry of entries) last = { entry, day: latestDay(entry.effectiveDate), previous: last };
  const tail = whole.ok ? { folded: whole.value, ...(last ? { last } : {}) } : null;
  tails.set(state, tail);
  return tail;
}

/** The tail after `summary`, when it sorts last and its step is allowed; else undefined. */
function extendTail(tail: Tail, summary: EventSummary): Tail | undefined {
  if (summary.type === "retracted" || summary.effectiveDate === undefined) return undefined;
  const entry = summary as OnTimeline<EventSummary>;
  const day = latestDay(entry.effectiveDate);
  if (tail.last && day < tail.last.day) return undefined;
  const r = applyStep(tail.folded, entry);
  return r.ok ? { folded: r.value, last: { entry, day, previous: tail.last } } : undefined;
}

export function evolve(state: PairState, e: DomainEvent): PairState {
  const summary = summarizeEvent(e);
  const next: PairState = {
    pairId: state.pairId,
    header: state.header ?? (e.type === "established" ? headerOf(e) : undefined),
    events: [...state.events, summary],
    version: e.version,
  };
  const tail = tails.get(state);
  const carried = tail ? extendTail(tail, summary) : undefined;
  if (carried) tails.set(next, carried);
  return next;
}

export function decide(
  command: Command,
  state: PairState,
  meta: CommandMeta,
): Result<NewEvent[], DomainError> {
  return decideWith(command, state, meta, true);
}

/**
 * The reference the property tests hold decide() to: every record decided by sorting and folding
 * the whole timeline, never from the state's tail.
 */
export function decideFromWholeTimeline(
  command: Command,
  state: PairState,
  meta: CommandMeta,
): Result<NewEvent[], DomainError> {
  return decideWith(command, state, meta, false);
}

function decideWith(
  command: Command,
  state: PairState,
  meta: CommandMeta,
  useTail: boolean,
): Result<NewEvent[], DomainError> {
  // Bounded streams keep every read-model document bounded (domain/limits.ts).
  if (state.version >= LIMITS.eventsPerPair)
    return err({
      code: "PAIR_FULL",
      pairId: state.pairId,
      limit: LIMITS.eventsPerPair,
      message: `the pair ${state.pairId} holds the most events a pair may hold (${LIMITS.eventsPerPair}); nothing more can be recorded on it`,
    } as const);
  switch (command.kind) {
    case "register":
      return register(command.data, state, meta);
    case "record":
      return record(command.type, command.data, state, meta, useTail);
    case "retract":
      return retract(command.data, state, meta);
  }
}

const newEvent = (type: EventType, data: object, meta: CommandMeta): NewEvent => ({
  type,
  schemaVersion: SCHEMA_VERSIONS[type],
  data: data as Record<string, unknown>,
  ...meta,
});

function tooFarAhead(effectiveDate: string, meta: CommandMeta): DomainError | undefined {
  if (!isTooFarAhead(effectiveDate, meta.recordedAt)) return undefined;
  const latest = latestAllowedDay(meta.recordedAt);
  return {
    code: "DATE_TOO_FAR_AHEAD",
    effectiveDate,
    latest,
    message: `effectiveDate ${effectiveDate} is more than ${MAX_YEARS_AHEAD} years ahead (the latest accepted today is ${latest}); a decision taken in advance may be dated up to then`,
  };
}

function register(data: EventData<"established">, state: PairState, meta: CommandMeta) {
  const pairId = pairIdOfCities(data.cityA, data.cityB);
  const far = tooFarAhead(data.effectiveDate, meta);
  if (far) return err(far);
  if (cityId(data.cityA) === cityId(data.cityB))
    return err({
      code: "SAME_CITY",
      message: `a city cannot be paired with itself (${cityId(data.cityA)})`,
    } as const);
  if (state.version > 0)
    return err({
      code: "PAIR_ALREADY_REGISTERED",
      pairId,
      message: `the pair ${pairId} is already registered; record its changes as events on it (a terminated pair is renewed by an \`established\` event)`,
    } as const);
  const sides = [cityId(data.cityA), cityId(data.cityB)];
  const actor = checkActor(data.actor.side, sides);
  if (actor) return err(actor);
  return ok([newEvent("established", data, meta)]);
}

function checkActor(side: string, cityIds: readonly string[]): DomainError | undefined {
  if (side === "both" || side === "operator" || cityIds.includes(side)) return undefined;
  return {
    code: "UNKNOWN_ACTOR",
    side,
    message: `actor.side must be "both", "operator" or a city of the pair (${cityIds.join(", ")}), not "${side}"`,
  };
}

const notFound = (pairId: string): DomainError => ({
  code: "PAIR_NOT_FOUND",
  pairId,
  message: `no pair ${pairId} is registered`,
});

/** The fold of the timeline up to, not including, `candidate` (the timeline is in effective order). */
function foldBefore(
  entries: readonly OnTimeline<EventSummary>[],
  candidate: EventSummary,
): Folded<EventSummary> {
  let state: Folded<EventSummary> = initialFold;
  for (const e of entries) {
    if (e === candidate) break;
    const r = applyStep(state, e);
    if (r.ok) state = r.value;
  }
  return state;
}

/** What refuses a record before its place on the timeline is looked at; undefined when nothing does. */
function refusedRecord(
  type: TimelineEventType,
  data: EventData<TimelineEventType>,
  state: PairState,
  meta: CommandMeta,
): DomainError | undefined {
  if (!state.header) return notFound(state.pairId);
  if (!Object.hasOwn(TRANSITIONS, type))
    return {
      code: "TRANSITION_FORBIDDEN",
      from: "none",
      eventType: type,
      rule: `"${type}" is not an event type that can be recorded this way; a retraction is its own command`,
      message: `"${type}" is not an event type that can be recorded this way; a retraction is its own command`,
    };
  const actor = checkActor(data.actor.side, [state.header.cityA.id, state.header.cityB.id]);
  if (actor) return actor;
  const far = tooFarAhead(data.effectiveDate, meta);
  if (far) return far;
  if (type === "established") {
    const d = data as EventData<"established">;
    if (pairIdOfCities(d.cityA, d.cityB) !== state.pairId)
      return {
        code: "OTHER_CITIES",
        pairId: state.pairId,
        message: `a new establishment must name the cities of ${state.pairId}, not ${pairIdOfCities(d.cityA, d.cityB)}`,
      };
  }
  return undefined;
}

function record(
  type: TimelineEventType,
  data: EventData<TimelineEventType>,
  state: PairState,
  meta: CommandMeta,
  useTail: boolean,
) {
  const refused = refusedRecord(type, data, state, meta);
  if (refused) return err(refused);
  const candidate: EventSummary = {
    type,
    version: state.version + 1,
    recordedAt: meta.recordedAt,
    recordedBy: meta.recordedBy,
    effectiveDate: data.effectiveDate,
    side: data.actor.side,
  };
  const forbidden = (before: Folded<EventSummary>, rule: string) =>
    err({
      code: "TRANSITION_FORBIDDEN",
      from: before.status,
      eventType: type,
      rule,
      message: `${rule} (the pair is ${before.status === "none" ? "not established" : before.status} on ${data.effectiveDate})`,
    } as const);
  const isRepeat = (e: EventSummary) =>
    e !== candidate &&
    e.type === type &&
    e.effectiveDate === data.effectiveDate &&
    e.side === data.actor.side;

  // The candidate sorts last (no entry has a later day; on the same day it has the highest
  // version): the timeline as it stands folds to the tail's state, a repeat can only be among the
  // entries of the candidate's own day, and the candidate's step is the last.
  const tail = useTail ? tailOf(state) : null;
  const day = latestDay(data.effectiveDate);
  if (tail && (tail.last === undefined || day >= tail.last.day)) {
    for (let t = tail.last; t && t.day === day; t = t.previous) if (isRepeat(t.entry)) return ok([]);
    const here = applyStep(tail.folded, candidate as OnTimeline<EventSummary>);
    if (!here.ok) return forbidden(tail.folded, here.rule);
    if (here.change === "repeated") return ok([]);
    return ok([newEvent(type, data, meta)]);
  }

  // Anywhere else: one timeline with the candidate on it (the others are the timeline as it
  // stands: a candidate retracts nothing), so one sort serves the repeat check and both folds.
  const timeline = buildTimeline([...state.events, candidate]);
  // A decision the timeline already has (same type, date and side) is a repeat wherever it falls:
  // re-importing a history whose events share a day writes nothing.
  if (timeline.entries.some(isRepeat)) return ok([]);
  const before = foldBefore(timeline.entries, candidate);
  const here = applyStep(before, candidate as OnTimeline<EventSummary>);
  if (!here.ok) return forbidden(before, here.rule);
  // The same side repeating the decision that set the status changes nothing: no event, no error.
  if (here.change === "repeated") return ok([]);
  const whole = foldTimeline(timeline.entries);
  if (!whole.ok) return err(conflict(whole.at, whole.rule, `recording ${type} on ${data.effectiveDate}`));
  return ok([newEvent(type, data, meta)]);
}

function conflict(at: OnTimeline<EventSummary>, rule: string, what: string): DomainError {
  return {
    code: "TIMELINE_CONFLICT",
    conflictsWith: { version: at.version, type: at.type, effectiveDate: at.effectiveDate },
    rule,
    message: `${what} would make the timeline invalid at v${at.version} (${at.type}, ${at.effectiveDate}): ${rule}`,
  };
}

function retract(data: EventData<"retracted">, state: PairState, meta: CommandMeta) {
  if (!state.header) return err(notFound(state.pairId));
  const target = state.events.find((e) => e.version === data.retracts);
  const invalid = (message: string) =>
    err({ code: "RETRACTION_INVALID", retracts: data.retracts, message } as const);
  if (!target) return invalid(`the pair has no event v${data.retracts}`);
  if (target.type === "retracted") return invalid("a retraction cannot be retracted; record the event again");
  if (target.version === 1)
    return invalid("the registration (v1) cannot be retracted; record a termination or a correction instead");
  if (buildTimeline(state.events).retracted.has(target.version))
    return invalid(`v${data.retracts} is already retracted`);
  const candidate: EventSummary = {
    type: "retracted",
    version: state.version + 1,
    recordedAt: meta.recordedAt,
    recordedBy: meta.recordedBy,
    retracts: data.retracts,
    reason: data.reason,
  };
  const whole = foldTimeline(buildTimeline([...state.events, candidate]).entries);
  if (!whole.ok) return err(conflict(whole.at, whole.rule, `retracting v${data.retracts}`));
  return ok([newEvent("retracted", data, meta)]);
}

/** A record command whose data is typed by its event type (the Command union itself is loose). */
export const recordCommand = <T extends TimelineEventType>(type: T, data: EventData<T>): Command => ({
  kind: "record",
  type,
  data,
});
