/** In-memory event store: the same contract as DynamoDB, for unit and HTTP tests. */
import type { StoredEvent } from "../../../domain/index.js";
import {
  StoreError,
  type EventStore,
  type IdempotencyRecord,
  type ScanPage,
} from "../../ports/event-store.js";
import { checkAppend } from "../append-guard.js";

export function createMemoryEventStore(options: { clock?: () => Date } = {}): EventStore & {
  /** Test access to the raw streams (for tamper tests and inspection). */
  readonly streams: Map<string, StoredEvent[]>;
} {
  const streams = new Map<string, StoredEvent[]>();
  const keys = new Map<string, IdempotencyRecord>();
  const clock = options.clock ?? (() => new Date());

  return {
    streams,
    async readStream(pairId, range = {}) {
      const events = streams.get(pairId) ?? [];
      return structuredClone(
        events.filter(
          (e) => e.version >= (range.from ?? 1) && e.version <= (range.to ?? Number.MAX_SAFE_INTEGER),
        ),
      );
    },
    async readAfter(pairId, version) {
      return structuredClone((streams.get(pairId) ?? []).filter((e) => e.version > version));
    },
    async headVersion(pairId) {
      return streams.get(pairId)?.at(-1)?.version ?? 0;
    },
    async append(pairId, expectedVersion, events, idempotency) {
      checkAppend(pairId, expectedVersion, events);
      // A held key is reported before a moved stream, as DynamoDB's transaction reports it.
      if (idempotency) {
        const held = keys.get(idempotency.key);
        if (held && held.expiresAt * 1000 > clock().getTime())
          throw new StoreError("IDEMPOTENCY_KEY_TAKEN", `key ${idempotency.key} is taken`);
      }
      const stream = streams.get(pairId) ?? [];
      const head = stream.at(-1)?.version ?? 0;
      if (head !== expectedVersion) {
        // The same events written again (a retried request) are not a conflict.
        const mine = stream.find((e) => e.version === expectedVersion + 1);
        if (mine && mine.hash === events[0]?.hash) return;
        throw new StoreError("VERSION_CONFLICT", `${pairId} is at version ${head}`, { currentVersion: head });
      }
      if (idempotency) keys.set(idempotency.key, structuredClone(idempotency));
      streams.set(pairId, [...stream, ...structuredClone(events)]);
    },
    async getIdempotencyRecord(key) {
      const record = keys.get(key);
      return record && record.expiresAt * 1000 > clock().getTime() ? structuredClone(record) : undefined;
    },
    async *scan(): AsyncIterable<ScanPage> {
      const all = [...streams.values()].flat();
      yield { segment: 0, events: structuredClone(all) };
    },
  };
}
