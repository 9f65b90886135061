/**
 * Status over time: GET /stats/timeline — for everything, one country or a country pair, the
 * number of pairs in each status at the end of each month or week. Read from the read model's
 * stored day-by-day deltas (one query) and summed by a pure series builder: no pair is folded.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import { earliestDay, latestDay } from "../../../domain/index.js";
import type { ReadModelReader, StatsScope } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { MAX_PERIODS, buildSeries, periodsOf } from "../board/timeline-series.js";
import { sendProblem, validationProblem } from "../problem.js";
import { TimelineQuerySchema, TimelineSchema, commonErrors, problemResponse } from "../schemas/index.js";
import { jsonContent, lazyRequest } from "../schemas/lazy.js";
import { defaultHook } from "../validation.js";

export interface TimelineDeps {
  readonly readModel: Pick<ReadModelReader, "statusHistory">;
  /** Today (YYYY-MM-DD), the default end; injectable for tests. */
  readonly today?: () => string;
}

const timelineRoute = createRoute({
  method: "get",
  path: "/stats/timeline",
  operationId: "getStatusTimeline",
  summary: "Status over time: pairs in each status at the end of each month or week",
  tags: ["queries"],
  request: lazyRequest({ query: TimelineQuerySchema }),
  responses: {
    200: {
      description: "one point per period, oldest first; every status is present, zero or not",
      content: jsonContent(TimelineSchema),
    },
    422: problemResponse("an invalid query: a bad date or country, from after to, or too many periods", 422),
    ...commonErrors,
  },
});

export const scopeOf = (country?: string): StatsScope => {
  if (!country) return { kind: "all" };
  const parts = country.split("-");
  return parts.length === 2
    ? { kind: "countryPair", countryPair: [...parts].sort().join("-") }
    : { kind: "country", country };
};

const scopeName = (s: StatsScope) =>
  s.kind === "all" ? "all" : s.kind === "country" ? s.country : s.countryPair;

export function timelineRoutes(deps: TimelineDeps) {
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  return new OpenAPIHono<AppEnv>({ defaultHook }).openapi(timelineRoute, async (c) => {
    const q = c.req.valid("query");
    const to = q.to ? latestDay(q.to) : today();
    const from = q.from
      ? earliestDay(q.from)
      : `${String(Number(to.slice(0, 4)) - 5).padStart(4, "0")}-01-01`;
    // A 422 like the schema's own, for what only makes sense across fields.
    const refuse = (field: string, detail: string) =>
      sendProblem(c, validationProblem([{ in: "query", pointer: `/${field}`, detail }], "query parameters"));
    if (from > to) return refuse("from", `from (${from}) is after to (${to})`);
    const periods = periodsOf(from, to, q.interval);
    if (periods.length > MAX_PERIODS)
      return refuse(
        "from",
        `at most ${MAX_PERIODS} ${q.interval}s per request; narrow from..to or use a longer interval`,
      );
    const scope = scopeOf(q.country);
    // Only the periods' window is read: what came before as one delta, then per month or day.
    const window = {
      from: (periods[0] as [string, string])[0],
      to: (periods.at(-1) as [string, string])[1],
      grain: q.interval === "month" ? ("month" as const) : ("day" as const),
    };
    const deltas = await deps.readModel.statusHistory(scope, window);
    const points = buildSeries(deltas, { from, to, interval: q.interval });
    return c.json(
      {
        scope: scopeName(scope),
        interval: q.interval,
        from: points[0]?.start ?? from,
        to: points.at(-1)?.end ?? to,
        series: points.map((p) => ({
          period: p.period,
          start: p.start,
          end: p.end,
          ...p.counts,
          total: p.total,
        })),
      },
      200,
    );
  });
}
