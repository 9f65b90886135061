/**
 * The status board for people: server-rendered HTML (hono/jsx escapes every value), GET forms
 * only, no JavaScript, no external assets. Also the researchers' CSV at /export.csv.
 *
 *   GET /                      pairs with their status (read model), filters, counts per country
 *   GET /board/pairs/{pairId}  a pair's timeline (from its events) and its hash-chain verification
 *   GET /export.csv            statuses as CSV (?country=RU&asOf=2022-03-31)
 */
import { Hono, type Context } from "hono";
import { stream } from "hono/streaming";
import {
  AsOfDate,
  CountryCode,
  FEATURED_COUNTRY_PAIRS,
  STATUSES,
  buildTimeline,
  latestDay,
  verifyStream,
  type PairView,
  type Status,
  type TimelineEvent,
} from "../../../domain/index.js";
import { exportPage, writeExport } from "../../export/board-export.js";
import type { EventStore } from "../../ports/event-store.js";
import { isInvalidCursor, type PairFilter, type ReadModelReader } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { viewPair } from "../../application/view.js";
import { type FieldError, sendProblem, validationProblem } from "../problem.js";
import { HomePage, type HomeQuery } from "./home.js";
import { Layout } from "./layout.js";
import { PairPage, effectiveOrder, type TimelineItem } from "./pair-page.js";
import { buildSeries } from "./timeline-series.js";

export interface BoardDeps {
  readonly eventStore: EventStore;
  readonly readModel: ReadModelReader;
  /** false: the plain board, without the chart over time and the map (the benchmark's baseline). */
  readonly pictures?: boolean;
}

export const PAGE_SIZE = 50;

/** Today (YYYY-MM-DD, UTC): what the board's views without an as-of day are as of. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const utf8 = new TextEncoder();

/**
 * The page as one UTF-8 body: encoded once here (a Uint8Array goes out as it is, where a string
 * body of 160 KB is first checked for lone surrogates, then encoded, by the Response).
 */
async function html(c: Context<AppEnv>, page: unknown, status: 200 | 400 | 404 = 200) {
  c.header("content-security-policy", CSP);
  c.header("cache-control", "no-store");
  c.header("content-type", "text/html; charset=UTF-8");
  return c.body(utf8.encode(`<!doctype html>${await String(page)}`), status);
}

interface ParsedQuery {
  readonly query: HomeQuery;
  readonly filter: PairFilter;
  readonly asOfDay?: string;
  readonly errors: string[];
}

/** Read the board's query; what cannot be read is dropped and explained, not a blank page. */
function parseQuery(get: (name: string) => string | undefined): ParsedQuery {
  const errors: string[] = [];
  const country = get("country")?.trim().toUpperCase() || undefined;
  const status = get("status")?.trim() || undefined;
  const city = get("city")?.trim().slice(0, 100) || undefined;
  const asOf = get("asOf")?.trim() || undefined;
  const okCountry = country && CountryCode.safeParse(country).success ? country : undefined;
  if (country && !okCountry)
    errors.push(`“${country}” is not an ISO 3166-1 country code (e.g. RU); showing all countries.`);
  const okStatus =
    status && (STATUSES as readonly string[]).includes(status) ? (status as Status) : undefined;
  if (status && !okStatus)
    errors.push(`“${status}” is not a status (${STATUSES.join(", ")}); showing any status.`);
  const day = asOf ? AsOfDate.safeParse(asOf) : undefined;
  if (asOf && !day?.success)
    errors.push(`“${asOf}” is not a date (1944, 2022-03 or 2022-03-09); showing today.`);
  return {
    query: { country: okCountry, status: okStatus, city, asOf: day?.success ? asOf : undefined },
    filter: { country: okCountry, ...(okStatus ? { status: okStatus } : {}), ...(city ? { q: city } : {}) },
    asOfDay: day?.success ? day.data : undefined,
    errors,
  };
}

/**
 * A page of pairs from the read model, today's or as of a day (from each pair's stored status
 * points: the status filter applies to the status then; pairs not yet established are left out).
 */
