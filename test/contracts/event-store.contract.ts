/**
 * The event-store contract: every adapter must pass it (memory and DynamoDB Local).
 * Behaviour the ledger relies on: ordered consistent reads, exactly one writer per version,
 * idempotent retries of the same write, idempotency records, size limits, full scans.
 */
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, seal, verifyStream, type StoredEvent } from "../../domain/index.js";
import { isStoreError, MAX_ITEM_BYTES, type EventStore } from "../../functions/ports/event-store.js";

let counter = 0;

/** A sealed chain of `n` events for a fresh pair. */
export function chain(
  n: number,
  pairId = `ru-test${++counter}--us-test${counter}`,
  from: StoredEvent[] = [],
): StoredEvent[] {
  const events = [...from];
  for (let i = 0; i < n; i++) {
    const version = events.length + 1;
    events.push(
      seal({
        pairId,
        version,
        eventId: `e-${pairId}-${version}`,
        type: version === 1 ? "established" : "reaffirmed",
        schemaVersion: 1,
        data: {
          effectiveDate: `20${String(version).padStart(2, "0")}`,
          actor: { side: "both" },
          sources: [{ citation: `doc ${version}` }],
        },
        recordedAt: new Date(Date.UTC(2024, 0, version)).toISOString(),
        recordedBy: "test",
        prevHash: events.at(-1)?.hash ?? GENESIS_HASH,
      }),
    );
  }
  return events.slice(from.length);
}

