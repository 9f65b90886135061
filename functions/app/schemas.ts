/**
 * HTTP schemas: the domain's zod schemas, wrapped for OpenAPI 3.1 with examples. The OpenAPI
 * document at /openapi.json is generated from these; nothing is written by hand twice.
 */
import { z } from "@hono/zod-openapi";
import { EVENT_DATA, EVENT_TYPES, STATUSES } from "../../domain/index.js";

export const PairIdParam = z.object({
  pairId: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)+--[a-z0-9]+(-[a-z0-9]+)+$/, "a pair id is two city ids joined by --")
    .openapi({ param: { name: "pairId", in: "path" }, example: "ru-moscow--us-il-chicago" }),
});

const exampleSources = [{ url: "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow" }];

export const RegisterPairBody = EVENT_DATA.established.openapi("RegisterPair", {
  example: {
    cityA: { name: "Chicago", country: "US", region: "US-IL", wikidataId: "Q1297" },
    cityB: { name: "Moscow", country: "RU", wikidataId: "Q649" },
    relationship: "sister-city",
    effectiveDate: "1997",
    actor: { side: "both" },
    authority: { body: "Mayors Daley and Luzhkov", instrument: "agreement" },
    sources: [{ url: "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/" }],
  },
});

const withType = <T extends (typeof EVENT_TYPES)[number]>(type: T) =>
  EVENT_DATA[type].extend({ type: z.literal(type) });

export const RecordEventBody = z
  .discriminatedUnion("type", [
    withType("established"),
    withType("suspended"),
    withType("reinstated"),
    withType("terminated"),
    withType("marked-dormant"),
    withType("reactivated"),
    withType("reaffirmed"),
    withType("retained"),
    withType("change-proposed"),
    withType("motion-failed"),
    withType("retracted"),
  ])
  .openapi("RecordEvent", {
    example: {
      type: "suspended",
      effectiveDate: "2022-03-01",
      actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
      authority: { body: "Mayor of Chicago", instrument: "directive to World Business Chicago" },
      sources: exampleSources,
      wording: "suspend",
      condition: "until the end of hostilities and the Putin regime is held accountable",
    },
  });

export const StoredEventSchema = z
  .object({
    pairId: z.string(),
    version: z.number().int(),
    eventId: z.string(),
    type: z.enum(EVENT_TYPES),
    schemaVersion: z.number().int(),
    data: z.record(z.string(), z.unknown()),
    recordedAt: z.string(),
    recordedBy: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi("StoredEvent");

const CityRefSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    region: z.string().optional(),
    wikidataId: z.string().optional(),
    aliases: z.array(z.string()).optional(),
  })
  .openapi("City");

export const PairViewSchema = z
  .object({
    pairId: z.string(),
    cityA: CityRefSchema,
    cityB: CityRefSchema,
    relationship: z.string(),
    status: z.enum([...STATUSES, "not-established"]),
    since: z.string().optional(),
    establishedOn: z.string().optional(),
    latest: z
      .object({
        type: z.string(),
        effectiveDate: z.string(),
        version: z.number().int(),
        source: z.string().optional(),
        wording: z.string().optional(),
      })
      .optional(),
    version: z.number().int(),
    eventCount: z.number().int(),
    asOf: z.string().optional(),
    knownAt: z.string().optional(),
  })
  .openapi("Pair", {
    example: {
      pairId: "ru-moscow--us-il-chicago",
      cityA: { id: "us-il-chicago", name: "Chicago", country: "US", region: "US-IL" },
      cityB: { id: "ru-moscow", name: "Moscow", country: "RU" },
      relationship: "sister-city",
      status: "suspended",
      since: "2022-03-01",
      establishedOn: "1997",
      version: 2,
      eventCount: 2,
    },
  });

export const WriteResultSchema = z
  .object({
    pairId: z.string(),
    version: z.number().int(),
    events: z.array(StoredEventSchema),
    replayed: z.boolean(),
  })
  .openapi("WriteResult");

export const PairListSchema = z
  .object({ items: z.array(PairViewSchema), cursor: z.string().optional(), next: z.string().optional() })
  .openapi("PairList");

export const HistorySchema = z
  .object({ pairId: z.string(), version: z.number().int(), events: z.array(StoredEventSchema) })
  .openapi("History");

const Counts = z.record(z.string(), z.number().int());
export const StatsSchema = z
  .object({
    total: Counts,
    byCountry: z.record(z.string(), Counts),
    byCountryPair: z.record(z.string(), Counts),
    asOf: z.string().optional(),
  })
  .openapi("Stats");

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .passthrough()
  .openapi("Problem");

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const TimeQuerySchema = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/)
    .optional()
    .openapi({ description: "effective date (status on that day)", example: "2022-04-01" }),
  knownAt: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "recording time (what the ledger said then)", example: "2022-05-01T00:00:00Z" }),
});

export const ListQuerySchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/).optional().openapi({ example: "RU" }),
  city: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/).optional().openapi({ example: "us-il-chicago" }),
  status: z.enum(STATUSES).optional(),
  q: z.string().min(1).max(100).optional().openapi({ description: "name search" }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});
