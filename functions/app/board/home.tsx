/** The board's home page: filters, the pairs with their status, and the counts per country. */
import { STATUSES, type PairView, type Status } from "../../../domain/index.js";
import type { Stats, StatusCounts } from "../../ports/read-model.js";
import { StatusChart, type ChartRow } from "./chart.js";
import {
  AsOfInput,
  Alert,
  Layout,
  effectiveDateHtml,
  formatDate,
  qs,
  sourceRefHtml,
  statusBadgeHtml,
} from "./layout.js";
import { esc, markup } from "./markup.js";
import { TimelineChart } from "./timeline-chart.js";
import type { Interval, SeriesPoint } from "./timeline-series.js";
import { WorldMap, type LatLon, type MapPair } from "./world-map.js";

export interface HomeQuery {
  readonly country?: string;
  readonly status?: string;
  readonly city?: string;
  /** As typed (any precision); the board shows its last day. */
  readonly asOf?: string;
}

export interface HomeProps {
  readonly query: HomeQuery;
  readonly asOfDay?: string;
  readonly rows: readonly PairView[];
  readonly nextCursor?: string;
  /** Counts as of the as-of day (or today's). */
  readonly stats: Stats;
  /** Status over time for the filter's scope, when the read model keeps its history. */
  /** Draw the chart over time and the map (default); false for the plain board. */
  readonly pictures?: boolean;
  readonly timeline?: {
    readonly points: readonly SeriesPoint[];
    readonly interval: Interval;
    readonly today: string;
  };
  readonly errors: readonly string[];
}

const TOP = 12;

function chartRows(stats: Stats, country?: string): ChartRow[] {
  const entries = country
    ? Object.entries(stats.byCountryPair).filter(([k]) => k.split("-").includes(country))
    : Object.entries(stats.byCountry);
  return entries
    .sort((a, b) => b[1].total - a[1].total || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP)
    .map(([label, counts]) => ({ label, counts }));
}

function UsRussia(props: { stats: Stats; asOfDay?: string }) {
  const c = props.stats.byCountryPair["RU-US"];
  if (!c) return null;
  return (
    <p class="note" id="us-russia">
      {props.asOfDay ? `As of ${formatDate(props.asOfDay)}, of` : "Of"} the <strong>{c.total}</strong>{" "}
      US–Russia pairs in the ledger: <strong>{c.suspended ?? 0}</strong> suspended,{" "}
      <strong>{c.terminated ?? 0}</strong> terminated, <strong>{c.dormant ?? 0}</strong> dormant and{" "}
      <strong>{c.active ?? 0}</strong> active (retained or never challenged).
    </p>
  );
}

const locationOf = (city: object): LatLon | undefined => {
  const l = (city as { location?: LatLon }).location;
  return l && Number.isFinite(l.lat) && Number.isFinite(l.lon) ? l : undefined;
};

export const mapPairOf = (v: PairView): MapPair | undefined =>
  v.status === "not-established"
    ? undefined
    : {
        pairId: v.pairId,
        label: `${v.cityA.name} – ${v.cityB.name}`,
        status: v.status,
        a: locationOf(v.cityA),
        b: locationOf(v.cityB),
      };

/** Pairs per country in the filter's scope (the map's shading), and how many the filter holds. */
function scopeCounts(stats: Stats, q: HomeQuery) {
  const pick = (c: StatusCounts | undefined) => (q.status ? (c?.[q.status as Status] ?? 0) : (c?.total ?? 0));
  const counts: Record<string, number> = {};
  if (q.country) {
    for (const [key, c] of Object.entries(stats.byCountryPair)) {
      const [a, b] = key.split("-");
      if (a !== q.country && b !== q.country) continue;
      const partner = a === q.country ? (b ?? a) : a;
      if (partner) counts[partner] = (counts[partner] ?? 0) + pick(c);
    }
    counts[q.country] = pick(stats.byCountry[q.country]);
  } else for (const [code, c] of Object.entries(stats.byCountry)) counts[code] = pick(c);
  const total = q.city ? undefined : pick(q.country ? stats.byCountry[q.country] : stats.total);
  return { counts, total };
}

