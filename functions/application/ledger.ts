/**
 * The command path: read the stream, decide, seal (hash chain), append. Every write — the HTTP
 * API, the seed loader, the CLI import — goes through here, so they all obey the same rules.
 */
import {
  GENESIS_HASH,
  canonicalJson,
  decide,
  evolve,
  initialState,
  pairIdOfCities,
  seal,
  sha256Hex,
  type Command,
  type DomainError,
  type PairState,
  type StoredEvent,
  type TimeQuery,
} from "../../domain/index.js";
import type { StreamCache } from "./stream-cache.js";
import { domainEvent, readingOf, rememberDecided, type PairReading } from "./view.js";
import { isStoreError, type EventStore, type IdempotencyRecord } from "../ports/event-store.js";

export type LedgerError =
  | DomainError
  | {
      readonly code: "VERSION_MISMATCH";
      readonly expected: number;
      readonly current: number;
      readonly message: string;
    }
  | { readonly code: "CONCURRENCY_CONFLICT"; readonly current: number; readonly message: string }
  | { readonly code: "IDEMPOTENCY_KEY_REUSED"; readonly key: string; readonly message: string }
  | {
      readonly code: "EVENT_TOO_LARGE";
      readonly size: number;
      readonly limit: number;
      readonly message: string;
    };

export interface WriteContext {
  /** The caller's identity, from authentication only. */
  readonly recordedBy: string;
  /** If-Match: the version the caller last saw. */
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
}

export interface WriteResult {
  readonly pairId: string;
  /** The stream version after the write. */
  readonly version: number;
  /** The events this write appended (empty for a no-op). */
  readonly events: readonly StoredEvent[];
  /** True when an earlier request with the same Idempotency-Key is answered again. */
  readonly replayed: boolean;
}

export type WriteOutcome = { ok: true; value: WriteResult } | { ok: false; error: LedgerError };

export interface LedgerDeps {
  readonly eventStore: EventStore;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly idempotencyTtlSeconds: number;
  /** How many times a lost race is retried (re-read, re-decide) when no If-Match was given. */
  readonly conflictRetries?: number;
  /**
   * Streams this process read or wrote lately, to decide the next command on them without a read
   * (the conditional append guards it). Without one, every command reads its stream (except a
   * registration, which tries the empty stream first). The composition root gives warm
   * processes one.
   */
  readonly streamCache?: StreamCache;
}

export interface Ledger {
  /** Run a command against a pair (for `register`, the pair id comes from the cities). */
  execute(pairId: string | undefined, command: Command, ctx: WriteContext): Promise<WriteOutcome>;
  /** The decider state of a pair, folded from its events (consistent read). */
  load(pairId: string): Promise<{ state: PairState; stored: StoredEvent[] }>;
  /**
   * A stream the caller read consistently a moment ago (the import's rehearsal): the next command
   * on the pair is decided on it without a read, the conditional append guarding it. Nothing
   * happens without a stream cache.
   */
  remember(pairId: string, stored: readonly StoredEvent[]): void;
  /** A pair as it stands (as of a day, as known at an instant), read consistently; undefined: no such pair. */
  view(pairId: string, query?: TimeQuery): Promise<PairReading | undefined>;
  /** Today (YYYY-MM-DD) by the ledger's clock: a view without asOf is as of this day. */
  today(): string;
}

