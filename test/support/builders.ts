/**
 * Test data, one module for every suite and the benchmarks: the domain's Chicago–Moscow stream
 * (event data parsed through the real schemas), the HTTP suite's handful of real pairs from the
 * 2022 story, numbered pairs and commands the decider always accepts (so a lost write can only be
 * a storage fault, never a business rule), and the production wiring over DynamoDB Local.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { uuidv7 } from "../../functions/shared/uuidv7.js";
import {
  type City,
  type Command,
  type CommandMeta,
  cityId,
  type DomainEvent,
  EVENT_DATA,
  type EventInput,
  pairIdOfCities,
  SCHEMA_VERSIONS,
  type StoredEvent,
  type TimelineEventType,
} from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { createMemoryReadModel } from "../../functions/adapters/memory/memory-read-model.js";
import { createLedger, type Ledger } from "../../functions/application/ledger.js";
import { createDocumentClient } from "../../functions/composition.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { createProjector } from "../../functions/projector/projector.js";

type Extra = Record<string, unknown>;

// ── The domain's stream: Chicago–Moscow ─────────────────────────────────────────────────────

export const CHICAGO: City = { name: "Chicago", country: "US", region: "US-IL", wikidataId: "Q1297" };
export const MOSCOW: City = { name: "Moscow", country: "RU", wikidataId: "Q649" };
export const CHICAGO_ID = cityId(CHICAGO);
export const MOSCOW_ID = cityId(MOSCOW);
export const PAIR_ID = pairIdOfCities(CHICAGO, MOSCOW);

const SOURCE = [{ citation: "test fixture" }];

/** An event before it is placed in a stream: its type and parsed data. */
export interface EventSpec {
  readonly type: DomainEvent["type"];
  readonly data: Record<string, unknown>;
}

export function establishedData(effectiveDate = "1997", extra: Extra = {}) {
  return EVENT_DATA.established.parse({
    cityA: CHICAGO,
    cityB: MOSCOW,
    effectiveDate,
    actor: { side: "both" },
    sources: SOURCE,
    ...extra,
  } satisfies Partial<EventInput<"established">> & Extra);
}

/** Data of a timeline event of `type`, parsed by its schema; proposals default to "terminated". */
export function dataOf(
  type: TimelineEventType,
  effectiveDate: string,
  extra: Extra = {},
): Record<string, unknown> {
  if (type === "established") return establishedData(effectiveDate, extra);
  const base: Extra = { effectiveDate, actor: { side: CHICAGO_ID }, sources: SOURCE };
  if (type === "change-proposed" || type === "motion-failed") base.proposed = "terminated";
  return EVENT_DATA[type].parse({ ...base, ...extra }) as Record<string, unknown>;
}

export const ev = (type: TimelineEventType, effectiveDate: string, extra: Extra = {}): EventSpec => ({
  type,
  data: dataOf(type, effectiveDate, extra),
});

export const est = (effectiveDate = "1997", extra: Extra = {}): EventSpec => ({
  type: "established",
  data: establishedData(effectiveDate, extra),
});

const retractionData = (retracts: number, reason: string) => EVENT_DATA.retracted.parse({ retracts, reason });

export const retraction = (retracts: number, reason = "recorded in error"): EventSpec => ({
  type: "retracted",
  data: retractionData(retracts, reason),
});

/** Recording times: one minute apart from a fixed instant, so knownAt tests can pick between them. */
export const recordedAtOf = (version: number) => new Date(Date.UTC(2026, 0, 1, 0, version)).toISOString();

/** Domain events of one stream, versions 1…n, in recording order. */
export function history(specs: readonly EventSpec[], pairId = PAIR_ID): DomainEvent[] {
  return specs.map(
    (s, i) =>
      ({
        type: s.type,
        data: s.data,
        pairId,
        version: i + 1,
        eventId: `event-${i + 1}`,
        recordedAt: recordedAtOf(i + 1),
        recordedBy: "tester",
      }) as DomainEvent,
  );
}

export const metaAfter = (version: number): CommandMeta => ({
  recordedAt: recordedAtOf(version + 1),
  recordedBy: "tester",
  eventId: `event-${version + 1}`,
});

export const register = (effectiveDate = "1997", extra: Extra = {}): Command => ({
  kind: "register",
  data: establishedData(effectiveDate, extra),
});

export const recordOf = (type: TimelineEventType, effectiveDate: string, extra: Extra = {}): Command =>
  ({ kind: "record", type, data: dataOf(type, effectiveDate, extra) }) as Command;

export const retract = (retracts: number, reason = "recorded in error"): Command => ({
  kind: "retract",
  data: retractionData(retracts, reason),
});

export const schemaVersionOf = (type: DomainEvent["type"]) => SCHEMA_VERSIONS[type];

// ── The HTTP suite's pairs: real ones from the 2022 story, as request bodies ────────────────

