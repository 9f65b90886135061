/**
 * A warm process's memory of the streams it has just read or written, so that the next command on
 * the same pair can decide without reading the stream again. It is only ever a guess: the
 * conditional append is the guard (an append at version n + 1 lands only if the stream is at n, so
 * a write decided on a stale entry fails and is decided again on a fresh read). The command path
 * trusts an entry for nothing else — a refusal, a no-op or an If-Match mismatch decided from the
 * cache is checked against a consistent read before it is answered.
 */
import type { StoredEvent } from "../../domain/index.js";

export interface StreamCache {
  get(pairId: string): readonly StoredEvent[] | undefined;
  set(pairId: string, events: readonly StoredEvent[]): void;
  delete(pairId: string): void;
}

export interface StreamCacheOptions {
  /** Streams kept; the least recently used goes first. */
  readonly maxStreams?: number;
  /** How long an entry is used after it was read or written (ms). */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export function createStreamCache(options: StreamCacheOptions = {}): StreamCache {
  const max = options.maxStreams ?? 2000;
  const ttl = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  // A Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  const entries = new Map<string, { events: readonly StoredEvent[]; at: number }>();
  return {
    get(pairId) {
      const hit = entries.get(pairId);
      if (!hit) return undefined;
      entries.delete(pairId);
      if (now() - hit.at > ttl) return undefined;
      entries.set(pairId, hit);
      return hit.events;
    },
    set(pairId, events) {
      entries.delete(pairId);
      entries.set(pairId, { events, at: now() });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(pairId) {
      entries.delete(pairId);
    },
  };
}
