/**
 * The registry as CSV, in the import's own format: every column the import reads is written, so
 * an export imported back writes nothing new, and imported into an empty ledger gives the same
 * statuses. A few export-only columns (pair_id, latest_event, latest_date, version, as_of) help
 * researchers; the import knows and skips them.
 *
 * Rows come from the full events of a pair (statusRows): the establishment first, then one row
 * per status change (the history, which `ledger export` writes), or only the last row (the
 * status on a date: `ledger status`, the board's /export.csv). Written by csv-stringify.
 */
import { stringify } from "csv-stringify/sync";
import {
  applyStep,
  buildTimeline,
  headerOf,
  initialFold,
  summarizeEvent,
  viewOf,
  type DomainEvent,
  type EventSummary,
  type Folded,
  type PairHeader,
  type PairView,
  type Status,
  type TimelineEvent,
} from "../../domain/index.js";
import { COLUMNS, EXPORT_ONLY_COLUMNS } from "../import/columns.js";
import { QUOTED_MATCH, neutralizeFormula } from "../shared/csv-cells.js";

export const STATUS_CSV_COLUMNS: readonly string[] = [
  "pair_id",
  ...COLUMNS.map((c) => c.name),
  ...EXPORT_ONLY_COLUMNS.map((c) => c.name).filter((n) => n !== "pair_id"),
];

export type StatusCsvRecord = Record<string, string>;

/** A status the pair took, and the event that gave it (the establishment first). */
export interface StatusStep {
  readonly status: Status;
  readonly event: TimelineEvent;
}

export interface PairRows {
  readonly view: PairView;
  readonly established: Extract<DomainEvent, { type: "established" }>;
  readonly steps: readonly StatusStep[];
}

type Entry = EventSummary & { readonly event: TimelineEvent };

/**
 * The status history of one stream as of a day (YYYY-MM-DD; undefined: everything recorded), or
 * undefined when the pair was not established then.
 */
export function pairRows(events: readonly DomainEvent[], asOfDay?: string): PairRows | undefined {
  const established = events.find((e) => e.type === "established");
  if (established?.type !== "established") return undefined;
  const query = asOfDay ? { asOf: asOfDay } : {};
  const view = viewOf(headerOf(established), events.map(summarizeEvent), query);
  if (view.status === "not-established") return undefined;
  const entries = events
    .filter((e): e is TimelineEvent => e.type !== "retracted")
    .map((event): Entry => ({ ...summarizeEvent(event), event }));
  const retractions = events.filter((e) => e.type === "retracted").map(summarizeEvent) as Entry[];
  const timeline = buildTimeline<Entry>([...entries, ...retractions], query);
  const steps: StatusStep[] = [];
  let state: Folded<Entry> = initialFold;
  for (const entry of timeline.entries) {
    const r = applyStep(state, entry);
    if (!r.ok) break;
    state = r.value;
    if (r.change === "moved" && state.status !== "none")
      steps.push({ status: state.status, event: entry.event });
  }
  return { view, established, steps };
}

const firstSource = (e: TimelineEvent) => {
  const s = e.data.sources[0];
  return s?.url ?? s?.citation ?? "";
};

const sideOf = (side: string, header: PairHeader) =>
  side === header.cityA.id ? "a" : side === header.cityB.id ? "b" : side;

const coordinate = (n: number | undefined) => (n === undefined ? "" : String(n));

/** One row: the pair, its establishment, and the status a step gave it with that event's provenance. */
export function statusRecord(rows: PairRows, step: StatusStep, asOf?: string): StatusCsvRecord {
  const { view, established } = rows;
  const e = step.event;
  const isEstablishment = e.type === "established" && e.version === established.version;
  const { cityA, cityB } = view;
  return {
    pair_id: view.pairId,
    city_a: cityA.name,
    country_a: cityA.country,
    region_a: cityA.region ?? "",
    city_b: cityB.name,
    country_b: cityB.country,
    region_b: cityB.region ?? "",
    relationship: view.relationship,
    established: established.data.effectiveDate,
    established_source: firstSource(established),
    status: step.status,
    status_date: isEstablishment ? "" : e.data.effectiveDate,
    source: firstSource(e),
    wording: e.data.wording ?? "",
    authority: e.data.authority?.body ?? "",
    instrument: e.data.authority?.instrument ?? "",
    vote: e.data.authority?.vote ?? "",
    acted_by: sideOf(e.data.actor.side, view),
    condition: e.type === "suspended" ? (e.data.condition ?? "") : "",
    note: e.data.note ?? "",
    lat_a: coordinate(cityA.location?.lat),
    lon_a: coordinate(cityA.location?.lon),
    location_source_a: cityA.location?.source ?? "",
    lat_b: coordinate(cityB.location?.lat),
    lon_b: coordinate(cityB.location?.lon),
    location_source_b: cityB.location?.source ?? "",
    latest_event: view.latest?.type ?? "",
    latest_date: view.latest?.effectiveDate ?? "",
    version: String(view.version),
    as_of: asOf ?? "",
  };
}

/** Every step of every pair (the history), or only each pair's last (its status). */
export function statusRecords(pairs: readonly PairRows[], which: "history" | "status", asOf?: string) {
  return pairs.flatMap((p) =>
    (which === "history" ? p.steps : p.steps.slice(-1)).map((s) => statusRecord(p, s, asOf)),
  );
}

const OPTIONS = { quoted_match: QUOTED_MATCH, cast: { string: neutralizeFormula } };

export const statusCsvHeader = () => stringify([[...STATUS_CSV_COLUMNS]], OPTIONS);

export const statusCsvRows = (records: readonly StatusCsvRecord[]) =>
  stringify([...records], { ...OPTIONS, columns: [...STATUS_CSV_COLUMNS] });

export function statusCsv(records: readonly StatusCsvRecord[]): string {
  return statusCsvHeader() + statusCsvRows(records);
}

/** Pairs with a city in a country, or all when country is undefined. */
export const inCountry = (country: string | undefined) => (v: Pick<PairView, "cityA" | "cityB">) =>
  country === undefined || v.cityA.country === country || v.cityB.country === country;