export const cities = {
  chicago: { name: "Chicago", country: "US", region: "US-IL" },
  moscow: { name: "Moscow", country: "RU", aliases: ["Moskva"] },
  portland: { name: "Portland", country: "US", region: "US-OR" },
  khabarovsk: { name: "Khabarovsk", country: "RU" },
  albany: { name: "Albany", country: "US", region: "US-NY" },
  tula: { name: "Tula", country: "RU" },
  coventry: { name: "Coventry", country: "GB" },
  volgograd: { name: "Volgograd", country: "RU", aliases: ["Stalingrad"] },
  dresden: { name: "Dresden", country: "DE" },
} as const;

type CityName = keyof typeof cities;

export const ids = {
  chicagoMoscow: "ru-moscow--us-il-chicago",
  portlandKhabarovsk: "ru-khabarovsk--us-or-portland",
  albanyTula: "ru-tula--us-ny-albany",
  coventryVolgograd: "gb-coventry--ru-volgograd",
  coventryDresden: "de-dresden--gb-coventry",
} as const;

const sourceOf = (n: string) => [{ url: `https://example.org/sources/${n}` }];

/** The body of POST /pairs for two of `cities`. */
export function establishment(a: CityName, b: CityName, effectiveDate = "1990", extra: Extra = {}) {
  return {
    cityA: cities[a],
    cityB: cities[b],
    effectiveDate,
    actor: { side: "both" },
    sources: sourceOf(`${a}-${b}`),
    ...extra,
  };
}

/** The body of POST /pairs/{id}/events. */
export function event(type: string, effectiveDate: string, extra: Extra = {}) {
  return {
    type,
    effectiveDate,
    actor: { side: "both" },
    sources: sourceOf(`${type}-${effectiveDate}`),
    ...extra,
  };
}

export interface PairRequest {
  readonly method: string;
  readonly path: string;
  readonly json: unknown;
  readonly headers?: Record<string, string>;
}

const post = (path: string, json: unknown, headers: Record<string, string>): PairRequest => ({
  method: "POST",
  path,
  json,
  headers,
});

export const registerRequest = (a: CityName, b: CityName, headers: Record<string, string> = {}) =>
  post("/pairs", establishment(a, b), headers);

export const recordRequest = (pairId: string, json: unknown, headers: Record<string, string> = {}) =>
  post(`/pairs/${pairId}/events`, json, headers);

/** Five pairs: three US–RU (one suspended), GB–RU (suspended), GB–DE (active). */
export const fivePairs: PairRequest[] = [
  registerRequest("chicago", "moscow"),
  registerRequest("portland", "khabarovsk"),
  registerRequest("albany", "tula"),
  post("/pairs", establishment("coventry", "volgograd", "1944"), {}),
  registerRequest("coventry", "dresden"),
  recordRequest(ids.chicagoMoscow, event("suspended", "2022-03-01")),
  recordRequest(ids.coventryVolgograd, event("suspended", "2022-03")),
];

// ── Numbered pairs and commands the decider always accepts (reliability, benchmarks) ────────

export const OPERATOR = "token:test-operator";

/** Two distinct cities per index: `us-or-<tag>-city-<i>-a` and `ru-<tag>-city-<i>-b`. */
export function citiesOf(i: number, tag = "r"): [City, City] {
  return [
    { name: `${tag} City ${i} A`, country: "US", region: "US-OR" },
    { name: `${tag} City ${i} B`, country: "RU" },
  ];
}

export const pairIdOfIndex = (i: number, tag = "r") => pairIdOfCities(...citiesOf(i, tag));

/** The body of POST /pairs for pair `i`: an agreement of the size real ones have. */
export function registerBody(i: number, tag = "r") {
  const [cityA, cityB] = citiesOf(i, tag);
  return {
    cityA,
    cityB,
    relationship: "sister-city",
    effectiveDate: "1991",
    actor: { side: "both" },
    authority: { body: "City Council", instrument: `Resolution 91-${i}` },
    sources: [
      { url: `https://example.org/agreements/${i}`, citation: "Agreement of friendship and cooperation" },
    ],
  };
}

export const registerCommand = (i: number, tag = "r"): Command =>
  ({ kind: "register", data: registerBody(i, tag) }) as Command;

/** A distinct day per n (1992 on, for 12,000 days): the decider treats a decision it already has (same type, date, side) as a repeat. */
export const dayOf = (n: number): string =>
  new Date(Date.UTC(1992, 0, 1) + (n % 12_000) * 86_400_000).toISOString().slice(0, 10);

/**
 * A day of its own per tag (an FNV-1a hash as dayOf's n): writers with different tags need
 * different days, and one tag must always give the same command (idempotency fingerprints).
 */
export function dayOfTag(tag: string): string {
  let h = 0x811c9dc5;
  for (const c of tag) h = Math.imul(h ^ (c.codePointAt(0) as number), 0x01000193) >>> 0;
  return dayOf(h);
}

/**
 * The body of a proposal that leaves the status unchanged, accepted in every live status, on a
 * day of its own (a number: dayOf, a tag: dayOfTag), its key as the note so a test can tell
 * whose write landed.
 */
