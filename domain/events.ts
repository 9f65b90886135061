/**
 * Events: what happened to a pair, in the past tense. Each type has a zod schema and a
 * schemaVersion; a changed shape gets a new version and an upcaster, never an edit.
 *
 * The stored envelope (StoredEvent) keeps `data` exactly as written, because the hash covers it;
 * upcasting happens only when an event is read into the domain (toDomainEvent).
 */
import * as z from "zod";
import { CITY_ID_PATTERN, City, StoredCity } from "./city.js";
import { LIMITS } from "./limits.js";
import { text, WELL_FORMED_MESSAGE, wellFormed } from "./text.js";
import { EffectiveDate } from "./effective-date.js";
import { EVENT_TYPES, type EventType, type TimelineEventType } from "./transitions.js";

export const Source = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(LIMITS.url)
      .refine(wellFormed, WELL_FORMED_MESSAGE)
      .optional(),
    citation: text(LIMITS.citation).optional(),
    /** When the source was read (YYYY-MM-DD). */
    retrievedOn: EffectiveDate.optional(),
  })
  .strict()
  .refine((s) => s.url !== undefined || s.citation !== undefined, "a source needs a url or a citation");
export type Source = z.infer<typeof Source>;

export const Authority = z
  .object({
    /** Who decided: "City Council", "Mayor", "Albany-Tula Alliance board". */
    body: text(LIMITS.authorityBody).optional(),
    /** The instrument: "Resolution 22-0438", "Order Or2022-61", "letter". */
    instrument: text(LIMITS.authorityInstrument).optional(),
    /** The vote as reported: "unanimous", "9–1", "failed by one vote". */
    vote: text(LIMITS.authorityVote).optional(),
  })
  .strict();
export type Authority = z.infer<typeof Authority>;

/** Which side acted: a city id of the pair, "both", or "operator" (e.g. a sister-city association). */
export const Actor = z
  .object({
    side: z.union([z.literal("both"), z.literal("operator"), z.string().regex(CITY_ID_PATTERN)]),
    name: text(LIMITS.actorName).optional(),
  })
  .strict();
export type Actor = z.infer<typeof Actor>;

/** Provenance carried by every event that is on the timeline. */
export const Provenance = z.object({
  effectiveDate: EffectiveDate,
  actor: Actor,
  authority: Authority.optional(),
  sources: z
    .array(Source)
    .min(1, "at least one source (url or citation) is required")
    .max(LIMITS.sourcesPerEvent),
  /** The source's own word for what happened ("severs", "paused", "ruhen lassen"). */
  wording: text(LIMITS.wording).optional(),
  note: text(LIMITS.note).optional(),
});

export const RELATIONSHIPS = [
  "sister-city",
  "friendship-city",
  "partner-city",
  "sister-county",
  "sister-state",
] as const;

export const EstablishedData = Provenance.extend({
  cityA: City,
  cityB: City,
  relationship: z.enum(RELATIONSHIPS).default("sister-city"),
}).strict();

export const SuspendedData = Provenance.extend({
  /** The reinstatement condition, in the decision's words. */
  condition: text(LIMITS.condition).optional(),
}).strict();

export const PlainData = Provenance.strict();

export const ProposalData = Provenance.extend({
  /** What the motion or proposal asked for. */
  proposed: z.enum(["suspended", "reinstated", "terminated", "marked-dormant", "reactivated", "established"]),
}).strict();

export const RetractedData = z
  .object({
    /** The version of the event this retraction removes from the timeline. */
    retracts: z.number().int().positive(),
    reason: text(LIMITS.reason),
    sources: z.array(Source).max(LIMITS.sourcesPerEvent).optional(),
    note: text(LIMITS.note).optional(),
  })
  .strict();