function Pictures(props: HomeProps) {
  const q = props.query;
  const scope = q.country ? `${q.country}'s pairs` : "All pairs";
  const when = props.asOfDay ? `as of ${formatDate(props.asOfDay)}` : "today";
  const { counts, total } = scopeCounts(props.stats, q);
  const mapPairs = props.rows.map(mapPairOf).filter((p): p is MapPair => p !== undefined);
  const t = props.timeline;
  const first = t?.points[0];
  const last = t?.points.at(-1);
  return (
    <section aria-labelledby="glance-heading" class="glance">
      <h2 id="glance-heading">At a glance</h2>
      {t && first && last ? (
        <TimelineChart
          id="timeline-chart"
          title={`${scope} by status, ${t.interval} by ${t.interval}, ${formatDate(first.period)} to ${formatDate(last.period)}${
            q.status || q.city ? " (country filter only)" : ""
          }`}
          points={t.points}
          interval={t.interval}
          markDay={props.asOfDay ?? t.today}
          markLabel={props.asOfDay ? `as of ${formatDate(props.asOfDay)}` : "today"}
        />
      ) : null}
      <WorldMap
        id="world-map"
        title={`Where they are: ${q.country ? `${q.country}'s pairs` : "the pairs"} on this page, ${when}`}
        pairs={mapPairs}
        countryCounts={counts}
        filterTotal={total}
        hrefOf={(id) => `/board/pairs/${encodeURIComponent(id)}${qs({ asOf: q.asOf })}`}
      />
    </section>
  );
}

function Filters(props: { query: HomeQuery; countries: readonly string[] }) {
  const q = props.query;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is what every browser and screen reader knows; <search> is too new
    <form class="filters" method="get" action="/" role="search" aria-label="Filter pairs">
      <label>
        Country
        <select name="country">
          <option value="">all countries</option>
          {props.countries.map((c) => (
            <option value={c} selected={c === q.country}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select name="status">
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option value={s} selected={s === q.status}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        City
        <input type="search" name="city" value={q.city ?? ""} placeholder="e.g. Portland" maxlength={100} />
      </label>
      <AsOfInput value={q.asOf} />
      <button type="submit">Show</button>
      <a href="/">Reset</a>
    </form>
  );
}

const DECIDED: Record<string, string> = {
  established: "established",
  suspended: "suspended",
  reinstated: "reinstated",
  terminated: "terminated",
  "marked-dormant": "marked dormant",
  reactivated: "reactivated",
};

/** Who acted: the named actor, else the city (or both sides, or an operator). */
function actorOf(view: PairView, side: string, name?: string) {
  if (name) return name;
  if (side === view.cityA.id) return view.cityA.name;
  if (side === view.cityB.id) return view.cityB.name;
  return side === "both" ? "both cities" : "an operator";
}

/** The event that set the status (not the latest event): its date, who acted, the authority, the source. */
function decisionCellHtml(v: PairView): string {
  const d = v.decision;
  if (!d) return '<span class="muted">–</span>';
  const authority = [d.authority?.body, d.authority?.instrument, d.authority?.vote]
    .filter(Boolean)
    .join(", ");
  let out = `<span class="decision" data-decision-version="${esc(d.version)}">${esc(DECIDED[d.type] ?? d.type)} ${effectiveDateHtml(
    d.effectiveDate,
  )} by ${esc(actorOf(v, d.side, d.actorName))}`;
  if (authority) out += `<span class="muted"> (${esc(authority)})</span>`;
  if (d.wording) out += `<span class="muted"> “${esc(d.wording)}”</span>`;
  if (d.source) out += `<span> · ${sourceRefHtml(d.source)}</span>`;
  return `${out}</span>`;
}

/** A row of the pairs' table, as markup (a page holds 50: built as strings, not element trees). */
function pairRowHtml(v: PairView, asOf: string | undefined): string {
  const href = `/board/pairs/${encodeURIComponent(v.pairId)}${qs({ asOf })}`;
  let out = `<tr data-pair-id="${esc(v.pairId)}"><td data-label="Pair"><a href="${esc(href)}">${esc(
    `${v.cityA.name} (${v.cityA.region ?? v.cityA.country}) – ${v.cityB.name} (${v.cityB.region ?? v.cityB.country})`,
  )}</a>`;
  if (v.relationship !== "sister-city") out += `<span class="muted"> · ${esc(v.relationship)}</span>`;
  out += `</td><td data-label="Status">${statusBadgeHtml(v.status)}`;
  for (const s of v.scheduled ?? [])
    out += `<span class="badge scheduled" data-scheduled="true"> scheduled: ${esc(s.status)} from ${esc(
      formatDate(s.effectiveDate),
    )}</span>`;
  out += `</td><td data-label="Since">${v.since ? effectiveDateHtml(v.since) : '<span class="muted">–</span>'}</td>`;
  return `${out}<td data-label="On whose decision">${decisionCellHtml(v)}</td></tr>`;
}

export function HomePage(props: HomeProps) {
  const q = props.query;
  const countries = Object.keys(props.stats.byCountry).sort();
  const chart = chartRows(props.stats, q.country);
  const base = { country: q.country, status: q.status, city: q.city, asOf: q.asOf };
  return (
    <Layout title="Status board">
      <h1>Status of sister-city pairs{props.asOfDay ? ` as of ${formatDate(props.asOfDay)}` : ""}</h1>
      <UsRussia stats={props.stats} asOfDay={props.asOfDay} />
      <Filters query={q} countries={countries} />
      <Alert errors={props.errors} />
      {props.pictures === false ? null : <Pictures {...props} />}
      <section aria-labelledby="pairs-heading">
        <h2 id="pairs-heading">Pairs</h2>
        {props.asOfDay ? (
          <p class="muted">
            Each pair is folded from its events as they stood on {formatDate(props.asOfDay)}; pairs not yet
            established then are left out. The counts, the chart and the map are as of that day too.
          </p>
        ) : null}
        {props.rows.length === 0 ? (
          <p id="no-pairs">No pairs match these filters.</p>
        ) : (
          <table class="pairs" id="pairs">
            <caption>
              {props.rows.length} {props.rows.length === 1 ? "pair" : "pairs"} on this page
              {q.country ? ` · country ${q.country}` : ""}
              {q.status ? ` · status ${q.status}` : ""}
              {q.city ? ` · city “${q.city}”` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Status</th>
                <th scope="col">Since</th>
                <th scope="col">On whose decision</th>
              </tr>
            </thead>
            <tbody>{markup(props.rows.map((v) => pairRowHtml(v, q.asOf)).join(""))}</tbody>
          </table>
        )}
        <nav class="pager" aria-label="Pages">
          {props.nextCursor ? (
            <a href={`/${qs({ ...base, cursor: props.nextCursor })}`}>Next page →</a>
          ) : null}
          <a href={`/export.csv${qs({ country: q.country, asOf: q.asOf })}`}>Download as CSV</a>
        </nav>
      </section>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">
          Statuses {q.country ? `of ${q.country}'s pairs, by partner country` : "per country"}
        </h2>
        {chart.length > 0 ? (
          <StatusChart
            id="status-chart"
            title={`${q.country ? `Pairs of ${q.country} by country pair` : `Pairs per country (top ${TOP})`}, ${
              props.asOfDay ? `as of ${formatDate(props.asOfDay)}` : "now"
            }`}
            rows={chart}
          />
        ) : (
          <p>No pairs yet.</p>
        )}
      </section>
    </Layout>
  );
}
