/**
 * Status over time: a stacked step chart (pairs in each status at the end of each month or week)
 * drawn server-side as SVG, the as-of date marked, the same figures in a table beside it, and a
 * text summary of the biggest change for people who cannot see the chart.
 */
import { STATUSES, type Status } from "../../../domain/index.js";
import { STATUS_FILL } from "./chart.js";
import { formatDate } from "./layout.js";
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

function ChartSvg(props: TimelineChartProps & { frame: Frame; summary: string; markIndex: number }) {
  const { points, frame: f } = props;
  const { W, H, LEFT, RIGHT, TOP, BOTTOM } = f;
  const PLOT_W = W - LEFT - RIGHT;
  const PLOT_H = H - TOP - BOTTOM;
  const id = f.name === "wide" ? props.id : `${props.id}-${f.name}`;
  const n = Math.max(1, points.length);
  const max = Math.max(1, ...points.map((p) => STATUSES.reduce((sum, s) => sum + p.counts[s], 0)));
  const step = tickStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (i: number) => LEFT + (i / n) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - (v / top) * PLOT_H;
  // Each status is a band between the running sum below it and the sum including it, stepped per period.
  const below = points.map(() => 0);
  const bands = STACK.map((status) => {
    const lower = [...below];
    points.forEach((p, i) => {
      below[i] = (below[i] ?? 0) + p.counts[status];
    });
    const upper = [...below];
    if (upper.every((v, i) => v === lower[i])) return { status, d: "" };
    let d = "";
    points.forEach((_, i) => {
      d += `${i === 0 ? "M" : "L"}${x(i).toFixed(1)} ${y(upper[i] ?? 0).toFixed(1)}H${x(i + 1).toFixed(1)}`;
    });
    for (let i = points.length - 1; i >= 0; i--)
      d += `L${x(i + 1).toFixed(1)} ${y(lower[i] ?? 0).toFixed(1)}H${x(i).toFixed(1)}`;
    return { status, d: `${d}Z` };
  });
  const yTicks = Array.from({ length: top / step + 1 }, (_, k) => k * step);
  const years = points
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => i === 0 || p.start.slice(0, 4) !== points[i - 1]?.start.slice(0, 4));
  const yearEvery = Math.max(1, Math.ceil(years.length / f.years));
  const markX = props.markIndex >= 0 ? x(props.markIndex + 0.5) : undefined;
  const colW = (W - LEFT) / f.legendCols;
  return (
    <svg
      id={id}
      class={`chart-${f.name}`}
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.summary}</desc>
      {STACK.map((s, i) => {
        const lx = LEFT + (i % f.legendCols) * colW;
        const ly = 6 + Math.floor(i / f.legendCols) * 18;
        return (
          <g>
            <rect x={lx} y={ly} width={12} height={12} fill={STATUS_FILL[s]} />
            <text x={lx + 16} y={ly + 11} font-size={f.font + 1} fill="#1a1a1a">
              {s}
            </text>
          </g>
        );
      })}
      {yTicks.map((v) => (
        <g>
          <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} stroke="#d4d8de" stroke-width="1" />
          <text x={LEFT - 6} y={y(v) + 4} font-size={f.font} text-anchor="end" fill="#1a1a1a">
            {v}
          </text>
        </g>
      ))}
      {bands.map((b) =>
        b.d ? <path class="band" data-status={b.status} d={b.d} fill={STATUS_FILL[b.status]} /> : null,
      )}
      {years
        .filter((_, k) => k % yearEvery === 0)
        .map(({ p, i }) => (
          <text x={x(i)} y={H - 8} font-size={f.font} fill="#1a1a1a">
            {p.start.slice(0, 4)}
          </text>
        ))}
      {markX !== undefined ? (
        <g class="as-of-mark">
          <line x1={markX} x2={markX} y1={TOP - 4} y2={TOP + PLOT_H} stroke="#13294b" stroke-width="2" />
          <text
            x={markX > W / 2 ? markX - 4 : markX + 4}
            y={TOP + 10}
            font-size={f.font}
            font-weight="700"
            text-anchor={markX > W / 2 ? "end" : "start"}
            fill="#13294b"
            stroke="#ffffff"
            stroke-width="3"
            paint-order="stroke"
          >
            {props.markLabel ?? ""}
          </text>
        </g>
      ) : null}
    </svg>
  );
}

export function TimelineChart(props: TimelineChartProps) {
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
  return (
    <figure class="chart timeline" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <div class="timeline-body">
        <div class="timeline-drawing">
          <ChartSvg {...props} frame={WIDE} summary={summary} markIndex={markIndex} />
          <ChartSvg {...props} frame={NARROW} summary={summary} markIndex={markIndex} />
        </div>
        <section class="timeline-table" tabindex={0} aria-label={`${props.title}: the figures`}>
          <table class="pairs figures" id={`${props.id}-table`}>
            <caption>Pairs per status at the end of each {interval}</caption>
            <thead>
              <tr>
                <th scope="col">{interval === "month" ? "Month" : "Week of"}</th>
                {STACK.map((s) => (
                  <th scope="col">{s}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((p, k) => (
                <tr
                  data-period={p.period}
                  data-as-of={points.length - 1 - k === markIndex ? "true" : undefined}
                >
                  <th scope="row">{interval === "month" ? formatDate(p.period) : formatDate(p.start)}</th>
                  {STACK.map((s) => (
                    <td data-label={s}>{p.counts[s]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <p class="muted" id={`${props.id}-summary`}>
        {peakText}
      </p>
    </figure>
  );
}
