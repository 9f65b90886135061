/** Counts by status, and the health answer. */
// zod as a namespace import (never `{ z }` from @hono/zod-openapi): the Lambda bundle then keeps
// only the parts of zod in use (BENCHMARKS.md). The import before it adds `.openapi()`.
import "@hono/zod-openapi";
import * as z from "zod";
import { counts } from "./examples.js";
import { once } from "./lazy.js";

// Built on first use (the stats route's first request, or the OpenAPI generator): lazy.ts.
const Counts = once(() =>
  z
    .object({
      total: z.number().int(),
      active: z.number().int(),
      suspended: z.number().int(),
      dormant: z.number().int(),
      terminated: z.number().int(),
    })
    .openapi("StatusCounts", { example: counts(40, 20, 0, 8) }),
);

export const StatsSchema = once(() =>
  z
    .object({
      total: Counts(),
      byCountry: z
        .record(z.string(), Counts())
        .openapi({ description: "per country (a pair counts for both its countries)" }),
      byCountryPair: z
        .record(z.string(), Counts())
        .openapi({ description: 'per pair of countries, keyed "RU-US" (sorted)' }),
      asOf: z.string().optional().openapi({ description: "with ?asOf: the day the counts are as of" }),
    })
    .openapi("Stats", {
      example: {
        total: counts(52, 20, 1, 8),
        byCountry: { RU: counts(40, 20, 0, 8), US: counts(22, 18, 1, 3) },
        byCountryPair: { "RU-US": counts(8, 16, 0, 3) },
      },
    }),
);

export const HealthSchema = once(() =>
  z.object({ status: z.literal("ok") }).openapi("Health", { example: { status: "ok" } }),
);
