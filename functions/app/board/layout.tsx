/**
 * The board's page frame and small shared pieces: inline CSS (no external assets), status badges
 * that say their status in words (colour is a second cue, never the only one), dates with their
 * precision, and sources as links.
 */
import { tryGetContext } from "hono/context-storage";
import type { Child } from "hono/jsx";
import type { LedgerCheckEnv } from "../routes/audit.js";
import { precisionOf } from "../../../domain/index.js";
import { raw } from "hono/html";
import { esc } from "./markup.js";

const CSS = `
:root { --fg:#1a1a1a; --muted:#4a4a4a; --line:#c8c8c8; --bg:#fff; --link:#0b4fa8; --focus:#ffbf47; }
* { box-sizing:border-box; }
body { margin:0; font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--link); } a:focus, button:focus, input:focus, select:focus { outline:3px solid var(--focus); outline-offset:1px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:1; }
header.site { background:#13294b; color:#fff; padding:12px 16px; } header.site a { color:#fff; text-decoration:none; font-weight:700; }
header.site p { margin:2px 0 0; color:#e3e8f0; font-size:14px; }
header.site p.verified[data-held=false] { color:#fff; background:#9b1c1c; display:inline-block; padding:1px 8px; border-radius:4px; }
main { max-width:1100px; margin:0 auto; padding:16px; }
h1 { font-size:1.6rem; margin:8px 0 12px; } h2 { font-size:1.25rem; margin:24px 0 8px; }
form.filters { display:flex; flex-wrap:wrap; gap:12px; align-items:flex-end; padding:12px; background:#f3f5f8; border:1px solid var(--line); border-radius:6px; }
form.filters label { display:flex; flex-direction:column; font-size:14px; font-weight:600; gap:4px; }
form.filters input, form.filters select { font:inherit; padding:6px 8px; border:1px solid #767676; border-radius:4px; min-width:9rem; background:#fff; color:var(--fg); }
button { font:inherit; padding:7px 16px; border:0; border-radius:4px; background:#13294b; color:#fff; cursor:pointer; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:14px; font-weight:700; border:1px solid currentColor; white-space:nowrap; }
.badge[data-status=active] { background:#dcfce7; color:#14532d; }
.badge[data-status=suspended] { background:#fef3c7; color:#713f12; }
.badge[data-status=dormant] { background:#e5e7eb; color:#1f2937; }
.badge[data-status=terminated] { background:#fee2e2; color:#7f1d1d; }
.badge[data-status=not-established] { background:#f3f4f6; color:#374151; }
.chain { padding:8px 12px; border-radius:6px; border:2px solid; font-weight:700; display:inline-block; }
.chain[data-verified=true] { background:#dcfce7; color:#14532d; } .chain[data-verified=false] { background:#fee2e2; color:#7f1d1d; }
table.pairs { width:100%; border-collapse:collapse; margin-top:12px; }
table.pairs caption { text-align:left; color:var(--muted); padding:4px 0; }
table.pairs th, table.pairs td { text-align:left; padding:8px; border-bottom:1px solid var(--line); vertical-align:top; overflow-wrap:anywhere; }
table.pairs th { background:#f3f5f8; font-size:14px; }
.muted, .precision { color:var(--muted); font-size:14px; }
.note { background:#fff8e1; border-left:4px solid #8a6d00; padding:8px 12px; }
.error { background:#fde8e8; border-left:4px solid #9b1c1c; padding:8px 12px; }
ol.timeline { list-style:none; padding:0; margin:0; border-left:3px solid var(--line); }
ol.timeline > li { position:relative; margin:0 0 16px; padding:8px 12px 8px 20px; }
ol.timeline > li::before { content:""; position:absolute; left:-9px; top:16px; width:14px; height:14px; border-radius:50%; background:#13294b; border:2px solid #fff; }
ol.timeline > li[data-retracted=true]::before { background:#9b1c1c; }
ol.timeline h3 { margin:0 0 4px; font-size:1.05rem; }
ol.timeline dl { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:4px 0 0; font-size:15px; }
ol.timeline dt { font-weight:600; color:var(--muted); } ol.timeline dd { margin:0; overflow-wrap:anywhere; }
del.retracted { text-decoration-thickness:2px; color:#5a5a5a; }
.retraction { margin-top:6px; }
.chart svg { max-width:100%; height:auto; }
.glance figure { margin:0 0 20px; } .glance figcaption { font-weight:600; margin-bottom:4px; }
.timeline-body { display:grid; grid-template-columns:minmax(0,1fr) auto; gap:12px; align-items:start; }
.chart svg.chart-narrow { display:none; }
.timeline-table { max-height:280px; overflow:auto; border:1px solid var(--line); }
.timeline-table table.pairs { margin:0; width:auto; } .timeline-table th, .timeline-table td { padding:3px 6px; font-size:13px; overflow-wrap:normal; white-space:nowrap; }
.glance table.pairs caption { display:table-caption; }
.timeline-table tr[data-as-of=true] th, .timeline-table tr[data-as-of=true] td { background:#fff3c4; font-weight:700; }
.map svg { display:block; width:100%; border:1px solid var(--line); }
.map .arcs a .label { display:none; paint-order:stroke; stroke:#fff; stroke-width:4px; fill:#1a1a1a; font-weight:700; }
.map .arcs a:hover .label, .map .arcs a:focus .label { display:inline; }
.map .arcs a:hover .arc, .map .arcs a:focus .arc { stroke-width:4; }
.map .arcs a:focus { outline:none; } .map .arcs a:focus .hit { stroke:#ffbf47; stroke-opacity:.6; }
table.legend { width:auto; } table.legend td, table.legend th { padding:3px 10px; }
.pager { display:flex; gap:16px; margin:12px 0; }
@media (max-width: 640px) {
  table.pairs, table.pairs tbody, table.pairs caption { display:block; width:100%; }
  table.pairs thead { position:absolute; left:-9999px; }
  table.pairs tr { display:block; border:1px solid var(--line); border-radius:6px; margin-bottom:10px; padding:6px; }
  table.pairs td { display:block; border:0; padding:3px 4px; }
  table.pairs td::before { content:attr(data-label) ": "; font-weight:600; color:var(--muted); }
  form.filters label, form.filters input, form.filters select, form.filters button { width:100%; }
  ol.timeline dl { grid-template-columns:1fr; }
  .timeline-body { grid-template-columns:1fr; }
  .chart svg.chart-wide { display:none; } .chart svg.chart-narrow { display:block; }
  .glance table.pairs { display:table; width:auto; } .glance table.pairs caption { display:table-caption; }
  .glance table.pairs thead { position:static; display:table-header-group; } .glance table.pairs tbody { display:table-row-group; }
  .glance table.pairs tr { display:table-row; border:0; padding:0; margin:0; }
  .glance table.pairs td, .glance table.pairs th { display:table-cell; padding:3px 6px; } .glance table.pairs td::before { content:none; }
}
`;

