/**
 * Status counts as an inline SVG bar chart (one stacked bar per country or country pair), with the
 * numbers written on it and the same data in a table for screen readers and copy-paste.
 */
import { STATUSES } from "../../../domain/index.js";
import type { StatusCounts } from "../../ports/read-model.js";
import { esc } from "./markup.js";
import { raw } from "hono/html";

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

/** The chart as markup, built as a string. */
export function statusChartHtml(props: { id: string; title: string; rows: readonly ChartRow[] }): string {
  const max = Math.max(1, ...props.rows.map((r) => r.counts.total));
  const height = props.rows.length * ROW + 34;
  const id = esc(props.id);
  let out = `<figure class="chart" aria-labelledby="${id}-caption"><figcaption id="${id}-caption">${esc(props.title)}</figcaption><svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title"><title id="${id}-title">${esc(
    `${props.title}: ${props.rows
      .map((r) => `${r.label} ${STATUSES.map((s) => `${r.counts[s] ?? 0} ${s}`).join(", ")}`)
      .join("; ")}`,
  )}</title>`;
  STATUSES.forEach((s, i) => {
    out += `<g><rect x="${LABEL + i * 130}" y="4" width="12" height="12" fill="${STATUS_FILL[s]}"></rect><text x="${LABEL + i * 130 + 16}" y="15" font-size="13" fill="#1a1a1a">${s}</text></g>`;
  });
  props.rows.forEach((r, row) => {
    const y = 28 + row * ROW;
    const label = esc(r.label);
    let x = LABEL;
    out += `<g><text x="${LABEL - 8}" y="${y + 15}" font-size="13" text-anchor="end" fill="#1a1a1a">${label}</text>`;
    for (const s of STATUSES) {
      const n = r.counts[s] ?? 0;
      const w = (n / max) * BAR;
      // White numbers on each segment wide enough to hold them (every fill passes 4.5:1 with white).
      if (n) {
        out += `<g><rect x="${x}" y="${y}" width="${Math.max(w, 1)}" height="${ROW - 6}" fill="${STATUS_FILL[s]}"><title>${label}: ${n} ${s}</title></rect>`;
        if (w >= 8 * String(n).length + 6)
          out += `<text x="${x + w / 2}" y="${y + 15}" font-size="12" text-anchor="middle" fill="#ffffff">${n}</text>`;
        out += "</g>";
      }
      x += w;
    }
    out += `<text x="${x + 6}" y="${y + 15}" font-size="13" fill="#1a1a1a">${r.counts.total}</text></g>`;
  });
  out += `</svg><details><summary>The numbers</summary><table class="pairs"><thead><tr><th scope="col">Countries</th>`;
  for (const s of STATUSES) out += `<th scope="col">${s}</th>`;
  out += `<th scope="col">total</th></tr></thead><tbody>`;
  for (const r of props.rows) {
    out += `<tr><th scope="row">${esc(r.label)}</th>`;
    for (const s of STATUSES) out += `<td data-label="${s}">${r.counts[s] ?? 0}</td>`;
    out += `<td data-label="total">${r.counts.total}</td></tr>`;
  }
  return `${out}</tbody></table></details></figure>`;
}

export function StatusChart(props: { id: string; title: string; rows: readonly ChartRow[] }) {
  return raw(statusChartHtml(props));
}
