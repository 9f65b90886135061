/**
 * Status over time: a stacked step chart (pairs in each status at the end of each month or week)
 * drawn server-side as SVG, the as-of date marked, the same figures in a table beside it, and a
 * text summary of the biggest change for people who cannot see the chart.
 */
import { STATUSES, type Status } from "../../../domain/index.js";
import { STATUS_FILL } from "./chart.js";
import { formatDate } from "./layout.js";
import { esc } from "./markup.js";
import { raw } from "hono/html";
import type { Interval, SeriesPoint } from "./timeline-series.js";

/** Two drawings of one chart: wide for desktops, narrow (larger type per pixel) for phones; CSS shows one. */
interface Frame {
  readonly name: "wide" | "narrow";
  readonly W: number;
  readonly H: number;
  readonly LEFT: number;
  readonly RIGHT: number;
  readonly TOP: number;
  readonly BOTTOM: number;
  readonly font: number;
  /** Legend entries per row. */
  readonly legendCols: number;
  readonly years: number;
}
const WIDE: Frame = {
  name: "wide",
  W: 640,
  H: 260,
  LEFT: 44,
  RIGHT: 12,
  TOP: 28,
  BOTTOM: 30,
  font: 12,
  legendCols: 4,
  years: 8,
};
const NARROW: Frame = {
  name: "narrow",
  W: 360,
  H: 250,
  LEFT: 34,
  RIGHT: 8,
  TOP: 44,
  BOTTOM: 26,
  font: 13,
  legendCols: 2,
  years: 4,
};

/** Bottom to top: the statuses that change stack on the stable ones. */
const STACK: readonly Status[] = ["active", "dormant", "suspended", "terminated"];

/** A round step for the y axis: 1, 2, 5, 10, 20, 50, … so that about 4 ticks fit. */
function tickStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
}

const periodLabel = (p: SeriesPoint, interval: Interval) =>
  interval === "month" ? formatDate(p.period) : `week of ${formatDate(p.start)}`;

/** The period with the largest move out of "active" (or into any other status): the story's peak. */
export function biggestChange(points: readonly SeriesPoint[]) {
  let best: { point: SeriesPoint; moves: Partial<Record<Status, number>>; size: number } | undefined;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1] as SeriesPoint;
    const cur = points[i] as SeriesPoint;
    const moves: Partial<Record<Status, number>> = {};
    let size = 0;
    for (const s of STATUSES) {
      const d = cur.counts[s] - prev.counts[s];
      if (d !== 0) moves[s] = d;
      if (s !== "active" && d > 0) size += d;
    }
    if (size > (best?.size ?? 0)) best = { point: cur, moves, size };
  }
  return best;
}

export interface TimelineChartProps {
  readonly id: string;
  readonly title: string;
  readonly points: readonly SeriesPoint[];
  readonly interval: Interval;
  /** The as-of day to mark (or today's). */
  readonly markDay?: string;
  readonly markLabel?: string;
}

