/**
 * HTTP schemas: the domain's zod schemas, wrapped for OpenAPI 3.1 with examples. The OpenAPI
 * document at /openapi.json is generated from these; nothing is written by hand twice. Every
 * request and response has an example, and a test validates each example against its schema.
 */
import { z } from "@hono/zod-openapi";
import { EVENT_DATA, EVENT_TYPES, STATUSES } from "../../domain/index.js";

const CITY_ID = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const PAIR_ID = /^[a-z0-9]+(-[a-z0-9]+)+--[a-z0-9]+(-[a-z0-9]+)+$/;

export const PairIdParam = z.object({
  pairId: z
    .string()
    .regex(PAIR_ID, "a pair id is two city ids joined by --")
    .openapi({ param: { name: "pairId", in: "path" }, example: "ru-moscow--us-il-chicago" }),
});

export const CityIdParam = z.object({
  cityId: z
    .string()
    .regex(CITY_ID, "a city id is lower-case words joined by -, e.g. us-il-chicago")
    .openapi({ param: { name: "cityId", in: "path" }, example: "us-il-chicago" }),
});

// ---------------------------------------------------------------------------------------------
// Examples (one story: Chicago and Moscow, 1997 to the suspension of March 2022)

const exampleSources = [
  { url: "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow" },
];

const chicago = { id: "us-il-chicago", name: "Chicago", country: "US", region: "US-IL", wikidataId: "Q1297" };
const moscow = { id: "ru-moscow", name: "Moscow", country: "RU", wikidataId: "Q649", aliases: ["Moskva"] };

const storedEventExample = {
  pairId: "ru-moscow--us-il-chicago",
  version: 2,
  eventId: "0193a7c2-5b1e-7c3a-9f00-3d2b1e0c4a55",
  type: "suspended" as const,
  schemaVersion: 2,
  data: {
    effectiveDate: "2022-03-01",
    actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
    sources: exampleSources,
    wording: "suspend",
  },
  recordedAt: "2022-03-02T09:15:00.000Z",
  recordedBy: "token:local-operator",
  prevHash: "4f9c2b7a0d1e6c3b8a5f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b",
  hash: "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
};

const pairExample = {
  pairId: "ru-moscow--us-il-chicago",
  cityA: chicago,
  cityB: moscow,
  relationship: "sister-city",
  status: "suspended" as const,
  since: "2022-03-01",
  establishedOn: "1997",
  latest: {
    type: "suspended",
    effectiveDate: "2022-03-01",
    version: 2,
    source: exampleSources[0]?.url,
    wording: "suspend",
  },
  version: 2,
  eventCount: 2,
};

const counts = (active: number, suspended: number, dormant: number, terminated: number) => ({
  total: active + suspended + dormant + terminated,
  active,
  suspended,
  dormant,
  terminated,
});

/** The example cursor: the last pair id of a page, as the list hands it out. */
export const EXAMPLE_CURSOR = "djE6cnUtbW9zY293LS11cy1pbC1jaGljYWdv";

// ---------------------------------------------------------------------------------------------
// Requests

// `.extend({})` first: a zod schema created before @hono/zod-openapi was loaded has no `.openapi`
// (zod 4 sets methods per instance), and the domain may well be loaded first.
export const RegisterPairBody = EVENT_DATA.established.extend({}).openapi("RegisterPair", {
  description: "The establishment of a pair: both cities, when, by whom, on what source",
  example: {
    cityA: { name: "Chicago", country: "US", region: "US-IL", wikidataId: "Q1297" },
    cityB: { name: "Moscow", country: "RU", wikidataId: "Q649", aliases: ["Moskva"] },
    relationship: "sister-city",
    effectiveDate: "1997",
    actor: { side: "both" },
    authority: { body: "Mayors Daley and Luzhkov", instrument: "agreement" },
    sources: [
      {
        url: "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
      },
    ],
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
    description: "One event: `type` says which; the other fields are that type's data",
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

/** Named examples of RecordEvent, shown by the docs UI beside the schema example. */
export const recordEventExamples = {
  suspended: {
    summary: "A suspension, in the source's own words",
    value: {
      type: "suspended",
      effectiveDate: "2022-03-01",
      actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
      sources: exampleSources,
      wording: "suspend",
    },
  },
  retained: {
    summary: "A decision to keep the tie (the status does not change)",
    value: {
      type: "retained",
      effectiveDate: "2022-03",
      actor: { side: "us-il-chicago" },
      authority: { body: "Chicago Sister Cities International" },
      sources: [{ citation: "Chicago Sister Cities International, statement of March 2022" }],
    },
  },
  retracted: {
    summary: "A correction: removes an earlier event from the timeline (history keeps both)",
    value: { type: "retracted", retracts: 2, reason: "the source reported a proposal, not a decision" },
  },
};

export const TimeQuerySchema = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "a date: 1944, 2022-03 or 2022-03-09")
    .optional()
    .openapi({ description: "effective date (status on that day)", example: "2022-04-01" }),
  knownAt: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "recording time (what the ledger said then)", example: "2022-05-01T00:00:00Z" }),
});

