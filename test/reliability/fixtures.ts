/**
 * Shared builders for the reliability suite: cities, pairs and commands that the decider always
 * accepts (so a lost write can only be a storage fault, never a business rule), and a ledger over
 * DynamoDB Local built exactly as production builds it (createDocumentClient: maxAttempts 5).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { uuidv7 } from "uuidv7";
import { pairIdOfCities, type City, type Command, type StoredEvent } from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { createLedger, type Ledger } from "../../functions/application/ledger.js";
import { createDocumentClient } from "../../functions/composition.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";

export const OPERATOR = "token:reliability-suite";

/** Two distinct cities per index: `us-or-city-<i>a` and `ru-city-<i>b`. */
export function citiesOf(i: number, tag = "r"): [City, City] {
  return [
    { name: `${tag} City ${i} A`, country: "US", region: "US-OR" },
    { name: `${tag} City ${i} B`, country: "RU" },
  ];
}

export function registerCommand(i: number, tag = "r"): Command {
  const [cityA, cityB] = citiesOf(i, tag);
  return {
    kind: "register",
    data: {
      cityA,
      cityB,
      relationship: "sister-city",
      effectiveDate: "1990",
      actor: { side: "both" },
      sources: [{ citation: `founding agreement ${i}` }],
    },
  } as Command;
}

export const pairIdOfIndex = (i: number, tag = "r") => pairIdOfCities(...citiesOf(i, tag));

/**
 * A day of its own per tag (1992 on, from an FNV-1a hash): the decider treats a decision the
 * timeline already has (same type, date and side) as a repeat, so writers with different tags need
 * different days, and one tag must always give the same command (idempotency fingerprints).
 */
export function dayOfTag(tag: string): string {
  let h = 0x811c9dc5;
  for (const c of tag) h = Math.imul(h ^ (c.codePointAt(0) as number), 0x01000193) >>> 0;
  return new Date(Date.UTC(1992, 0, 1) + (h % 12_000) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A command accepted in every live status ("change-proposed" keeps the status), tagged so the
 * test can tell whose write landed.
 */
export function proposalCommand(tag: string, effectiveDate = dayOfTag(tag)): Command {
  return {
    kind: "record",
    type: "change-proposed",
    data: {
      effectiveDate,
      actor: { side: "operator" },
      sources: [{ citation: `minutes ${tag}` }],
      proposed: "suspended",
      note: tag,
    },
  } as Command;
}

/** The HTTP body of proposalCommand. */
export function proposalBody(tag: string, effectiveDate = dayOfTag(tag)) {
  return {
    type: "change-proposed",
    effectiveDate,
    actor: { side: "operator" },
    sources: [{ citation: `minutes ${tag}` }],
    proposed: "suspended",
    note: tag,
  };
}

export function registerBody(i: number, tag = "r") {
  const c = registerCommand(i, tag);
  return c.data;
}

export const noteOf = (e: StoredEvent) => (e.data as { note?: string }).note;

export interface DynamoLedger {
  readonly doc: DynamoDBDocumentClient;
  readonly eventStore: EventStore;
  readonly readModel: ReadModelStore;
  readonly ledger: Ledger;
}

/** The production wiring over DynamoDB Local tables; `doc` may carry test middleware. */
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
