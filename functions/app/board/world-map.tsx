/**
 * Where the pairs are: a world map drawn server-side as SVG (no tiles, no script, nothing loaded
 * from elsewhere). The countries are paths computed at build time (world-countries.generated.ts);
 * here only the arcs are projected, with the same Equal Earth projection.
 *
 * Readable at registry scale: arcs are drawn for the pairs listed on the page (at most a page),
 * while the countries are shaded by how many pairs of the whole filter they hold (the counters),
 * so 16k pairs become one shaded map plus a page of arcs, never 16k overlapping lines.
 */
import { geoEqualEarth, geoPath } from "d3-geo";
import { raw } from "hono/html";
import { STATUSES, type Status } from "../../../domain/index.js";
import { STATUS_FILL } from "./chart.js";
import { attr, esc } from "./markup.js";
import {
  WORLD_COUNTRIES,
  WORLD_HEIGHT,
  WORLD_SCALE,
  WORLD_TRANSLATE,
  WORLD_WIDTH,
} from "./world-countries.generated.js";

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** A pair as the map needs it; a city without a location leaves its pair off the map. */
export interface MapPair {
  readonly pairId: string;
  readonly label: string;
  readonly status: Status;
  readonly a?: LatLon;
  readonly b?: LatLon;
}

/** Dash patterns: a second cue besides colour (solid active, dashed suspended, …). */
export const STATUS_DASH: Record<Status, string | undefined> = {
  active: undefined,
  suspended: "7 3",
  dormant: "2 3",
  terminated: "10 3 2 3",
};

/** Shade steps for "pairs in this country" (light to dark), and their lower bounds. */
const SHADES = ["#e9edf2", "#c9d8ea", "#9dbbdc", "#6f98c6", "#467aaf"];
const BOUNDS = [0, 1, 10, 100, 1000];

const projection = geoEqualEarth().scale(WORLD_SCALE).translate([WORLD_TRANSLATE[0], WORLD_TRANSLATE[1]]);
const arcPath = geoPath(projection).digits(1);

const shadeOf = (n: number) => {
  let i = 0;
  while (i + 1 < BOUNDS.length && n >= (BOUNDS[i + 1] as number)) i++;
  return SHADES[i] as string;
};

/** The countries' <path>s for a set of counts; the path data is built once per process. */
const COUNTRY_TAGS = WORLD_COUNTRIES.map(([code, , d]) => ({
  code,
  open: `<path d="${d}" data-country="${code}" fill="`,
}));

function countriesLayer(counts: Readonly<Record<string, number>>): string {
  let out = "";
  for (const c of COUNTRY_TAGS) out += `${c.open}${shadeOf(c.code ? (counts[c.code] ?? 0) : 0)}"/>`;
  return out;
}

export interface ArcShape {
  readonly pair: MapPair;
  readonly d: string;
  readonly ends: readonly [number, number][];
}

/** The arcs (great-circle lines) of the pairs with both locations, and the pairs left off. */
export function arcsOf(pairs: readonly MapPair[]): { arcs: ArcShape[]; unplaced: MapPair[] } {
  const arcs: ArcShape[] = [];
  const unplaced: MapPair[] = [];
  for (const pair of pairs) {
    const { a, b } = pair;
    const d =
      a && b
        ? arcPath({
            type: "LineString",
            coordinates: [
              [a.lon, a.lat],
              [b.lon, b.lat],
            ],
          })
        : null;
    if (!a || !b || !d) {
      unplaced.push(pair);
      continue;
    }
    const ends = [a, b]
      .map((p) => projection([p.lon, p.lat]))
      .filter((p): p is [number, number] => p !== null);
    arcs.push({ pair, d, ends });
  }
  return { arcs, unplaced };
}

export interface WorldMapProps {
  readonly id: string;
  readonly title: string;
  readonly pairs: readonly MapPair[];
  /** Pairs per country in the whole filter (the shading). */
  readonly countryCounts: Readonly<Record<string, number>>;
  /** Pairs in the whole filter, when known (the caption says how many the arcs show). */
  readonly filterTotal?: number;
  readonly hrefOf: (pairId: string) => string;
}

