/**
 * The whole registry as of a date (effective time), built on the replay engine: every stream
 * scanned, folded with viewOf(header, summaries, { asOf }). Pairs not yet established on that
 * date are left out. Used by `ledger status --as-of` and `GET /stats?asOf=`.
 */
import { latestDay, toDomainEvent, type DomainEvent, type PairView } from "../../domain/index.js";
import { foldView } from "../application/view.js";
import type { EventStore } from "../ports/event-store.js";
import { counterKeys, type Stats, statsFromCounters } from "../ports/read-model.js";
import { type CollectOptions, collectStreams } from "./stream-scan.js";

export type AsOfOptions = CollectOptions;

/** The view of one stream on a day, or undefined when it was not established then (or cannot fold). */
export function viewAsOf(events: readonly DomainEvent[], asOfDay: string): PairView | undefined {
  const view = foldView(events, { asOf: asOfDay });
  return view?.status === "not-established" ? undefined : view;
}

/** Views of every pair established on `asOf` (a date of any precision: its last day counts), sorted by pair id. */
export async function registryAsOf(
  store: EventStore,
  asOf: string,
  options: AsOfOptions = {},
): Promise<PairView[]> {
  const day = latestDay(asOf);
  const { items } = await collectStreams(store, options, ({ events }) =>
    viewAsOf(events.map(toDomainEvent), day),
  );
  return items.sort((a, b) => (a.pairId < b.pairId ? -1 : 1));
}

/** Counts by status (in all, per country, per country pair) of views, as the read model counts them. */
export function statsOf(views: readonly PairView[]): Stats {
  const counters: Record<string, number> = {};
  for (const v of views) for (const k of counterKeys(v)) counters[k] = (counters[k] ?? 0) + 1;
  return statsFromCounters(counters);
}
