/** Builders for domain tests: cities, event data parsed through the real schemas, histories. */
import {
  EVENT_DATA,
  SCHEMA_VERSIONS,
  cityId,
  pairIdOfCities,
  type City,
  type Command,
  type CommandMeta,
  type DomainEvent,
  type EventInput,
  type TimelineEventType,
} from "../../../domain/index.js";

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

type Extra = Record<string, unknown>;

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

export const retraction = (retracts: number, reason = "recorded in error"): EventSpec => ({
  type: "retracted",
  data: EVENT_DATA.retracted.parse({ retracts, reason }),
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
  data: EVENT_DATA.retracted.parse({ retracts, reason }),
});

export const schemaVersionOf = (type: DomainEvent["type"]) => SCHEMA_VERSIONS[type];
