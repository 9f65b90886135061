/**
 * Counts by status: in all, per country and per country pair, summed from the read model's
 * day-by-day counters (one Query), today's or `?asOf=` a date.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { isValidEffectiveDate, latestDay } from "../../../domain/index.js";
import type { ReadModelReader, Stats, StatusCounts } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { StatsSchema, commonErrors, problemResponse } from "../schemas/index.js";
import { jsonContent, lazyRequest } from "../schemas/lazy.js";
import { defaultHook } from "../validation.js";

const statsRoute = createRoute({
  method: "get",
  path: "/stats",
  operationId: "getStats",
  summary: 'Counts by status: in all, per country, per country pair ("RU-US": 27 pairs, 16 suspended, …)',
  tags: ["queries"],
  request: lazyRequest({
    query: () =>
      z.object({
        asOf: z
          .string()
          .refine(isValidEffectiveDate, "a date: 1944, 2022-03 or 2022-03-09")
          .optional()
          .openapi({
            description: "counts as of this date (its last day counts)",
            example: "2022-04-01",
          }),
      }),
  }),
  responses: {
    200: {
      description: "counts; every status is present, zero or not",
      content: jsonContent(StatsSchema),
    },
    422: problemResponse("an invalid date", 422),
    ...commonErrors,
  },
});

type Counts = z.infer<ReturnType<typeof StatsSchema>>["total"];

/** Every status present, zero or not, as the document promises (the port leaves zeros optional). */
const complete = (n: StatusCounts): Counts => ({
  total: n.total,
  active: n.active ?? 0,
  suspended: n.suspended ?? 0,
  dormant: n.dormant ?? 0,
  terminated: n.terminated ?? 0,
});
/** Each bucket completed, in the same key order (a loop: every country pair's, at registry scale). */
function each(r: Readonly<Record<string, StatusCounts>>): Record<string, Counts> {
  const out: Record<string, Counts> = {};
  for (const k of Object.keys(r)) out[k] = complete(r[k] as StatusCounts);
  return out;
}
const answer = (s: Stats) => ({
  total: complete(s.total),
  byCountry: each(s.byCountry),
  byCountryPair: each(s.byCountryPair),
});

export function statsRoutes(deps: { readonly readModel: ReadModelReader }) {
  return new OpenAPIHono<AppEnv>({ defaultHook }).openapi(statsRoute, async (c) => {
    const { asOf } = c.req.valid("query");
    if (!asOf) return c.json(answer(await deps.readModel.stats()), 200);
    const day = latestDay(asOf);
    return c.json({ ...answer(await deps.readModel.statsAsOf(day)), asOf: day }, 200);
  });
}
