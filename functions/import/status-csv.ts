/**
 * Status CSV for researchers: one row per pair, current or as of a date. Column names follow the
 * import format where they mean the same thing (city_a … status, status_date, source), so a
 * spreadsheet user sees one vocabulary. Written by csv-stringify (CLI and HTTP share this).
 */
import { stringify } from "csv-stringify/sync";
import type { PairView } from "../../domain/index.js";

export const STATUS_CSV_COLUMNS = [
  "pair_id",
  "city_a",
  "country_a",
  "region_a",
  "city_b",
  "country_b",
  "region_b",
  "relationship",
  "established",
  "status",
  "status_date",
  "latest_event",
  "latest_date",
  "source",
  "wording",
  "version",
  "as_of",
] as const;

export type StatusCsvRecord = Record<(typeof STATUS_CSV_COLUMNS)[number], string>;

export function statusRecord(view: PairView, asOf?: string): StatusCsvRecord {
  return {
    pair_id: view.pairId,
    city_a: view.cityA.name,
    country_a: view.cityA.country,
    region_a: view.cityA.region ?? "",
    city_b: view.cityB.name,
    country_b: view.cityB.country,
    region_b: view.cityB.region ?? "",
    relationship: view.relationship,
    established: view.establishedOn ?? "",
    status: view.status,
    status_date: view.since ?? "",
    latest_event: view.latest?.type ?? "",
    latest_date: view.latest?.effectiveDate ?? "",
    source: view.latest?.source ?? "",
    wording: view.latest?.wording ?? "",
    version: String(view.version),
    as_of: asOf ?? "",
  };
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: the registry's text comes from sources and users, and a CSV must not execute it.
 */
export const neutralizeFormula = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

export const statusCsvHeader = () => stringify([[...STATUS_CSV_COLUMNS]]);

export const statusCsvRows = (views: readonly PairView[], asOf?: string) =>
  stringify(
    views.map((v) => statusRecord(v, asOf)),
    { columns: [...STATUS_CSV_COLUMNS], cast: { string: neutralizeFormula } },
  );

export function statusCsv(views: readonly PairView[], asOf?: string): string {
  return statusCsvHeader() + statusCsvRows(views, asOf);
}

/** Views of a country (either side), or all when country is undefined. */
export const inCountry = (country: string | undefined) => (v: PairView) =>
  country === undefined || v.cityA.country === country || v.cityB.country === country;