/** The map as markup: built as a string (a page of arcs, each a link with its lines and labels). */
export function worldMapHtml(props: WorldMapProps): string {
  const { arcs, unplaced } = arcsOf(props.pairs);
  const perStatus = STATUSES.map((s) => ({ status: s, n: arcs.filter((a) => a.pair.status === s).length }));
  const summary = perStatus.map((p) => `${p.n} ${p.status}`).join(", ");
  const more = props.filterTotal !== undefined ? props.filterTotal - props.pairs.length : 0;
  const id = esc(props.id);
  const title = esc(props.title);
  let out = `<figure class="chart map" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">${title}</figcaption>`;
  // role=group, not img: the SVG holds links (role=img would hide them).
  out += `<svg id="${id}" viewBox="0 0 ${WORLD_WIDTH} ${WORLD_HEIGHT}" width="${WORLD_WIDTH}" height="${WORLD_HEIGHT}" role="group" aria-labelledby="${id}-title" aria-describedby="${id}-desc">`;
  out += `<title id="${id}-title">${title}</title><desc id="${id}-desc">${esc(
    `${arcs.length} pairs drawn as lines between their cities: ${summary}. Countries are shaded by how many pairs they hold.`,
  )}</desc>`;
  out += `<rect width="${WORLD_WIDTH}" height="${WORLD_HEIGHT}" fill="#f7f9fc"></rect>`;
  // Decorative country shapes, nothing in them takes focus; the arcs carry the links.
  out += `<g class="countries" stroke="#ffffff" stroke-width="0.5" aria-hidden="true">${countriesLayer(props.countryCounts)}</g>`;
  out += `<g class="arcs" fill="none" stroke-linecap="round">`;
  for (const { pair, d, ends } of arcs) {
    const fill = STATUS_FILL[pair.status];
    const text = esc(`${pair.label}: ${pair.status}`);
    out += `<a href="${esc(props.hrefOf(pair.pairId))}" data-pair-id="${esc(pair.pairId)}" data-status="${pair.status}" aria-label="${text}"><title>${text}</title>`;
    out += `<path class="hit" d="${d}" stroke="transparent" stroke-width="9"></path>`;
    out += `<path class="arc" d="${d}" stroke="${fill}" stroke-width="2"${attr("stroke-dasharray", STATUS_DASH[pair.status])}></path>`;
    for (const [x, y] of ends)
      out += `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${fill}"></circle>`;
    out += `<text class="label" x="${(ends[0]?.[0] ?? 0).toFixed(1)}" y="${((ends[0]?.[1] ?? 0) - 8).toFixed(1)}" font-size="14">${text}</text></a>`;
  }
  out += `</g></svg><table class="pairs legend" id="${id}-table"><caption>Lines on the map by status`;
  if (more > 0) out += esc(` (the ${props.pairs.length} pairs of this page; ${more} more match)`);
  if (unplaced.length > 0)
    out += esc(
      `; ${unplaced.length} ${unplaced.length === 1 ? "pair" : "pairs"} not drawn (a city without a location)`,
    );
  out += `</caption><thead><tr><th scope="col">Status</th><th scope="col">Line</th><th scope="col">Pairs drawn</th></tr></thead><tbody>`;
  for (const p of perStatus)
    out += `<tr data-status="${p.status}"><th scope="row">${p.status}</th><td data-label="Line"><svg width="40" height="10" aria-hidden="true"><line x1="2" y1="5" x2="38" y2="5" stroke="${STATUS_FILL[p.status]}" stroke-width="3"${attr("stroke-dasharray", STATUS_DASH[p.status])}></line></svg></td><td data-label="Pairs drawn">${p.n}</td></tr>`;
  return `${out}</tbody></table></figure>`;
}

export function WorldMap(props: WorldMapProps) {
  return raw(worldMapHtml(props));
}