export function eventStoreContract(name: string, makeStore: () => Promise<EventStore> | EventStore) {
  describe(`event store contract: ${name}`, () => {
    it("reads back appended events in version order, with their hashes intact", async () => {
      const store = await makeStore();
      const events = chain(3);
      const pairId = events[0]!.pairId;
      await store.append(pairId, 0, events.slice(0, 1));
      await store.append(pairId, 1, events.slice(1));
      const read = await store.readStream(pairId);
      expect(read).toEqual(events);
      expect(verifyStream(pairId, read).breaks).toEqual([]);
      expect(await store.headVersion(pairId)).toBe(3);
    });

    it("reads a version range", async () => {
      const store = await makeStore();
      const events = chain(5);
      const pairId = events[0]!.pairId;
      await store.append(pairId, 0, events);
      expect((await store.readStream(pairId, { from: 2, to: 4 })).map((e) => e.version)).toEqual([2, 3, 4]);
    });

    it("reads the events after a version: none after the head, all after 0, none for an unknown pair", async () => {
      const store = await makeStore();
      const events = chain(4);
      const pairId = events[0]!.pairId;
      await store.append(pairId, 0, events.slice(0, 2));
      expect(await store.readAfter(pairId, 2)).toEqual([]);
      await store.append(pairId, 2, events.slice(2));
      expect((await store.readAfter(pairId, 1)).map((e) => e.version)).toEqual([2, 3, 4]);
      expect(await store.readAfter(pairId, 2)).toEqual(await store.readStream(pairId, { from: 3 }));
      expect((await store.readAfter(pairId, 0)).map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(await store.readAfter(pairId, 4)).toEqual([]);
      expect(await store.readAfter("ru-none--us-none", 0)).toEqual([]);
    });

    it("returns an empty stream and version 0 for an unknown pair", async () => {
      const store = await makeStore();
      expect(await store.readStream("ru-none--us-none")).toEqual([]);
      expect(await store.headVersion("ru-none--us-none")).toBe(0);
    });

    it("lets exactly one of two writers win a version; the loser learns the current version", async () => {
      const store = await makeStore();
      const [first] = chain(1);
      const pairId = first!.pairId;
      await store.append(pairId, 0, [first!]);
      const a = chain(1, pairId, [first!]);
      const b = [seal({ ...a[0]!, eventId: "other-writer", hash: undefined } as never)];
      const results = await Promise.allSettled([store.append(pairId, 1, a), store.append(pairId, 1, b)]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(isStoreError(lost.reason, "VERSION_CONFLICT")).toBe(true);
      expect(lost.reason.details.currentVersion).toBe(2);
      expect(await store.readStream(pairId)).toHaveLength(2);
    });

    it("treats the very same write repeated (a retry whose first attempt landed) as success", async () => {
      const store = await makeStore();
      const events = chain(1);
      await store.append(events[0]!.pairId, 0, events);
      await store.append(events[0]!.pairId, 0, events);
      expect(await store.readStream(events[0]!.pairId)).toHaveLength(1);
    });

    it("refuses a stale expected version with nothing written", async () => {
      const store = await makeStore();
      const events = chain(2);
      const pairId = events[0]!.pairId;
      await store.append(pairId, 0, events);
      const stale = [seal({ ...events[1]!, eventId: "late", hash: undefined } as never)];
      await expect(store.append(pairId, 1, stale)).rejects.toSatisfy((e) =>
        isStoreError(e, "VERSION_CONFLICT"),
      );
      expect((await store.readStream(pairId)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    });

    it("writes several events atomically", async () => {
      const store = await makeStore();
      const events = chain(4);
      const pairId = events[0]!.pairId;
      await store.append(pairId, 0, events.slice(0, 2));
      const competing = [seal({ ...events[2]!, eventId: "competing-writer", hash: undefined } as never)];
      await store.append(pairId, 2, competing);
      // events 3–4 collide with the competing v3: neither may land.
      await expect(store.append(pairId, 2, events.slice(2))).rejects.toSatisfy((e) =>
        isStoreError(e, "VERSION_CONFLICT"),
      );
      expect(await store.headVersion(pairId)).toBe(3);
    });

    it("stores an idempotency record with the events and refuses a second holder of the key", async () => {
      const store = await makeStore();
      const events = chain(1);
      const pairId = events[0]!.pairId;
      const key = `key-${pairId}`;
      const record = {
        key,
        fingerprint: "f".repeat(64),
        pairId,
        fromVersion: 1,
        toVersion: 1,
        recordedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + 3600,
      };
      await store.append(pairId, 0, events, record);
      expect(await store.getIdempotencyRecord(key)).toEqual(record);
      const next = chain(1, pairId, events);
      await expect(
        store.append(pairId, 1, next, { ...record, fromVersion: 2, toVersion: 2 }),
      ).rejects.toSatisfy((e) => isStoreError(e, "IDEMPOTENCY_KEY_TAKEN"));
      expect(await store.headVersion(pairId)).toBe(1);
      expect(await store.getIdempotencyRecord("never-used")).toBeUndefined();
    });

    it("refuses an event over the item size limit before writing", async () => {
      const store = await makeStore();
      const [big] = chain(1);
      const huge = seal({
        ...big!,
        data: { ...big!.data, note: "x".repeat(MAX_ITEM_BYTES) },
        hash: undefined,
      } as never);
      await expect(store.append(big!.pairId, 0, [huge])).rejects.toSatisfy((e) =>
        isStoreError(e, "ITEM_TOO_LARGE"),
      );
      expect(await store.headVersion(big!.pairId)).toBe(0);
    });

    it("scans every event (and only events) across segments", async () => {
      const store = await makeStore();
      const a = chain(3);
      const b = chain(2);
      await store.append(a[0]!.pairId, 0, a);
      await store.append(b[0]!.pairId, 0, b, {
        key: `scan-${b[0]!.pairId}`,
        fingerprint: "0".repeat(64),
        pairId: b[0]!.pairId,
        fromVersion: 1,
        toVersion: 2,
        recordedAt: new Date().toISOString(),
        expiresAt: Math.floor(Date.now() / 1000) + 60,
      });
      const seen: StoredEvent[] = [];
      for await (const page of store.scan({ segments: 3, pageSize: 2 })) seen.push(...page.events);
      const mine = seen.filter((e) => e.pairId === a[0]!.pairId || e.pairId === b[0]!.pairId);
      expect(mine.sort((x, y) => x.pairId.localeCompare(y.pairId) || x.version - y.version)).toEqual(
        [...a, ...b].sort((x, y) => x.pairId.localeCompare(y.pairId) || x.version - y.version),
      );
      expect(seen.every((e) => !e.pairId.startsWith("$"))).toBe(true);
    });
  });
}
