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
  type DomainEvent,
  type EventSummary,
  type PairHeader,
  type Status,
} from "../../domain/index.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import type { DayDelta } from "../../functions/app/board/timeline-series.js";

/** A pair's whole history: its header and every event (the read-model document keeps neither). */
export interface PairHistory {
  readonly header: PairHeader;
  readonly events: readonly EventSummary[];
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

/** Every pair's history from the event store (the oracle's input). */
export async function historiesOf(eventStore: EventStore): Promise<PairHistory[]> {
  const all: DomainEvent[] = [];
  for await (const page of eventStore.scan()) all.push(...page.events.map(toDomainEvent));
  const out: PairHistory[] = [];
  for (const stream of groupByPair(all)) {
    const first = stream[0];
    if (first?.type === "established")
      out.push({ header: headerOf(first), events: stream.map(summarizeEvent) });
  }
  return out;
}

function groupByPair(events: readonly DomainEvent[]): DomainEvent[][] {
  const by = new Map<string, DomainEvent[]>();
  for (const e of events) by.set(e.pairId, [...(by.get(e.pairId) ?? []), e]);
  return [...by.values()].map((es) => es.sort((a, b) => a.version - b.version));
}
