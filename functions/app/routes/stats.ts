/** Counts by status, per country and per country pair, from the read model's counters. */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type { ReadModelStore } from "../../ports/read-model.js";
import type { AppEnv } from "../auth.js";
import { StatsSchema } from "../schemas.js";
import { defaultHook } from "../validation.js";

const statsRoute = createRoute({
  method: "get",
  path: "/stats",
  summary: "Counts by status: in all, per country, per country pair (e.g. RU-US)",
  tags: ["pairs"],
  responses: { 200: { description: "counts", content: { "application/json": { schema: StatsSchema } } } },
});

export function statsRoutes(deps: { readModel: ReadModelStore }) {
  return new OpenAPIHono<AppEnv>({ defaultHook }).openapi(statsRoute, async (c) =>
    c.json(await deps.readModel.stats(), 200),
  );
}
