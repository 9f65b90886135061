/**
 * A test oracle for status histories: the day-by-day deltas of a scope, computed the slow way by
 * folding every pair as of every day on which one of its events takes effect. Tests compare the
 * read model's stored history and the board's series with it.
 */
import {
  headerOf,
  latestDay,
  summarizeEvent,
  toDomainEvent,
  viewOf,
  type EventSummary,
  type PairHeader,
  type Status,
  type StoredEvent,
} from "../../domain/index.js";
import type { DayDelta } from "../../functions/app/board/timeline-series.js";

/** A pair's whole history: its header and every event (the read-model document keeps neither). */
export interface PairHistory {
  readonly header: PairHeader;
  readonly events: readonly EventSummary[];
}

/** Every pair's history from the event streams (e.g. the memory event store's `streams`). */
export function historiesOf(streams: Iterable<readonly StoredEvent[]>): PairHistory[] {
  return [...streams].flatMap((stream) => {
    const events = stream.map(toDomainEvent);
    const first = events.find((e) => e.type === "established");
    return first?.type === "established"
      ? [{ header: headerOf(first), events: events.map(summarizeEvent) }]
      : [];
  });
}

export type Scope =
  | { kind: "all" }
  | { kind: "country"; country: string }
  | { kind: "countryPair"; countryPair: string };

const inScope = (doc: PairHistory, scope: Scope) => {
  const a = doc.header.cityA.country;
  const b = doc.header.cityB.country;
  if (scope.kind === "country") return a === scope.country || b === scope.country;
  if (scope.kind === "countryPair") return [a, b].sort().join("-") === scope.countryPair;
  return true;
};

export function historyOracle(docs: Iterable<PairHistory>, scope: Scope): DayDelta[] {
  const byDay = new Map<string, Partial<Record<Status | "total", number>>>();
  const add = (day: string, key: Status | "total", n: number) => {
    const d = byDay.get(day) ?? {};
    d[key] = (d[key] ?? 0) + n;
    byDay.set(day, d);
  };
  for (const doc of docs) {
    if (!inScope(doc, scope)) continue;
    const days = [
      ...new Set(doc.events.flatMap((e) => (e.effectiveDate ? [latestDay(e.effectiveDate)] : []))),
    ].sort();
    let before: string = "not-established";
    for (const day of days) {
      const now = viewOf(doc.header, doc.events, { asOf: day }).status;
      if (now === before) continue;
      if (before === "not-established") add(day, "total", 1);
      else add(day, before as Status, -1);
      if (now === "not-established") add(day, "total", -1);
      else add(day, now, 1);
      before = now;
    }
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, deltas]) => ({ day, deltas }));
}