export function createLedger(deps: LedgerDeps): Ledger {
  const { eventStore } = deps;
  const retries = deps.conflictRetries ?? 3;

  const cache = deps.streamCache || undefined;

  // The decider state of a stream, kept per stream array (a stream array is never changed: an
  // append makes a new one, whose state is the old one's evolved by the new events), so a command
  // on a cached stream does not fold it again.
  const folded = new WeakMap<readonly StoredEvent[], PairState>();
  const fold = (pairId: string, stored: readonly StoredEvent[]) => {
    let state = folded.get(stored);
    if (state?.pairId !== pairId) {
      state = stored.map(domainEvent).reduce(evolve, initialState(pairId));
      folded.set(stored, state);
    }
    return { state, stored };
  };

  async function load(pairId: string) {
    const stored = await eventStore.readStream(pairId);
    return { state: fold(pairId, stored).state, stored };
  }

  async function replay(record: IdempotencyRecord, fingerprint: string): Promise<WriteOutcome> {
    if (record.fingerprint !== fingerprint)
      return fail({
        code: "IDEMPOTENCY_KEY_REUSED",
        key: record.key,
        message: `Idempotency-Key ${record.key} was used for a different request`,
      });
    const events = await eventStore.readStream(record.pairId, {
      from: record.fromVersion,
      to: record.toVersion,
    });
    return { ok: true, value: { pairId: record.pairId, version: record.toVersion, events, replayed: true } };
  }

  async function execute(
    givenPairId: string | undefined,
    command: Command,
    ctx: WriteContext,
  ): Promise<WriteOutcome> {
    const outcome = await attempt(givenPairId, command, ctx);
    // A refusal may only mean that a concurrent copy of this request (same key) won the race:
    // then the key is held, and every copy answers with the original result.
    if (!outcome.ok && ctx.idempotencyKey && outcome.error.code !== "IDEMPOTENCY_KEY_REUSED") {
      const held = await eventStore.getIdempotencyRecord(ctx.idempotencyKey);
      if (held) return replay(held, fingerprintOf(givenPairId, command, ctx));
    }
    return outcome;
  }

  function fingerprintOf(givenPairId: string | undefined, command: Command, ctx: WriteContext) {
    const pairId =
      command.kind === "register"
        ? pairIdOfCities(command.data.cityA, command.data.cityB)
        : (givenPairId as string);
    return sha256Hex(canonicalJson({ pairId, command, expectedVersion: ctx.expectedVersion ?? null }));
  }

  /**
   * What the command may be decided on without a read: the cached stream, or — for a registration
   * without If-Match — an empty stream (a new pair needs no Query; the conditional put refuses
   * it if the pair exists). Undefined: read the stream.
   */
  function guess(pairId: string, command: Command, ctx: WriteContext): readonly StoredEvent[] | undefined {
    const cached = cache?.get(pairId);
    if (cached) return cached;
    if (command.kind === "register" && (ctx.expectedVersion ?? 0) === 0) return [];
    return undefined;
  }

  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
  async function attempt(
    givenPairId: string | undefined,
    command: Command,
    ctx: WriteContext,
  ): Promise<WriteOutcome> {
    const pairId =
      command.kind === "register"
        ? pairIdOfCities(command.data.cityA, command.data.cityB)
        : (givenPairId as string);
    // What an Idempotency-Key's record holds of the request; without a key it is never read.
    const fingerprint = ctx.idempotencyKey ? fingerprintOf(givenPairId, command, ctx) : "";
    // The key's conditional put in the append's transaction is what guards it; a held key is
    // answered from its record when the append, the decision or the no-op says so (below and in
    // execute). When the stream has to be read anyway, the key is read beside it (no added
    // latency) so that a repeated request is answered without deciding it again.
    let guessed = guess(pairId, command, ctx);
    let preloaded: StoredEvent[] | undefined;
    if (guessed === undefined && ctx.idempotencyKey) {
      const [existing, read] = await Promise.all([
        eventStore.getIdempotencyRecord(ctx.idempotencyKey),
        eventStore.readStream(pairId),
      ]);
      if (existing) return replay(existing, fingerprint);
      preloaded = read;
    }
    for (let attempt = 0; ; ) {
      const trusted = guessed === undefined;
      const { state, stored } = guessed
        ? fold(pairId, guessed)
        : preloaded
          ? fold(pairId, preloaded)
          : await load(pairId);
      guessed = undefined;
      preloaded = undefined;
      if (trusted) cache?.set(pairId, stored);
      // Anything but a landed append decided on a guess is decided again on a consistent read.
      const retryFresh = () => {
        cache?.delete(pairId);
        return !trusted;
      };
      if (ctx.expectedVersion !== undefined && ctx.expectedVersion !== state.version) {
        if (retryFresh()) continue;
        return fail({
          code: "VERSION_MISMATCH",
          expected: ctx.expectedVersion,
          current: state.version,
          message: `the pair is at version ${state.version}, not ${ctx.expectedVersion}`,
        });
      }
      const now = deps.clock().toISOString();
      const decided = decide(command, state, {
        recordedAt: now,
        recordedBy: ctx.recordedBy,
        eventId: deps.newId(),
      });
      if (!decided.ok) {
        if (retryFresh()) continue;
        return fail(decided.error);
      }
      if (decided.value.length === 0) {
        if (retryFresh()) continue;
        // A repeated request whose first copy landed decides nothing now: answer with the original.
        const held = ctx.idempotencyKey
          ? await eventStore.getIdempotencyRecord(ctx.idempotencyKey)
          : undefined;
        if (held) return replay(held, fingerprint);
        return { ok: true, value: { pairId, version: state.version, events: [], replayed: false } };
      }
      let prevHash = stored.at(-1)?.hash ?? GENESIS_HASH;
      const sealed = decided.value.map((e, i) => {
        const event = seal({ ...e, pairId, version: state.version + 1 + i, prevHash });
        prevHash = event.hash;
        return event;
      });
      const idempotency: IdempotencyRecord | undefined = ctx.idempotencyKey
        ? {
            key: ctx.idempotencyKey,
            fingerprint,
            pairId,
            fromVersion: state.version + 1,
            toVersion: state.version + sealed.length,
            recordedAt: now,
            expiresAt: Math.floor(deps.clock().getTime() / 1000) + deps.idempotencyTtlSeconds,
          }
        : undefined;
      try {
        await eventStore.append(pairId, state.version, sealed, idempotency);
        if (cache) {
          const next = [...stored, ...sealed];
          folded.set(next, sealed.map(rememberDecided).reduce(evolve, state));
          cache.set(pairId, next);
        }
        return {
          ok: true,
          value: { pairId, version: state.version + sealed.length, events: sealed, replayed: false },
        };
      } catch (e) {
        cache?.delete(pairId);
        if (isStoreError(e, "ITEM_TOO_LARGE"))
          return fail({
            code: "EVENT_TOO_LARGE",
            size: Number(e.details.size),
            limit: Number(e.details.limit),
            message: e.message,
          });
        if (isStoreError(e, "IDEMPOTENCY_KEY_TAKEN") && ctx.idempotencyKey) {
          // A request with the same key landed first (or concurrently): answer with its result.
          const winner = await eventStore.getIdempotencyRecord(ctx.idempotencyKey);
          if (winner) return replay(winner, fingerprint);
        }
        if (!isStoreError(e, "VERSION_CONFLICT")) throw e;
        // A stale guess is not a lost race: read and decide again, without spending a retry.
        if (!trusted) continue;
        const current = Number(e.details.currentVersion ?? state.version + 1);
        if (ctx.expectedVersion !== undefined)
          return fail({
            code: "VERSION_MISMATCH",
            expected: ctx.expectedVersion,
            current,
            message: `the pair moved to version ${current} while this request was decided`,
          });
        if (attempt >= retries)
          return fail({
            code: "CONCURRENCY_CONFLICT",
            current,
            message: `lost ${attempt + 1} races to concurrent writers`,
          });
        attempt++;
      }
    }
  }

  const remember = (pairId: string, stored: readonly StoredEvent[]) => cache?.set(pairId, stored);

  /**
   * A view reads the stream consistently. A stream this process holds (it read or wrote the pair
   * lately) is brought up to date by reading only the events after its last version: a stream is
   * append-only (an event is written once, by a put conditional on its version being free, and
   * never changed through the ledger), so versions 1..n it holds are the table's, and the read of
   * n + 1 onwards is as consistent as a read of the whole stream. A pair read often from a warm
   * process then costs one GetItem that finds nothing new (EventStore.readAfter). The stream read is kept for the next
   * command on the pair (a client reads a pair, then records a change with its ETag as If-Match),
   * decided on it without a second read, the conditional append guarding it as for any cached
   * stream. An edit of the table behind the ledger's back is the audit's to find (it reads every
   * event), not a view's.
   */
  async function view(pairId: string, query: TimeQuery = {}) {
    return readingOf(await currentStream(pairId), query);
  }

  async function currentStream(pairId: string): Promise<readonly StoredEvent[]> {
    const held = cache?.get(pairId);
    const last = held?.at(-1)?.version;
    const whole = held !== undefined && last !== undefined && held[0]?.version === 1 && last === held.length;
    const stored = whole
      ? append(held, await eventStore.readAfter(pairId, last))
      : await eventStore.readStream(pairId);
    // Kept unless a write of this process landed meanwhile (the cache holds a later version).
    if (stored.length > 0 && (cache?.get(pairId)?.length ?? 0) <= stored.length) cache?.set(pairId, stored);
    return stored;
  }

  const today = () => deps.clock().toISOString().slice(0, 10);
  return { execute, load, remember, view, today };
}

const append = <T>(held: readonly T[], newer: readonly T[]) =>
  newer.length === 0 ? held : [...held, ...newer];

const fail = (error: LedgerError): WriteOutcome => ({ ok: false, error });
