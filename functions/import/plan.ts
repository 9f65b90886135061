/**
 * Rows to commands, without touching any store: every field is checked with the same zod schemas
 * the API uses, and the rows of one pair are grouped in file order (later rows are later
 * statuses of the same pair).
 */
import {
  City,
  EVENT_DATA,
  EffectiveDate,
  EstablishedData,
  Location,
  RELATIONSHIPS,
  STATUSES,
  Source,
  cityId,
  pairIdOf,
  type EventData,
  type Status,
} from "../../domain/index.js";
import { COLUMNS } from "./columns.js";
import type { RawRow, RowProblem } from "./read-rows.js";

/** The event that brings a pair to a status (active depends on where it comes from). */
export const EVENT_FOR_STATUS = {
  suspended: "suspended",
  dormant: "marked-dormant",
  terminated: "terminated",
} as const;

export type StatusEventType =
  | (typeof EVENT_FOR_STATUS)[keyof typeof EVENT_FOR_STATUS]
  | "reinstated"
  | "reactivated"
  // A terminated pair made active again: a new agreement, its cities those of the registration.
  | "established";

export interface PlannedRow {
  readonly where: string;
  readonly position: number;
  readonly pairId: string;
  readonly register: EventData<"established">;
  readonly status: Status;
  /** Provenance for the status event; absent on an active row without status_date. */
  readonly statusData?: EventData<"suspended">;
}

export interface Plan {
  /** Rows per pair id, in file order; pairs in order of first appearance. */
  readonly groups: ReadonlyMap<string, readonly PlannedRow[]>;
  readonly problems: readonly RowProblem[];
  readonly rows: number;
}

const blank = (v: string | undefined): v is undefined => v === undefined || v.trim() === "";
const opt = (v: string | undefined) => (blank(v) ? undefined : v.trim());

function sourceOf(text: string) {
  return /^https?:\/\//i.test(text) ? { url: text } : { citation: text };
}

