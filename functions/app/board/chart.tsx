/**
 * Status counts as an inline SVG bar chart (one stacked bar per country or country pair), with the
 * numbers written on it and the same data in a table for screen readers and copy-paste.
 */
import { STATUSES } from "../../../domain/index.js";
import type { StatusCounts } from "../../ports/read-model.js";

export const STATUS_FILL: Record<string, string> = {
  active: "#2e7d32",
  suspended: "#8f5b00",
  dormant: "#6b7280",
  terminated: "#b91c1c",
};

export interface ChartRow {
  readonly label: string;
  readonly counts: StatusCounts;
}

const ROW = 26;
const LABEL = 90;
const WIDTH = 640;
const BAR = WIDTH - LABEL - 60;

export function StatusChart(props: { id: string; title: string; rows: readonly ChartRow[] }) {
  const max = Math.max(1, ...props.rows.map((r) => r.counts.total));
  const height = props.rows.length * ROW + 34;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
        role="img"
        aria-labelledby={`${props.id}-title`}
      >
        <title id={`${props.id}-title`}>
          {props.title}:{" "}
          {props.rows
            .map((r) => `${r.label} ${STATUSES.map((s) => `${r.counts[s] ?? 0} ${s}`).join(", ")}`)
            .join("; ")}
        </title>
        {STATUSES.map((s, i) => (
          <g>
            <rect x={LABEL + i * 130} y={4} width={12} height={12} fill={STATUS_FILL[s]} />
            <text x={LABEL + i * 130 + 16} y={15} font-size="13" fill="#1a1a1a">
              {s}
            </text>
          </g>
        ))}
        {props.rows.map((r, row) => {
          const y = 28 + row * ROW;
          let x = LABEL;
          return (
            <g>
              <text x={LABEL - 8} y={y + 15} font-size="13" text-anchor="end" fill="#1a1a1a">
                {r.label}
              </text>
              {STATUSES.map((s) => {
                const n = r.counts[s] ?? 0;
                const w = (n / max) * BAR;
                // White numbers on each segment wide enough to hold them (every fill passes 4.5:1 with white).
                const rect = n ? (
                  <g>
                    <rect x={x} y={y} width={Math.max(w, 1)} height={ROW - 6} fill={STATUS_FILL[s]}>
                      <title>{`${r.label}: ${n} ${s}`}</title>
                    </rect>
                    {w >= 8 * String(n).length + 6 ? (
                      <text x={x + w / 2} y={y + 15} font-size="12" text-anchor="middle" fill="#ffffff">
                        {n}
                      </text>
                    ) : null}
                  </g>
                ) : null;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + 15} font-size="13" fill="#1a1a1a">
                {r.counts.total}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>The numbers</summary>
        <table class="pairs">
          <thead>
            <tr>
              <th scope="col">Countries</th>
              {STATUSES.map((s) => (
                <th scope="col">{s}</th>
              ))}
              <th scope="col">total</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {STATUSES.map((s) => (
                  <td data-label={s}>{r.counts[s] ?? 0}</td>
                ))}
                <td data-label="total">{r.counts.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