export function Layout(props: { title: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Sister City Ledger</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#content">
          Skip to content
        </a>
        <header class="site">
          <a href="/">Sister City Ledger</a>
          <p>Who stands where with whom, since when, by whose decision, on what source.</p>
          <LedgerVerified />
        </header>
        <main id="content">{props.children}</main>
      </body>
    </html>
  );
}

/** When the whole ledger was last verified, and whether it held (when this server verifies). */
function LedgerVerified() {
  const check = tryGetContext<LedgerCheckEnv>()?.var.ledgerCheck;
  if (!check) return null;
  const at = `${check.checkedAt.slice(0, 16).replace("T", " ")} UTC`;
  return (
    <p class="verified" id="ledger-verified" data-held={String(check.ok)} role="status">
      {check.ok ? "✓ " : "✕ "}Ledger last verified <time datetime={check.checkedAt}>{at}</time>:{" "}
      {check.ok
        ? `every hash chain held (${check.streams} pairs)`
        : `${check.breaks} ${check.breaks === 1 ? "break" : "breaks"} found (ledger verify names them)`}
    </p>
  );
}

const SYMBOL: Record<string, string> = {
  active: "●",
  suspended: "❚❚",
  dormant: "◌",
  terminated: "✕",
  "not-established": "–",
};

/** What was wrong with the request (a bad date, an unknown country), as an alert; nothing when all was well. */
export function Alert(props: { errors: readonly string[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error" role="alert">
      {props.errors.map((e) => (
        <p>{e}</p>
      ))}
    </div>
  );
}

/** A status badge as markup: the status in words, a symbol and a colour as second cues. */
export const statusBadgeHtml = (status: string) =>
  `<span class="badge" data-status="${esc(status)}"><span aria-hidden="true">${esc(SYMBOL[status] ?? "")} </span>${esc(
    status === "not-established" ? "not established" : status,
  )}</span>`;

export function StatusBadge(props: { status: string }) {
  return raw(statusBadgeHtml(props.status));
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "9 March 2022", "March 2022", "1944" — the date as precise as its source, and no more. */
export function formatDate(value: string): string {
  const [y, m, d] = value.split("-");
  const month = m ? MONTHS[Number(m) - 1] : undefined;
  if (d) return `${Number(d)} ${month} ${y}`;
  if (month) return `${month} ${y}`;
  return y ?? value;
}

/** A date and its precision, as markup. */
export const effectiveDateHtml = (value: string) =>
  `<span><time datetime="${esc(value)}">${esc(formatDate(value))}</time> <span class="precision">(${esc(
    precisionOf(value),
  )})</span></span>`;

export function EffectiveDate(props: { value: string }) {
  return raw(effectiveDateHtml(props.value));
}

export const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A source: a link when it is a URL (shown shortened), else the citation as text; as markup. */
export function sourceRefHtml(source: string): string {
  if (!isUrl(source)) return `<cite>${esc(source)}</cite>`;
  const short = source.replace(/^https?:\/\/(www\.)?/i, "");
  return `<a href="${esc(source)}" rel="noopener noreferrer nofollow">${esc(
    short.length > 60 ? `${short.slice(0, 57)}…` : short,
  )}</a>`;
}

export function SourceRef(props: { source: string }) {
  return raw(sourceRefHtml(props.source));
}

/** Query string from defined, non-empty values. */
export function qs(values: Record<string, string | undefined>): string {
  const entries = Object.entries(values).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== "",
  );
  return entries.length ? `?${new URLSearchParams(entries)}` : "";
}

/** The "as of" date field of the board's forms (a day; an empty field means now). */
export function AsOfInput(props: { value?: string }) {
  return (
    <label>
      As of
      <input
        type="date"
        name="asOf"
        value={props.value && props.value.length === 10 ? props.value : ""}
        min="1000-01-01"
        max="9999-12-31"
      />
    </label>
  );
}