export const EVENT_DATA = {
  established: EstablishedData,
  suspended: SuspendedData,
  reinstated: PlainData,
  terminated: PlainData,
  "marked-dormant": PlainData,
  reactivated: PlainData,
  reaffirmed: PlainData,
  retained: PlainData,
  "change-proposed": ProposalData,
  "motion-failed": ProposalData,
  retracted: RetractedData,
} as const satisfies Record<EventType, z.ZodType>;

/** Current schemaVersion per type. `suspended` is at 2: see UPCASTERS. */
export const SCHEMA_VERSIONS: Readonly<Record<EventType, number>> = {
  established: 1,
  suspended: 2,
  reinstated: 1,
  terminated: 1,
  "marked-dormant": 1,
  reactivated: 1,
  reaffirmed: 1,
  retained: 1,
  "change-proposed": 1,
  "motion-failed": 1,
  retracted: 1,
};

type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Upcasters, by type and by the version they read. `suspended` v1 called the reinstatement
 * condition `until` (free text); v2 calls it `condition`.
 */
export const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {
  suspended: {
    1: ({ until, ...rest }) => (until === undefined ? rest : { ...rest, condition: until }),
  },
};

export type EventData<T extends EventType> = z.output<(typeof EVENT_DATA)[T]>;
export type EventInput<T extends EventType> = z.input<(typeof EVENT_DATA)[T]>;

/** A domain event: typed, upcast to the current schema. */
export type DomainEvent = {
  [T in EventType]: {
    readonly type: T;
    readonly data: EventData<T>;
    readonly pairId: string;
    readonly version: number;
    readonly eventId: string;
    readonly recordedAt: string;
    readonly recordedBy: string;
  };
}[EventType];

export type TimelineEvent = Extract<DomainEvent, { type: TimelineEventType }>;

/** The envelope as stored (and hashed). `data` is exactly what was written. */
export interface StoredEvent {
  readonly pairId: string;
  readonly version: number;
  readonly eventId: string;
  readonly type: EventType;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const StoredEventSchema = z.object({
  pairId: z.string().min(1),
  version: z.number().int().positive(),
  eventId: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  schemaVersion: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
  recordedAt: z.string().min(1),
  recordedBy: z.string().min(1),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Raise stored data to the current schema of its type. */
export function upcast(type: EventType, schemaVersion: number, data: Record<string, unknown>) {
  if (schemaVersion > SCHEMA_VERSIONS[type])
    throw new Error(
      `${type} schemaVersion ${schemaVersion} is newer than this code reads (${SCHEMA_VERSIONS[type]})`,
    );
  let current = data;
  for (let v = schemaVersion; v < SCHEMA_VERSIONS[type]; v++) {
    const up = UPCASTERS[type]?.[v];
    if (!up) throw new Error(`no upcaster for ${type} v${v}`);
    current = up(current);
  }
  return current;
}

/**
 * The schemas stored data is read with: a registration stored before the name rules (city.ts)
 * stays readable, since nothing stored is ever rewritten.
 */
const READ_DATA: Record<EventType, z.ZodType> = {
  ...EVENT_DATA,
  established: EstablishedData.extend({ cityA: StoredCity, cityB: StoredCity }),
};

/** Read a stored event into the domain: upcast, then parse with the current schema. */
export function toDomainEvent(stored: StoredEvent): DomainEvent {
  return domainEventWith(
    stored,
    READ_DATA[stored.type].parse(upcast(stored.type, stored.schemaVersion, stored.data)),
  );
}

/**
 * A stored event's envelope with `data` as the domain reads it: parsed (toDomainEvent), or as
 * decided, for an event the ledger has just appended (functions/application/view.ts).
 */
export function domainEventWith(stored: StoredEvent, data: unknown): DomainEvent {
  return {
    type: stored.type,
    data,
    pairId: stored.pairId,
    version: stored.version,
    eventId: stored.eventId,
    recordedAt: stored.recordedAt,
    recordedBy: stored.recordedBy,
  } as DomainEvent;
}