function chartSvg(props: TimelineChartProps, f: Frame, summary: string, markIndex: number): string {
  const { points } = props;
  const { W, H, LEFT, RIGHT, TOP, BOTTOM } = f;
  const PLOT_W = W - LEFT - RIGHT;
  const PLOT_H = H - TOP - BOTTOM;
  const id = esc(f.name === "wide" ? props.id : `${props.id}-${f.name}`);
  const n = Math.max(1, points.length);
  const max = Math.max(1, ...points.map((p) => STATUSES.reduce((sum, s) => sum + p.counts[s], 0)));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (i: number) => LEFT + (i / n) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  let out = `<svg id="${id}" class="chart-${f.name}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"><title id="${id}-title">${esc(props.title)}</title><desc id="${id}-desc">${esc(summary)}</desc>`;
  const colW = (W - LEFT) / f.legendCols;
  STACK.forEach((s, i) => {
    const lx = LEFT + (i % f.legendCols) * colW;
    const ly = 6 + Math.floor(i / f.legendCols) * 18;
    out += `<g><rect x="${lx}" y="${ly}" width="12" height="12" fill="${STATUS_FILL[s]}"></rect><text x="${lx + 16}" y="${ly + 11}" font-size="${f.font + 1}" fill="#1a1a1a">${s}</text></g>`;
  });
  for (let v = 0; v <= top; v += step)
    out += `<g><line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#d4d8de" stroke-width="1"></line><text x="${LEFT - 6}" y="${y(v) + 4}" font-size="${f.font}" text-anchor="end" fill="#1a1a1a">${v}</text></g>`;
  // Each status is a band between the running sum below it and the sum including it, stepped per period.
  const below = points.map(() => 0);
  for (const status of STACK) {
    const lower = [...below];
    let moved = false;
    points.forEach((p, i) => {
      below[i] = (below[i] ?? 0) + p.counts[status];
      if (p.counts[status] !== 0) moved = true;
    });
    if (!moved) continue;
    let d = "";
    points.forEach((_, i) => {
      d += `${i === 0 ? "M" : "L"}${x(i).toFixed(1)} ${y(below[i] ?? 0).toFixed(1)}H${x(i + 1).toFixed(1)}`;
    });
    for (let i = points.length - 1; i >= 0; i--)
      d += `L${x(i + 1).toFixed(1)} ${y(lower[i] ?? 0).toFixed(1)}H${x(i).toFixed(1)}`;
    out += `<path class="band" data-status="${status}" d="${d}Z" fill="${STATUS_FILL[status]}"></path>`;
  }
  const years = points
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => i === 0 || p.start.slice(0, 4) !== points[i - 1]?.start.slice(0, 4));
  const yearEvery = Math.max(1, Math.ceil(years.length / f.years));
  years.forEach(({ p, i }, k) => {
    if (k % yearEvery === 0)
      out += `<text x="${x(i)}" y="${H - 8}" font-size="${f.font}" fill="#1a1a1a">${esc(p.start.slice(0, 4))}</text>`;
  });
  const markX = markIndex >= 0 ? x(markIndex + 0.5) : undefined;
  if (markX !== undefined)
    out += `<g class="as-of-mark"><line x1="${markX}" x2="${markX}" y1="${TOP - 4}" y2="${TOP + PLOT_H}" stroke="#13294b" stroke-width="2"></line><text x="${markX > W / 2 ? markX - 4 : markX + 4}" y="${TOP + 10}" font-size="${f.font}" font-weight="700" text-anchor="${markX > W / 2 ? "end" : "start"}" fill="#13294b" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(props.markLabel ?? "")}</text></g>`;
  return `${out}</svg>`;
}

/** The chart as markup: two drawings, the figures' table and the summary, built as a string. */
export function timelineChartHtml(props: TimelineChartProps): string {
  const { points, interval } = props;
  const markIndex = props.markDay
    ? points.findIndex((p) => p.start <= (props.markDay as string) && (props.markDay as string) <= p.end)
    : -1;
  const first = points[0];
  const last = points.at(-1);
  const peak = biggestChange(points);
  const countsText = (p: SeriesPoint) => STATUSES.map((s) => `${p.counts[s]} ${s}`).join(", ");
  const peakText = peak
    ? `The biggest change came in ${periodLabel(peak.point, interval)}: ${Object.entries(peak.moves)
        .map(([s, d]) => `${d > 0 ? "+" : ""}${d} ${s}`)
        .join(", ")}.`
    : "No status changed in this period.";
  const summary =
    first && last
      ? `${periodLabel(first, interval)}: ${countsText(first)}. ${periodLabel(last, interval)}: ${countsText(last)}. ${peakText}`
      : "No pairs.";
  const id = esc(props.id);
  let out = `<figure class="chart timeline" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">${esc(props.title)}</figcaption><div class="timeline-body"><div class="timeline-drawing">`;
  out += chartSvg(props, WIDE, summary, markIndex) + chartSvg(props, NARROW, summary, markIndex);
  out += `</div><section class="timeline-table" tabindex="0" aria-label="${esc(`${props.title}: the figures`)}"><table class="pairs figures" id="${id}-table"><caption>Pairs per status at the end of each ${interval}</caption><thead><tr><th scope="col">${interval === "month" ? "Month" : "Week of"}</th>`;
  for (const s of STACK) out += `<th scope="col">${s}</th>`;
  out += "</tr></thead><tbody>";
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as SeriesPoint;
    out += `<tr data-period="${esc(p.period)}"${i === markIndex ? ' data-as-of="true"' : ""}><th scope="row">${esc(
      interval === "month" ? formatDate(p.period) : formatDate(p.start),
    )}</th>`;
    for (const s of STACK) out += `<td data-label="${s}">${p.counts[s]}</td>`;
    out += "</tr>";
  }
  return `${out}</tbody></table></section></div><p class="muted" id="${id}-summary">${esc(peakText)}</p></figure>`;
}

export function TimelineChart(props: TimelineChartProps) {
  return raw(timelineChartHtml(props));
}