export function proposalBody(
  key: number | string,
  effectiveDate = typeof key === "number" ? dayOf(key) : dayOfTag(key),
) {
  return {
    type: "change-proposed",
    effectiveDate,
    actor: { side: "operator", name: "Sister Cities Association" },
    authority: { body: "City Council", instrument: `Motion 22-${key}` },
    sources: [{ url: `https://example.org/minutes/${key}`, citation: "Council minutes" }],
    wording: "calls to suspend",
    proposed: "suspended",
    note: String(key),
  };
}

export function proposalCommand(key: number | string, effectiveDate?: string): Command {
  const { type, ...data } = proposalBody(key, effectiveDate);
  return { kind: "record", type, data } as Command;
}

export const noteOf = (e: StoredEvent) => (e.data as { note?: string }).note;

export interface TestLedgerOptions {
  /** The recording clock, told how many event ids were handed out so far (default: one fixed instant). */
  readonly clock?: (issued: number) => Date;
  readonly idempotencyTtlSeconds?: number;
}

/** A ledger with deterministic event ids (00000000-0000-7000-8000-000000000001 on) and clock. */
export function testLedger(eventStore: EventStore, options: TestLedgerOptions = {}): Ledger {
  let n = 0;
  const clock = options.clock ?? (() => new Date("2026-01-01T00:00:00Z"));
  return createLedger({
    eventStore,
    clock: () => clock(n),
    newId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, "0")}`,
    idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? 3600,
  });
}

/**
 * A ledger and a projector over any stores (memory or DynamoDB Local); by default the clock
 * ticks one second a call from 2026-01-01.
 */
export function ledgerOver(
  eventStore: EventStore,
  readModel: ReadModelStore,
  options: TestLedgerOptions = {},
) {
  let t = Date.parse("2026-01-01T00:00:00Z");
  const ledger = testLedger(eventStore, { clock: () => new Date((t += 1000)), ...options });
  const projector = createProjector({ eventStore, readModel });
  /** Project every stored event (what the stream would deliver). */
  async function project() {
    for await (const page of eventStore.scan()) for (const e of page.events) await projector.apply(e);
  }
  return { ledger, projector, project };
}

/** In-memory stores with a ledger and a projector (the audit engine needs no HTTP). */
export function memoryLedger() {
  const eventStore = createMemoryEventStore();
  const readModel = createMemoryReadModel();
  return { ...ledgerOver(eventStore, readModel), eventStore, readModel };
}

/** Streams of `pairs` pairs × `events` events each, sealed by the real command path in memory. */
export async function buildStreams(
  pairs: number,
  events: number,
  tag = "replay",
): Promise<Map<string, StoredEvent[]>> {
  const store = createMemoryEventStore();
  const ledger = testLedger(store, { clock: (n) => new Date(Date.UTC(2024, 0, 1) + n * 1000) });
  for (let p = 0; p < pairs; p++) {
    const reg = await ledger.execute(undefined, registerCommand(p, tag), { recordedBy: OPERATOR });
    if (!reg.ok) throw new Error(reg.error.code);
    for (let e = 1; e < events; e++) {
      const out = await ledger.execute(reg.value.pairId, proposalCommand(e), { recordedBy: OPERATOR });
      if (!out.ok) throw new Error(out.error.code);
    }
  }
  return store.streams;
}

// ── The production wiring over DynamoDB Local ──────────────────────────────────────────────

export interface DynamoLedger {
  readonly doc: DynamoDBDocumentClient;
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
  readonly ledger: Ledger;
}

/** The ledger as production builds it (createDocumentClient: maxAttempts 5); `doc` may carry test middleware. */
export function dynamoLedger(
  endpoint: string,
  tables: { events: string; readModel: string },
  options: { doc?: DynamoDBDocumentClient; conflictRetries?: number } = {},
): DynamoLedger {
  const doc = options.doc ?? createDocumentClient({ endpoint, region: "us-east-1" });
  const eventStore = createDynamoEventStore(doc, tables.events);
  const readModel = createDynamoReadModel(doc, tables.readModel);
  const ledger = createLedger({
    eventStore,
    clock: () => new Date(),
    newId: uuidv7,
    idempotencyTtlSeconds: 3600,
    ...(options.conflictRetries !== undefined ? { conflictRetries: options.conflictRetries } : {}),
  });
  return { doc, eventStore, readModel, ledger };
}

/** Every event in the store, grouped per stream and sorted by version. */
export async function allStreams(eventStore: EventStore): Promise<Map<string, StoredEvent[]>> {
  const streams = new Map<string, StoredEvent[]>();
  for await (const page of eventStore.scan({ segments: 2 }))
    for (const e of page.events) streams.set(e.pairId, [...(streams.get(e.pairId) ?? []), e]);
  for (const events of streams.values()) events.sort((a, b) => a.version - b.version);
  return streams;
}