async function listPage(readModel: ReadModelReader, p: ParsedQuery, cursor: string | undefined) {
  return readModel.list(p.filter, {
    limit: PAGE_SIZE,
    cursor,
    ...(p.asOfDay ? { asOf: p.asOfDay } : {}),
    // The city field is usually a whole name: the pairs of a city so named are read beside the search.
    ...(p.query.city ? { nameFirst: true } : {}),
  });
}

/**
 * Counts as of the as-of day, or today's. Without a country the board shows only the featured
 * country pair (US–Russia), read with the totals, so the other country pairs' counters are not read.
 */
const statsFor = (readModel: ReadModelReader, asOfDay: string | undefined, country: string | undefined) => {
  const options = country ? {} : { countryPairs: FEATURED_COUNTRY_PAIRS };
  return asOfDay ? readModel.statsAsOf(asOfDay, options) : readModel.stats(options);
};

/**
 * The chart's window, in whole years: the five years up to today, or around an as-of day (three
 * years before it, up to two after, never past today) so that the mark sits inside the story.
 */
export function timelineWindow(today: string, asOfDay?: string): { from: string; to: string } {
  const year = (d: string) => Number(d.slice(0, 4));
  const y4 = (y: number) => String(Math.max(1, y)).padStart(4, "0");
  if (!asOfDay) return { from: `${y4(year(today) - 5)}-01-01`, to: today };
  const end = `${y4(year(asOfDay) + 2)}-12-31`;
  return {
    from: `${y4(year(asOfDay) - 3)}-01-01`,
    to: end < today ? end : today < asOfDay ? asOfDay : today,
  };
}

async function timelineFor(
  readModel: ReadModelReader,
  country: string | undefined,
  asOfDay: string | undefined,
) {
  const today = todayUtc();
  const { from, to } = timelineWindow(today, asOfDay);
  // The window only (whole months: `from` is a year's first day), not the whole history.
  const deltas = await readModel.statusHistory(country ? { kind: "country", country } : { kind: "all" }, {
    from,
    to,
    grain: "month",
  });
  const interval = "month" as const;
  return { points: buildSeries(deltas, { from, to, interval }), interval, today };
}

const EXPORT_PARAMS = ["country", "asOf", "cursor"];

/** What the export cannot take: an unknown parameter (refused, never ignored) or one it cannot read. */
function exportQueryErrors(given: Record<string, string[]>, parsed: ParsedQuery): FieldError[] {
  const errors: FieldError[] = Object.keys(given)
    .filter((n) => !EXPORT_PARAMS.includes(n))
    .map((n) => ({
      in: "query",
      pointer: `/${n}`,
      detail: `unknown query parameter "${n}": this route takes ${EXPORT_PARAMS.join(", ")}`,
    }));
  if (given.country?.[0] && !parsed.query.country)
    errors.push({ in: "query", pointer: "/country", detail: "must be an ISO 3166-1 alpha-2 code, e.g. RU" });
  if (given.asOf?.[0] && !parsed.asOfDay)
    errors.push({ in: "query", pointer: "/asOf", detail: "must be a date: 1944, 2022-03 or 2022-03-09" });
  return errors;
}

function notFound(c: Context<AppEnv>, pairId: string) {
  return html(
    c,
    <Layout title="No such pair">
      <h1>No such pair</h1>
      <p>
        The ledger has no pair <code>{pairId}</code>. <a href="/">See all pairs</a>.
      </p>
    </Layout>,
    404,
  );
}

