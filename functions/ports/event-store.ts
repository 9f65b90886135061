/**
 * The event-store port. Two adapters implement it (DynamoDB, in-memory) and both pass one
 * contract suite (test/contracts/event-store.contract.ts).
 */
import type { StoredEvent } from "../../domain/index.js";

/** A retried write returns the original result; the record lives as long as the TTL says. */
export interface IdempotencyRecord {
  readonly key: string;
  /** SHA-256 of what the request asked for: the same key with another request is refused. */
  readonly fingerprint: string;
  readonly pairId: string;
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly recordedAt: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

export type StoreErrorCode = "VERSION_CONFLICT" | "IDEMPOTENCY_KEY_TAKEN" | "ITEM_TOO_LARGE" | "CORRUPT_ITEM";

/** Infrastructure errors carry a code (and a type guard); business rules never throw. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export const isStoreError = (e: unknown, code?: StoreErrorCode): e is StoreError =>
  e instanceof StoreError && (code === undefined || e.code === code);

/** DynamoDB's item limit, checked before writing with the same measure in both adapters. */
export const MAX_ITEM_BYTES = 400 * 1024;

export interface ScanOptions {
  /** Parallel scan segments (DynamoDB); the memory adapter ignores it. */
  readonly segments?: number;
  /** Only these segments (to resume a replay); default all. */
  readonly onlySegments?: readonly number[];
  readonly pageSize?: number;
}

export interface ScanPage {
  readonly segment: number;
  readonly events: readonly StoredEvent[];
  /** Opaque position after this page, for checkpoints; undefined when the segment is done. */
  readonly next?: string;
}

export interface EventStore {
  /** Events of a stream in version order, read consistently. */
  readStream(
    pairId: string,
    range?: { readonly from?: number; readonly to?: number },
  ): Promise<StoredEvent[]>;
  /**
   * The events after `version`, read consistently: what a process that holds versions 1..version
   * of a stream (they never change) needs to bring it up to date. A stream with nothing after
   * `version` costs one key lookup.
   */
  readAfter(pairId: string, version: number): Promise<StoredEvent[]>;
  /** The highest version of a stream, 0 when it has none. */
  headVersion(pairId: string): Promise<number>;
  /**
   * Append events at expectedVersion + 1, … . Exactly one writer wins a version: a lost race
   * throws StoreError VERSION_CONFLICT (details.currentVersion). With an idempotency record,
   * the record is written in the same transaction; a taken key throws IDEMPOTENCY_KEY_TAKEN.
   */
  append(
    pairId: string,
    expectedVersion: number,
    events: readonly StoredEvent[],
    idempotency?: IdempotencyRecord,
  ): Promise<void>;
  getIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  /** Every event in the store, page by page (segments in parallel where the adapter can). */
  scan(options?: ScanOptions & { readonly from?: Readonly<Record<number, string>> }): AsyncIterable<ScanPage>;
}
