/** Counts by status: in all, per country and per country pair, from the read model's counters (one Get); `?asOf=` folds the events instead. */
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { isValidEffectiveDate } from "../../../domain/index.js";
import { registryAsOf, statsOf } from "../../audit/as-of.js";
import { LimitExceededError } from "../../audit/stream-scan.js";
import type { EventStore } from "../../ports/event-store.js";
import type { ReadModelStore } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { problem, sendProblem } from "../problem.js";
import { StatsSchema, commonErrors, problemResponse } from "../schemas.js";
import { defaultHook } from "../validation.js";

const statsRoute = createRoute({
  method: "get",
  path: "/stats",
  summary: 'Counts by status: in all, per country, per country pair ("RU-US": 27 pairs, 16 suspended, …)',
  tags: ["queries"],
  request: {
    query: z.object({
      asOf: z
        .string()
        .refine(isValidEffectiveDate, "a date: 1944, 2022-03 or 2022-03-09")
        .optional()
        .openapi({
          description: "counts as of this date, folded from the events (bounded; its last day counts)",
          example: "2022-04-01",
        }),
    }),
  },
  responses: {
    200: {
      description: "counts; every status is present, zero or not",
      content: { "application/json": { schema: StatsSchema } },
    },
    422: problemResponse("an invalid date, or too many events to fold over HTTP", 422),
    ...commonErrors,
  },
});

/** Folding every stream for ?asOf reads the whole events table: bounded over HTTP. */
const MAX_AS_OF_EVENTS = 100_000;

export function statsRoutes(deps: { readonly readModel: ReadModelStore; readonly eventStore?: EventStore }) {
  return new OpenAPIHono<AppEnv>({ defaultHook }).openapi(statsRoute, async (c) => {
    const { asOf } = c.req.valid("query");
    if (!asOf || !deps.eventStore) return c.json((await deps.readModel.stats()) as never, 200);
    try {
      return c.json(
        statsOf(await registryAsOf(deps.eventStore, asOf, { maxEvents: MAX_AS_OF_EVENTS })) as never,
        200,
      );
    } catch (e) {
      if (!(e instanceof LimitExceededError)) throw e;
      return sendProblem(
        c,
        problem(
          422,
          "too-many-events",
          "Too many events to count as of a date over HTTP",
          `${e.message}: run \`ledger status --as-of\``,
        ),
      ) as never;
    }
  });
}