function issues(
  prefix: string,
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
) {
  return error.issues.map(
    (i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join(".")}: ${i.message}`,
  );
}

function cityOf(v: Readonly<Record<string, string>>, side: "a" | "b", out: string[]): City | undefined {
  const location = locationOf(v, side, out);
  const parsed = City.safeParse({
    name: v[`city_${side}`] ?? "",
    country: v[`country_${side}`] ?? "",
    ...(blank(v[`region_${side}`]) ? {} : { region: v[`region_${side}`] }),
    ...(location ? { location } : {}),
  });
  if (parsed.success) return parsed.data;
  const column = (field: string) =>
    field === "name" ? `city_${side}` : field === "location" ? `lat_${side}` : `${field}_${side}`;
  const seen = new Set<string>();
  for (const i of parsed.error.issues) {
    const name = column(String(i.path[0] ?? "name"));
    if (!seen.has(name)) out.push(`${name}: ${i.message}`);
    seen.add(name);
  }
  return undefined;
}

/** lat_x and lon_x (both or neither) with their source, which defaults to the establishment's. */
function locationOf(v: Readonly<Record<string, string>>, side: "a" | "b", out: string[]) {
  const lat = opt(v[`lat_${side}`]);
  const lon = opt(v[`lon_${side}`]);
  if (lat === undefined && lon === undefined) return undefined;
  if (lat === undefined || lon === undefined) {
    out.push(
      `${lat === undefined ? "lat" : "lon"}_${side}: is required with ${lat === undefined ? "lon" : "lat"}_${side}`,
    );
    return undefined;
  }
  const notNumbers = [
    [`lat_${side}`, lat],
    [`lon_${side}`, lon],
  ].filter(([, value]) => !Number.isFinite(Number(value)));
  for (const [name, value] of notNumbers)
    out.push(`${name}: "${value}" is not a number of degrees, e.g. 41.88`);
  if (notNumbers.length > 0) return undefined;
  const source = opt(v[`location_source_${side}`]) ?? opt(v.established_source) ?? opt(v.source) ?? "";
  const location = Location.safeParse({ lat: Number(lat), lon: Number(lon), source });
  if (location.success) return location.data;
  for (const i of location.error.issues)
    out.push(`${i.path[0] === "source" ? "location_source" : String(i.path[0])}_${side}: ${i.message}`);
  return undefined;
}

function actorOf(value: string | undefined, a: City, b: City, out: string[]) {
  const v = (value ?? "both").trim().toLowerCase() || "both";
  if (v === "a") return { side: cityId(a) };
  if (v === "b") return { side: cityId(b) };
  if (v === "both" || v === "operator") return { side: v };
  out.push(`acted_by: must be a, b, both or operator, not "${value}"`);
  return { side: "both" };
}

/** One row to its commands' data, or the list of what is wrong with it (column: message). */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
export function planRow(row: RawRow): { ok: true; row: PlannedRow } | { ok: false; messages: string[] } {
  const v = row.values;
  const out: string[] = [];
  for (const c of COLUMNS) if (c.required && blank(v[c.name])) out.push(`${c.name}: is required`);
  if (out.length > 0) return { ok: false, messages: out };
  const a = cityOf(v, "a", out);
  const b = cityOf(v, "b", out);
  const status = (v.status as string).toLowerCase() as Status;
  if (!STATUSES.includes(status))
    out.push(`status: must be one of ${STATUSES.join(", ")}, not "${v.status}"`);
  const relationship = opt(v.relationship) ?? "sister-city";
  if (!(RELATIONSHIPS as readonly string[]).includes(relationship))
    out.push(`relationship: must be one of ${RELATIONSHIPS.join(", ")}, not "${relationship}"`);
  for (const field of ["established", "status_date"] as const)
    if (!blank(v[field]) && !EffectiveDate.safeParse(v[field]).success)
      out.push(`${field}: "${v[field]}" must be a year, a month or a day: 1944, 2022-03 or 2022-03-09`);
  if (status !== "active" && blank(v.status_date))
    out.push(`status_date: is required when status is ${status}`);
  for (const field of ["source", "established_source"] as const)
    if (!blank(v[field]) && !Source.safeParse(sourceOf(v[field].trim())).success)
      out.push(`${field}: "${v[field]}" is neither a valid http(s) url nor a citation`);
  if (!a || !b || out.length > 0) return { ok: false, messages: out };
  if (cityId(a) === cityId(b))
    return { ok: false, messages: [`city_b: a city cannot be paired with itself (${cityId(a)})`] };

  const actor = actorOf(v.acted_by, a, b, out);
  const authority = Object.fromEntries(
    (["authority", "instrument", "vote"] as const)
      .filter((k) => !blank(v[k]))
      .map((k) => [k === "authority" ? "body" : k, (v[k] as string).trim()]),
  );
  const hasStatusEvent = status !== "active" || !blank(v.status_date);
  const provenance = {
    actor,
    ...(Object.keys(authority).length > 0 ? { authority } : {}),
    ...(opt(v.wording) ? { wording: opt(v.wording) } : {}),
    ...(opt(v.note) ? { note: opt(v.note) } : {}),
  };
  const registered = EstablishedData.safeParse({
    cityA: a,
    cityB: b,
    relationship,
    effectiveDate: v.established,
    actor: { side: "both" },
    sources: [sourceOf((opt(v.established_source) ?? (v.source as string)).trim())],
    // Without a status event the row's wording, authority and note describe the establishment.
    ...(hasStatusEvent ? {} : provenance),
  });
  if (!registered.success) return { ok: false, messages: issues("", registered.error) };
  let statusData: EventData<"suspended"> | undefined;
  if (hasStatusEvent) {
    const parsed = EVENT_DATA.suspended.safeParse({
      effectiveDate: v.status_date,
      sources: [sourceOf((v.source as string).trim())],
      ...provenance,
      ...(status === "suspended" && opt(v.condition) ? { condition: opt(v.condition) } : {}),
    });
    if (!parsed.success) return { ok: false, messages: issues("", parsed.error) };
    statusData = parsed.data;
  }
  if (out.length > 0) return { ok: false, messages: out };
  return {
    ok: true,
    row: {
      where: row.where,
      position: row.position,
      pairId: pairIdOf(cityId(a), cityId(b)),
      register: registered.data,
      status,
      ...(statusData ? { statusData } : {}),
    },
  };
}

/** Every row planned; rows of one pair must agree on its establishment. */
export function planRows(rows: readonly RawRow[]): Plan {
  const groups = new Map<string, PlannedRow[]>();
  const problems: RowProblem[] = [];
  for (const raw of rows) {
    const planned = planRow(raw);
    if (!planned.ok) {
      problems.push({ where: raw.where, position: raw.position, message: planned.messages.join("; ") });
      continue;
    }
    const row = planned.row;
    const first = groups.get(row.pairId)?.[0];
    if (first && first.register.effectiveDate !== row.register.effectiveDate) {
      problems.push({
        where: row.where,
        position: row.position,
        message: `established: ${row.register.effectiveDate} differs from ${first.where} (${first.register.effectiveDate}) for the same pair ${row.pairId}`,
      });
      continue;
    }
    const group = groups.get(row.pairId);
    if (group) group.push(row);
    else groups.set(row.pairId, [row]);
  }
  return { groups, problems, rows: rows.length };
}
