/**
 * The read-model port: per-pair documents written by the projector, and the queries the API
 * needs (filters, pagination, stats), each served without a scan.
 */
import type { PairDoc, PairView, Status } from "../../domain/index.js";

export interface PairFilter {
  /** ISO 3166-1 alpha-2; matches either side. */
  readonly country?: string;
  /** A city id; matches either side. */
  readonly city?: string;
  readonly status?: Status;
  /** Case-insensitive substring of either city's name, id or aliases. */
  readonly q?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque: pass it back to read the next page; absent when there is none. */
  readonly cursor?: string;
}

/** A cursor that no list ever handed out (tampered, truncated): the caller's mistake, not ours. */
export class InvalidCursorError extends Error {
  readonly code = "INVALID_CURSOR";
  constructor(message = "the cursor is not one this API handed out") {
    super(message);
    this.name = "InvalidCursorError";
  }
}

export const isInvalidCursor = (e: unknown): e is InvalidCursorError => e instanceof InvalidCursorError;

export type StatusCounts = Partial<Record<Status, number>> & { readonly total: number };

export interface Stats {
  readonly total: StatusCounts;
  readonly byCountry: Readonly<Record<string, StatusCounts>>;
  /** Keyed "RU-US": both countries, sorted. */
  readonly byCountryPair: Readonly<Record<string, StatusCounts>>;
}

export type SaveOutcome = "saved" | "stale";

export interface ReadModelStore {
  get(pairId: string): Promise<PairDoc | undefined>;
  /**
   * Write `next` if the stored document is still `previous` (by version): otherwise "stale",
   * and nothing is written. Index entries and counters change in the same atomic write.
   */
  save(next: PairDoc, previous: PairDoc | undefined): Promise<SaveOutcome>;
  /**
   * A page of views matching the filter, in pair-id order (stable across pages and writes).
   * Throws InvalidCursorError for a cursor it did not hand out.
   */
  list(
    filter: PairFilter,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<PairView>>;
  stats(): Promise<Stats>;
  /** Every pair's document, in pair-id order, read page by page (a Query, never a Scan). */
  allDocs(): AsyncIterable<PairDoc>;
  /** Remove a pair's document, its index entries and its counts (repair: a document no event backs). */
  remove(pairId: string): Promise<void>;
  /** Overwrite every counter (repair: the replay recounted them from the events). */
  setCounters(counters: Readonly<Record<string, number>>): Promise<void>;
}

/** The country-pair key of a view: "RU-US". */
export const countryPairKey = (a: string, b: string) => [a, b].sort().join("-");

/** Counters a document contributes to: [bucket, country or country pair]. */
export function statBuckets(view: PairView): { total: true; countries: string[]; countryPair: string } {
  const a = view.cityA.country;
  const b = view.cityB.country;
  return { total: true, countries: a === b ? [a] : [a, b], countryPair: countryPairKey(a, b) };
}
