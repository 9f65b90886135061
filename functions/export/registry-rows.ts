/**
 * Every pair's status rows, folded from the full events by the replay engine's scan (no read
 * model needed), sorted by pair id. A date of any precision means its last day.
 */
import { latestDay, toDomainEvent } from "../../domain/index.js";
import type { AsOfOptions } from "../audit/as-of.js";
import { collectStreams } from "../audit/stream-scan.js";
import type { EventStore } from "../ports/event-store.js";
import { pairRows, type PairRows } from "./status-csv.js";

export async function registryRows(
  store: EventStore,
  asOf: string | undefined,
  options: AsOfOptions = {},
): Promise<PairRows[]> {
  const day = asOf ? latestDay(asOf) : undefined;
  const { items } = await collectStreams(store, options, ({ events }) =>
    pairRows(events.map(toDomainEvent), day),
  );
  return items.sort((a, b) => (a.view.pairId < b.view.pairId ? -1 : 1));
}
