/** Counts by status: in all, per country and per country pair, from the read model's counters (one Get). */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { ReadModelStore } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { StatsSchema, commonErrors } from "../schemas.js";
import { defaultHook } from "../validation.js";

const statsRoute = createRoute({
  method: "get",
  path: "/stats",
  summary: 'Counts by status: in all, per country, per country pair ("RU-US": 27 pairs, 16 suspended, …)',
  tags: ["queries"],
  responses: {
    200: {
      description: "counts; every status is present, zero or not",
      content: { "application/json": { schema: StatsSchema } },
    },
    ...commonErrors,
  },
});

export function statsRoutes(deps: { readonly readModel: ReadModelStore }) {
  return new OpenAPIHono<AppEnv>({ defaultHook }).openapi(statsRoute, async (c) =>
    c.json((await deps.readModel.stats()) as never, 200),
  );
}
