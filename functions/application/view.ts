/**
 * The read use case: a pair as its events say it stands — now, as of a day (effective time), as
 * known at an instant (recording time), or both. The API's GET /pairs/{id}, the board's pair page
 * and the registry as of a date all fold a stream through here, so they cannot disagree.
 */
import {
  domainEventWith,
  headerOf,
  scheduledChanges,
  summarizeEvent,
  toDomainEvent,
  viewOf,
  type DomainEvent,
  type EventSummary,
  type PairView,
  type ScheduledChange,
  type StoredEvent,
  type TimeQuery,
} from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";

export interface PairReading {
  readonly view: PairView;
  /** The stream as stored (hashes included), in version order. */
  readonly stored: readonly StoredEvent[];
  readonly events: readonly DomainEvent[];
  readonly summaries: readonly EventSummary[];
  /** The stream's version (its last event's). */
  readonly version: number;
}

/**
 * Stored events read into the domain, each parsed once per process: a stream kept in the stream
 * cache (and a view read just before a command) is folded again on every command, and its events
 * are the same immutable objects each time. Keyed weakly, so an event no cache holds is collected.
 */
const parsed = new WeakMap<StoredEvent, DomainEvent>();

export function domainEvent(stored: StoredEvent): DomainEvent {
  let event = parsed.get(stored);
  if (event === undefined) {
    event = toDomainEvent(stored);
    parsed.set(stored, event);
  }
  return event;
}

/**
 * An event this process has just appended, taken into the domain as decided: its data is what its
 * command's schema parsed (every caller of the ledger parses with EVENT_DATA: the API, the import,
 * the seed), which is what a read parses it into again, so a warm process does not parse its own
 * writes (about 3% of a POST's CPU, BENCHMARKS.md). test/application/decided-events.test.ts holds
 * the two to the same JSON, key order included.
 */
export function rememberDecided(stored: StoredEvent): DomainEvent {
  const event = domainEventWith(stored, stored.data);
  parsed.set(stored, event);
  return event;
}

/**
 * The last reading of each stream array, with the query it answered. A warm process hands the same
 * array back while its stream has not moved (the stream cache), so a pair read again (GET
 * /pairs/{id} of the same day) is not folded again: the fold is a pure function of the events and
 * the query, and the events are immutable. A new event makes a new array. Keyed weakly.
 */
const lastReading = new WeakMap<
  readonly StoredEvent[],
  { readonly key: string; readonly reading: PairReading | undefined }
>();

/** A stream folded into its view; undefined when it holds no registration. */
export function readingOf(stored: readonly StoredEvent[], query: TimeQuery = {}): PairReading | undefined {
  const key = `${query.asOf ?? ""}|${query.knownAt ?? ""}`;
  const last = lastReading.get(stored);
  if (last?.key === key) return last.reading;
  const reading = readingOfEvents(stored, stored.map(domainEvent), query);
  lastReading.set(stored, { key, reading });
  return reading;
}

/**
 * The status changes of a reading dated after `day` (GET /pairs/{id} lists them as `scheduled`),
 * kept with the reading: a pair read again the same day, its stream unchanged, is handed the same
 * reading (readingOf), so its timeline is not sorted and folded again. Keyed weakly.
 */
const lastScheduled = new WeakMap<PairReading, { readonly key: string; readonly value: ScheduledChange[] }>();

export function scheduledOf(reading: PairReading, day: string, knownAt?: string): readonly ScheduledChange[] {
  const key = `${day}|${knownAt ?? ""}`;
  const last = lastScheduled.get(reading);
  if (last?.key === key) return last.value;
  const value = scheduledChanges(reading.summaries, day, { knownAt });
  lastScheduled.set(reading, { key, value });
  return value;
}

function readingOfEvents(
  stored: readonly StoredEvent[],
  events: readonly DomainEvent[],
  query: TimeQuery,
): PairReading | undefined {
  const first = events[0];
  if (first?.type !== "established") return undefined;
  const summaries = events.map(summarizeEvent);
  const view = viewOf(headerOf(first), summaries, query);
  return { view, stored, events, summaries, version: events.at(-1)?.version ?? 0 };
}

/** Only the view, from domain events (a scan's streams): undefined when the stream holds no registration. */
export function foldView(events: readonly DomainEvent[], query: TimeQuery = {}): PairView | undefined {
  return readingOfEvents([], events, query)?.view;
}

/** A pair read consistently and folded; undefined when no pair has this id. */
export async function viewPair(
  eventStore: EventStore,
  pairId: string,
  query: TimeQuery = {},
): Promise<PairReading | undefined> {
  return readingOf(await eventStore.readStream(pairId), query);
}
