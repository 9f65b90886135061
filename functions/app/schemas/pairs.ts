/** Pair bodies and answers: register, record, the folded view, history, lists and write results. */
// zod as a namespace import (never `{ z }` from @hono/zod-openapi): the Lambda bundle then keeps
// only the parts of zod in use (BENCHMARKS.md). The import before it adds `.openapi()`.
import "@hono/zod-openapi";
import * as z from "zod";
import { once } from "./lazy.js";
import { EVENT_DATA, EVENT_TYPES, STATUSES } from "../../../domain/index.js";
import {
  EXAMPLE_CURSOR,
  EXAMPLE_PAIR_ID,
  chicago,
  exampleSources,
  pairExample,
  storedEventExample,
} from "./examples.js";

// `.extend({})` first: a zod schema created before @hono/zod-openapi was loaded has no `.openapi`
// (zod 4 sets methods per instance), and the domain may well be loaded first.
// The request bodies are built on a write route's first request (lazy.ts).
export const RegisterPairBody = once(() =>
  EVENT_DATA.established.extend({}).openapi("RegisterPair", {
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
  }),
);

/** `marked-dormant` → `RecordMarkedDormant`: each member is a named schema, so the docs show it by type. */
const componentName = (type: string) =>
  `Record${type.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase())}`;

const withType = <T extends (typeof EVENT_TYPES)[number]>(type: T) =>
  EVENT_DATA[type]
    .extend({ type: z.literal(type) })
    .openapi(componentName(type), { description: `A \`${type}\` event` });

export const RecordEventBody = once(() =>
  z
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
    }),
);

export const StoredEventSchema = once(() =>
  z
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
    }),
);

/** The answers: built on first use (the OpenAPI document), not by a Lambda at import (lazy.ts). */
const answers = once(() => {
  const CityRefSchema = z
    .object({
      id: z.string(),
      name: z.string(),
      country: z.string(),
      region: z.string().optional(),
      wikidataId: z.string().optional(),
      aliases: z.array(z.string()).optional(),
      location: z
        .object({ lat: z.number(), lon: z.number(), source: z.string() })
        .optional()
        .openapi({ description: "where the city is (WGS 84 degrees) and where that comes from" }),
    })
    .openapi("City", { example: chicago });

  const PairViewSchema = z
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
      eventCount: z.number().int().openapi({ description: "events the view reflects (as of its date)" }),
      scheduled: z
        .array(
          z.object({
            status: z.enum(STATUSES).openapi({ description: "the status it brings" }),
            effectiveDate: z.string(),
            type: z.string().optional().openapi({ description: "the event (a pair's view; lists omit it)" }),
            version: z
              .number()
              .int()
              .optional()
              .openapi({ description: "the event's version (a pair's view)" }),
          }),
        )
        .optional()
        .openapi({
          description:
            "status changes decided in advance: dated after today, they count from their date, so `status` is today's (absent with asOf)",
        }),
      asOf: z.string().optional(),
      knownAt: z.string().optional(),
    })
    .openapi("Pair", { example: pairExample });

  const WriteResultSchema = z
    .object({
      pairId: z.string(),
      version: z
        .number()
        .int()
        .openapi({ description: "the pair's version after the write (also the ETag)" }),
      events: z
        .array(StoredEventSchema())
        .openapi({ description: "what this write appended; empty when nothing changed" }),
      replayed: z
        .boolean()
        .openapi({ description: "true when this answers a retry of an earlier request (Idempotency-Key)" }),
    })
    .openapi("WriteResult", {
      example: {
        pairId: EXAMPLE_PAIR_ID,
        version: 2,
        events: [storedEventExample],
        replayed: false,
      },
    });

  const PairListSchema = z
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

  const HistorySchema = z
    .object({ pairId: z.string(), version: z.number().int(), events: z.array(StoredEventSchema()) })
    .openapi("History", {
      example: { pairId: EXAMPLE_PAIR_ID, version: 2, events: [storedEventExample] },
    });
  return { PairViewSchema, WriteResultSchema, PairListSchema, HistorySchema };
});

export const PairViewSchema = () => answers().PairViewSchema;
export const WriteResultSchema = () => answers().WriteResultSchema;
export const PairListSchema = () => answers().PairListSchema;
export const HistorySchema = () => answers().HistorySchema;