/** Most entries a list answers at once; a larger `limit` is refused (422), not silently cut. */
export const MAX_LIMIT = 100;

const listFilters = {
  status: z.enum(STATUSES).optional().openapi({ description: "current status", example: "suspended" }),
  q: z.string().trim().min(1).max(100).optional().openapi({
    description: "name search: part of either city's name, id or any alias, any case",
    example: "moskva",
  }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(25)
    .openapi({ description: `page size, at most ${MAX_LIMIT}`, example: 25 }),
  cursor: z.string().max(2000).optional().openapi({
    description: "from the previous page's `cursor`; pages are in pair-id order",
    example: EXAMPLE_CURSOR,
  }),
};

export const ListQuerySchema = z.object({
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code in capitals, e.g. RU")
    .optional()
    .openapi({ description: "ISO 3166-1 alpha-2 code of either city's country", example: "RU" }),
  city: z
    .string()
    .regex(CITY_ID, "a city id, e.g. us-il-chicago")
    .optional()
    .openapi({ description: "a city id on either side", example: "us-il-chicago" }),
  ...listFilters,
});

export const CityListQuerySchema = z.object({
  country: ListQuerySchema.shape.country.openapi({
    description: "the other city's country (or this one's)",
    example: "RU",
  }),
  ...listFilters,
});

// ---------------------------------------------------------------------------------------------
// Responses

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
  .openapi("StoredEvent", {
    description: "An event as stored: the envelope its hash covers",
    example: storedEventExample,
  });

const CityRefSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    region: z.string().optional(),
    wikidataId: z.string().optional(),
    aliases: z.array(z.string()).optional(),
  })
  .openapi("City", { example: chicago });

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
    version: z
      .number()
      .int()
      .openapi({ description: "the stream version this view reflects (the pair's ETag)" }),
    eventCount: z.number().int(),
    asOf: z.string().optional(),
    knownAt: z.string().optional(),
  })
  .openapi("Pair", { example: pairExample });

export const WriteResultSchema = z
  .object({
    pairId: z.string(),
    version: z.number().int().openapi({ description: "the pair's version after the write (also the ETag)" }),
    events: z
      .array(StoredEventSchema)
      .openapi({ description: "what this write appended; empty when nothing changed" }),
    replayed: z
      .boolean()
      .openapi({ description: "true when this answers a retry of an earlier request (Idempotency-Key)" }),
  })
  .openapi("WriteResult", {
    example: {
      pairId: "ru-moscow--us-il-chicago",
      version: 2,
      events: [storedEventExample],
      replayed: false,
    },
  });

export const PairListSchema = z
  .object({
    items: z.array(PairViewSchema),
    cursor: z
      .string()
      .optional()
      .openapi({ description: "pass as `cursor` for the next page; absent on the last" }),
    next: z.string().optional().openapi({ description: "the next page's URL (same filters)" }),
  })
  .openapi("PairList", {
    example: {
      items: [pairExample],
      cursor: EXAMPLE_CURSOR,
      next: `/pairs?country=RU&limit=1&cursor=${EXAMPLE_CURSOR}`,
    },
  });

export const HistorySchema = z
  .object({ pairId: z.string(), version: z.number().int(), events: z.array(StoredEventSchema) })
  .openapi("History", {
    example: { pairId: "ru-moscow--us-il-chicago", version: 2, events: [storedEventExample] },
  });

const Counts = z
  .object({
    total: z.number().int(),
    active: z.number().int(),
    suspended: z.number().int(),
    dormant: z.number().int(),
    terminated: z.number().int(),
  })
  .openapi("StatusCounts", { example: counts(40, 20, 0, 8) });

