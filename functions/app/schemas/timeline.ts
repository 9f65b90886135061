/** Status over time: GET /stats/timeline's query and answer. */
import "@hono/zod-openapi";
import * as z from "zod";
import { isCountryCode, isValidEffectiveDate } from "../../../domain/index.js";
import { once } from "./lazy.js";

const date = (description: string, example: string) =>
  z
    .string()
    .refine(isValidEffectiveDate, "a date: 1944, 2022-03 or 2022-03-09")
    .optional()
    .openapi({ description, example });

// Built on first use (the timeline route's first request, or the OpenAPI generator): lazy.ts.
export const TimelineQuerySchema = once(() =>
  z
    .object({
      country: z
        .string()
        .trim()
        .toUpperCase()
        .refine(
          (v) => v.split("-").length <= 2 && v.split("-").every(isCountryCode),
          'an ISO 3166-1 alpha-2 code (RU) or two joined by "-" (RU-US)',
        )
        .optional()
        .openapi({
          description:
            "one country (pairs with a city there), or a country pair (RU-US); all pairs if absent",
          example: "RU-US",
        }),
      from: date(
        "first period: the month or week holding this date (default: five years before `to`)",
        "2021-01",
      ),
      to: date("last period: the month or week holding this date's last day (default: today)", "2022-12"),
      interval: z
        .enum(["month", "week"])
        .default("month")
        .openapi({ description: "period length", example: "month" }),
    })
    .strict(),
);

/** US–Russia at the end of March 2022, the wave: one point of the examples. */
const MARCH_2022 = {
  period: "2022-03",
  start: "2022-03-01",
  end: "2022-03-31",
  active: 7,
  suspended: 4,
  dormant: 1,
  terminated: 2,
  total: 14,
};

const Point = once(() =>
  z
    .object({
      period: z
        .string()
        .openapi({ description: '"2022-03" for a month, the Monday "2022-02-28" for a week' }),
      start: z.string(),
      end: z.string(),
      active: z.number().int(),
      suspended: z.number().int(),
      dormant: z.number().int(),
      terminated: z.number().int(),
      total: z.number().int(),
    })
    .openapi("TimelinePoint", { example: MARCH_2022 }),
);

export const TimelineSchema = once(() =>
  z
    .object({
      scope: z.string().openapi({ description: '"all", a country ("US") or a country pair ("RU-US")' }),
      interval: z.enum(["month", "week"]),
      from: z.string().openapi({ description: "first day of the first period" }),
      to: z.string().openapi({ description: "last day of the last period" }),
      series: z
        .array(Point())
        .openapi({ description: "pairs in each status at the end of each period, in order" }),
    })
    .openapi("Timeline", {
      example: {
        scope: "RU-US",
        interval: "month",
        from: "2022-02-01",
        to: "2022-03-31",
        series: [
          {
            period: "2022-02",
            start: "2022-02-01",
            end: "2022-02-28",
            active: 13,
            suspended: 0,
            dormant: 1,
            terminated: 0,
            total: 14,
          },
          MARCH_2022,
        ],
      },
    }),
);