export function boardRoutes(deps: BoardDeps) {
  const { eventStore, readModel } = deps;
  return new Hono<AppEnv>()
    .get("/", async (c) => {
      const parsed = parseQuery((n) => c.req.query(n));
      // The counts and the chart do not depend on the page: read all three at once.
      const pictures = Promise.all([
        statsFor(readModel, parsed.asOfDay, parsed.query.country),
        deps.pictures === false ? undefined : timelineFor(readModel, parsed.query.country, parsed.asOfDay),
      ]);
      pictures.catch(() => undefined);
      let page: { items: readonly PairView[]; cursor?: string };
      try {
        page = await listPage(readModel, parsed, c.req.query("cursor") || undefined);
      } catch (e) {
        // A cursor the read model did not hand out (edited, truncated, or from another deployment).
        if (!isInvalidCursor(e) && !(e instanceof SyntaxError)) throw e;
        parsed.errors.push("That page link is no longer valid; showing the first page.");
        page = await listPage(readModel, parsed, undefined);
      }
      const [stats, timeline] = await pictures;
      const page_ = (
        <HomePage
          query={parsed.query}
          asOfDay={parsed.asOfDay}
          rows={page.items}
          nextCursor={page.cursor}
          stats={stats}
          timeline={timeline}
          pictures={deps.pictures !== false}
          errors={parsed.errors}
        />
      );
      return html(c, page_, parsed.errors.length > 0 ? 400 : 200);
    })
    .get("/board/pairs/:pairId", async (c) => {
      const pairId = c.req.param("pairId");
      const parsed = parseQuery((n) => (n === "asOf" ? c.req.query(n) : undefined));
      // Today's status is the status as of today: a decision dated later is shown as scheduled.
      const today = todayUtc();
      const reading = await viewPair(eventStore, pairId, { asOf: parsed.asOfDay ?? today });
      if (!reading) return notFound(c, pairId);
      const { stored, events, summaries, view } = reading;
      const { retracted } = buildTimeline(summaries);
      const onTimeline = events
        .filter((e): e is TimelineEvent => e.type !== "retracted")
        .sort(effectiveOrder);
      const shown = onTimeline.filter(
        (e) => !parsed.asOfDay || latestDay(e.data.effectiveDate) <= parsed.asOfDay,
      );
      const items: TimelineItem[] = shown.map((event) => {
        const by = retracted.get(event.version);
        return by ? { event, retractedBy: by } : { event };
      });
      const page = (
        <PairPage
          view={view}
          items={items}
          hiddenLater={onTimeline.length - shown.length}
          verification={verifyStream(pairId, stored)}
          asOf={parsed.query.asOf}
          asOfDay={parsed.asOfDay}
          today={today}
          errors={parsed.errors}
        />
      );
      return html(c, page, parsed.errors.length > 0 ? 400 : 200);
    })
    .get("/export.csv", async (c) => {
      const parsed = parseQuery((n) => (n === "country" || n === "asOf" ? c.req.query(n) : undefined));
      // A download has no page to explain itself on: problem+json, naming the field, not echoing it.
      const refused = exportQueryErrors(c.req.queries(), parsed);
      if (refused.length > 0) return sendProblem(c, validationProblem(refused, "query parameters"));
      // At most EXPORT_PAIRS pairs a response (Link rel="next" to the rest), streamed.
      let page: Awaited<ReturnType<typeof exportPage>>;
      const cursor = c.req.query("cursor") || undefined;
      try {
        page = await exportPage(readModel, {
          country: parsed.query.country,
          asOfDay: parsed.asOfDay,
          cursor,
        });
      } catch (e) {
        if (!isInvalidCursor(e)) throw e;
        return sendProblem(
          c,
          validationProblem(
            [
              {
                in: "query",
                pointer: "/cursor",
                detail: "use the cursor of a previous response's next link",
              },
            ],
            "query parameters",
          ),
        );
      }
      const name = ["statuses", parsed.query.country, parsed.asOfDay].filter(Boolean).join("-");
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="${name}${cursor ? "-continued" : ""}.csv"`);
      if (page.cursor) {
        const params = new URLSearchParams({
          ...(parsed.query.country ? { country: parsed.query.country } : {}),
          ...(parsed.query.asOf ? { asOf: parsed.query.asOf } : {}),
          cursor: page.cursor,
        });
        c.header("link", `</export.csv?${params}>; rel="next"`);
      }
      return stream(c, (s) =>
        // Without asOf, today's status (a decision dated later is not in force yet).
        writeExport(eventStore, page, parsed.asOfDay, (text) => s.write(text).then(() => undefined), {
          today: todayUtc(),
        }),
      );
    });
}