export const StatsSchema = z
  .object({
    total: Counts,
    byCountry: z
      .record(z.string(), Counts)
      .openapi({ description: "per country (a pair counts for both its countries)" }),
    byCountryPair: z
      .record(z.string(), Counts)
      .openapi({ description: 'per pair of countries, keyed "RU-US" (sorted)' }),
  })
  .openapi("Stats", {
    example: {
      total: counts(52, 20, 1, 8),
      byCountry: { RU: counts(40, 20, 0, 8), US: counts(22, 18, 1, 3) },
      byCountryPair: { "RU-US": counts(8, 16, 0, 3) },
    },
  });

export const HealthSchema = z
  .object({ status: z.literal("ok") })
  .openapi("Health", { example: { status: "ok" } });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ description: "a URI naming the kind of problem" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().openapi({ description: "the request path" }),
    code: z.string().optional().openapi({ description: "the ledger's error code, for programs" }),
    errors: z
      .array(
        z.object({
          in: z.enum(["body", "query", "header", "path"]),
          pointer: z
            .string()
            .openapi({ description: "JSON Pointer (RFC 6901) into the body, or /name of a parameter" }),
          detail: z.string(),
        }),
      )
      .optional(),
  })
  .passthrough()
  .openapi("Problem", {
    description: "RFC 9457 problem details",
    example: {
      type: "https://sister-city-ledger.dev/problems/validation",
      title: "The request is not valid",
      status: 422,
      detail: "1 invalid field(s) in the request body",
      instance: "/pairs",
      errors: [
        {
          in: "body",
          pointer: "/cityA/country",
          detail: "must be an ISO 3166-1 alpha-2 code in capitals, e.g. US",
        },
      ],
    },
  });

const P = "https://sister-city-ledger.dev/problems/";

/** An example problem per status, so that every documented error answer has one. */
const problemExamples: Record<number, Record<string, unknown>> = {
  400: {
    type: `${P}malformed`,
    title: "The request cannot be read",
    status: 400,
    detail: "the body is not valid JSON",
  },
  401: {
    type: `${P}unauthenticated`,
    title: "Authentication required",
    status: 401,
    detail: "writes and audits need an identity: send Authorization: Bearer <token>",
  },
  404: {
    type: `${P}pair-not-found`,
    title: "No such pair",
    status: 404,
    detail: "no pair ru-moscow--us-il-chicago is registered",
    code: "PAIR_NOT_FOUND",
  },
  409: {
    type: `${P}transition-forbidden`,
    title: "The transition is not allowed",
    status: 409,
    detail: "a terminated pair cannot be reinstated",
    code: "TRANSITION_FORBIDDEN",
  },
  412: {
    type: `${P}version-mismatch`,
    title: "The pair has changed",
    status: 412,
    detail: "the pair is at version 3, not 2",
    code: "VERSION_MISMATCH",
    expectedVersion: 2,
    currentVersion: 3,
  },
  413: {
    type: `${P}body-too-large`,
    title: "The request body is too large",
    status: 413,
    detail: "the limit is 262144 bytes",
    limit: 262144,
  },
  415: {
    type: `${P}unsupported-media-type`,
    title: "Send JSON",
    status: 415,
    detail: 'content-type must be application/json, not "text/plain"',
  },
  422: {
    type: `${P}validation`,
    title: "The request is not valid",
    status: 422,
    detail: "1 invalid field(s) in the request body",
    errors: [
      {
        in: "body",
        pointer: "/recordedBy",
        detail: "recordedBy is set by the server (from the clock and your identity), never by the body",
      },
    ],
  },
  500: {
    type: `${P}internal`,
    title: "Internal error",
    status: 500,
    detail: "the ledger could not complete the request; nothing was written unless a version was returned",
  },
};

/** A documented problem+json answer, with an example for its status. */
export const problemResponse = (description: string, status?: number) => ({
  description,
  content: {
    "application/problem+json": {
      schema: ProblemSchema,
      example: { ...(problemExamples[status ?? 0] ?? problemExamples[400]), ...(status ? { status } : {}) },
    },
  },
});

/** Errors any route can answer. */
export const commonErrors = {
  500: problemResponse("unexpected error: nothing was written unless a version was returned", 500),
};
