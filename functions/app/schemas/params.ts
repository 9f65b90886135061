/** Path and query parameters: pair and city ids, time travel, list filters and pages. */
// zod as a namespace import (never `{ z }` from @hono/zod-openapi): the Lambda bundle then keeps
// only the parts of zod in use (BENCHMARKS.md). The import before it adds `.openapi()`.
import "@hono/zod-openapi";
import * as z from "zod";
import {
  CITY_ID_PATTERN,
  CountryCode,
  PAIR_ID_PATTERN,
  STATUSES,
  isValidEffectiveDate,
} from "../../../domain/index.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../limits.js";
import { EXAMPLE_CURSOR, EXAMPLE_PAIR_ID } from "./examples.js";
import { once } from "./lazy.js";

export { MAX_LIMIT };

// Each schema is built on first use (a route's first request, or the OpenAPI generator): lazy.ts.
export const PairIdParam = once(() =>
  z.object({
    pairId: z
      .string()
      .regex(PAIR_ID_PATTERN, "a pair id is two city ids joined by --")
      .openapi({ param: { name: "pairId", in: "path" }, example: EXAMPLE_PAIR_ID }),
  }),
);

export const CityIdParam = once(() =>
  z.object({
    cityId: z
      .string()
      .regex(CITY_ID_PATTERN, "a city id is lower-case words joined by -, e.g. us-il-chicago")
      .openapi({ param: { name: "cityId", in: "path" }, example: "us-il-chicago" }),
  }),
);

export const TimeQuerySchema = once(() =>
  z.object({
    asOf: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "a date: 1944, 2022-03 or 2022-03-09")
      .optional()
      .openapi({ description: "effective date (status on that day)", example: "2022-04-01" }),
    knownAt: z.string().datetime({ offset: true }).optional().openapi({
      description: "recording time (what the ledger said then)",
      example: "2022-05-01T00:00:00Z",
    }),
  }),
);

const listFilters = () => ({
  status: z
    .enum(STATUSES)
    .optional()
    .openapi({ description: "status (today's, or as of `asOf`)", example: "suspended" }),
  asOf: z.string().refine(isValidEffectiveDate, "a date: 1944, 2022-03 or 2022-03-09").optional().openapi({
    description:
      "statuses as they stood on this date (its last day counts); pairs not yet established are left out",
    example: "2022-04-01",
  }),
  q: z.string().trim().min(1).max(100).optional().openapi({
    description: "name search: part of either city's name, id or any alias, any case",
    example: "moskva",
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .openapi({ description: `page size, at most ${MAX_LIMIT}`, example: DEFAULT_LIMIT }),
  cursor: z.string().max(2000).optional().openapi({
    description: "from the previous page's `cursor`; pages are in pair-id order",
    example: EXAMPLE_CURSOR,
  }),
});

export const ListQuerySchema = once(() =>
  z.object({
    // The domain's country code: either case (ru = RU), an assigned code.
    country: CountryCode.optional().openapi({
      description: "ISO 3166-1 alpha-2 code of either city's country, either case",
      example: "RU",
    }),
    city: z
      .string()
      .regex(CITY_ID_PATTERN, "a city id, e.g. us-il-chicago")
      .optional()
      .openapi({ description: "a city id on either side", example: "us-il-chicago" }),
    ...listFilters(),
  }),
);

export const CityListQuerySchema = once(() =>
  z.object({
    country: ListQuerySchema().shape.country.openapi({
      description: "the other city's country (or this one's)",
      example: "RU",
    }),
    ...listFilters(),
  }),
);
