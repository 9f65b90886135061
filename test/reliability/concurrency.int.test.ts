/**
 * Optimistic concurrency against DynamoDB Local through the real command path: many writers on one
 * pair (and on many pairs at once), each with the version it read. Exactly one wins each version,
 * the others get a clear conflict, and the stream ends with no gap, no duplicate, a valid chain.
 * RELIABILITY_SCALE multiplies the sizes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyStream, type StoredEvent } from "../../domain/index.js";
import { createApp } from "../../functions/app/app.js";
import type { Ledger, WriteOutcome } from "../../functions/application/ledger.js";
import type { EventStore } from "../../functions/ports/event-store.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import {
  OPERATOR,
  allStreams,
  dynamoLedger,
  noteOf,
  pairIdOfIndex,
  proposalBody,
  proposalCommand,
  registerCommand,
  type DynamoLedger,
} from "../support/builders.js";

const local = useDynamoDbLocal();
const SCALE = Math.max(1, Number(process.env.RELIABILITY_SCALE ?? 1));
const WRITERS = 64;

let wired: DynamoLedger;
beforeAll(async () => {
  wired = dynamoLedger(local.endpoint, await local.freshTables());
});

async function register(ledger: Ledger, i: number, tag: string) {
  const out = await ledger.execute(undefined, registerCommand(i, tag), { recordedBy: OPERATOR });
  if (!out.ok) throw new Error(`register failed: ${out.error.code}`);
  return out.value.pairId;
}

/** The stream is 1..n with no gap or duplicate and its chain verifies. */
function expectIntact(pairId: string, events: readonly StoredEvent[]) {
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  expect(verifyStream(pairId, events).breaks).toEqual([]);
}

/**
 * A writer that keeps trying until its one command lands: read the head, send it as If-Match,
 * and on VERSION_MISMATCH read again. Returns every outcome it saw.
 */
async function persistentWriter(ledger: Ledger, store: EventStore, pairId: string, tag: string) {
  const outcomes: { expected: number; outcome: WriteOutcome }[] = [];
  for (;;) {
    const expected = await store.headVersion(pairId);
    const outcome = await ledger.execute(pairId, proposalCommand(tag), {
      recordedBy: OPERATOR,
      expectedVersion: expected,
    });
    outcomes.push({ expected, outcome });
    if (outcome.ok || outcome.error.code !== "VERSION_MISMATCH") return outcomes;
  }
}

/** Checks the outcomes of persistent writers against the stream they produced. */
function expectOneWinnerPerVersion(
  pairId: string,
  events: readonly StoredEvent[],
  writers: { tag: string; outcomes: { expected: number; outcome: WriteOutcome }[] }[],
) {
  expectIntact(pairId, events);
  const winners = new Map<number, string>();
  for (const w of writers) {
    const last = w.outcomes.at(-1)?.outcome;
    expect(last?.ok, `writer ${w.tag} ended with ${JSON.stringify(last)}`).toBe(true);
    for (const { expected, outcome } of w.outcomes) {
      if (outcome.ok) {
        expect(outcome.value.version).toBe(expected + 1);
        expect(winners.has(outcome.value.version), `version ${outcome.value.version} won twice`).toBe(false);
        winners.set(outcome.value.version, w.tag);
      } else {
        // A loser is told the version it expected and a newer current one.
        expect(outcome.error).toMatchObject({ code: "VERSION_MISMATCH", expected });
        if (outcome.error.code === "VERSION_MISMATCH")
          expect(outcome.error.current).toBeGreaterThan(expected);
      }
    }
  }
  // Every event after the registration is exactly one writer's win, at the version it won.
  for (const e of events.slice(1)) expect(winners.get(e.version)).toBe(noteOf(e));
  expect(winners.size).toBe(events.length - 1);
}

describe("optimistic concurrency over DynamoDB Local", () => {
  it("lets exactly one of 64 writers holding the same version win; the 63 others get VERSION_MISMATCH", async () => {
    const { ledger, eventStore } = wired;
    const pairId = await register(ledger, 1, "one-version");
    const outcomes = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        ledger.execute(pairId, proposalCommand(`w${i}`), { recordedBy: OPERATOR, expectedVersion: 1 }),
      ),
    );
    const wins = outcomes.filter((o) => o.ok);
    expect(wins).toHaveLength(1);
    for (const o of outcomes.filter((o) => !o.ok))
      expect(o.ok ? undefined : o.error).toMatchObject({ code: "VERSION_MISMATCH", expected: 1, current: 2 });
    const events = await eventStore.readStream(pairId);
    expect(events).toHaveLength(2);
    expectIntact(pairId, events);
    expect(noteOf(events[1] as StoredEvent)).toBe(
      wins[0]?.ok && noteOf(wins[0].value.events[0] as StoredEvent),
    );
  });

  it("lands each of 64 racing writers' command exactly once, one winner per version, when each retries with the version it reads", async () => {
    const { ledger, eventStore } = wired;
    const pairId = await register(ledger, 2, "race");
    const writers = await Promise.all(
      Array.from({ length: WRITERS * SCALE }, async (_, i) => {
        const tag = `race-${i}`;
        return { tag, outcomes: await persistentWriter(ledger, eventStore, pairId, tag) };
      }),
    );
    const events = await eventStore.readStream(pairId);
    expect(events).toHaveLength(WRITERS * SCALE + 1);
    expectOneWinnerPerVersion(pairId, events, writers);
    // There was a real race: most writers lost at least once.
    expect(writers.filter((w) => w.outcomes.length > 1).length).toBeGreaterThan(WRITERS / 2);
  });

  it("answers one 201 and 63 problem+json 412s with the current ETag when 64 HTTP writers send the same If-Match", async () => {
    const { ledger, eventStore, readModel } = wired;
    const pairId = await register(ledger, 3, "http");
    const app = createApp({
      ledger,
      eventStore,
      readModel,
      auth: { mode: "token", token: "reliability-token-0123456789" },
    });
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        app.request(`/pairs/${pairId}/events`, {
          method: "POST",
          headers: {
            authorization: "Bearer reliability-token-0123456789",
            "content-type": "application/json",
            "if-match": '"1"',
          },
          body: JSON.stringify(proposalBody(`h${i}`)),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(WRITERS - 1).fill(412)]);
    for (const r of responses.filter((r) => r.status === 412)) {
      expect(r.headers.get("content-type")).toBe("application/problem+json");
      expect(r.headers.get("etag")).toBe('"2"');
      expect(await r.json()).toMatchObject({ status: 412, code: "VERSION_MISMATCH", currentVersion: 2 });
    }
    const events = await eventStore.readStream(pairId);
    expect(events).toHaveLength(2);
    expectIntact(pairId, events);
  });

  it("without If-Match, lands every accepted command exactly once and no rejected one (production retry budget)", async () => {
    const { ledger, eventStore } = wired;
    const pairId = await register(ledger, 4, "blind");
    const outcomes = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        ledger
          .execute(pairId, proposalCommand(`b${i}`), { recordedBy: OPERATOR })
          .then((o) => ({ tag: `b${i}`, o })),
      ),
    );
    const events = await eventStore.readStream(pairId);
    expectIntact(pairId, events);
    const landed = events.slice(1).map(noteOf);
    const accepted = outcomes.filter((x) => x.o.ok).map((x) => x.tag);
    expect([...landed].sort()).toEqual([...accepted].sort());
    expect(new Set(landed).size).toBe(landed.length);
    // Losers of every retry are told so (409 at HTTP), never silently dropped.
    for (const { o } of outcomes.filter((x) => !x.o.ok))
      expect(o.ok ? undefined : o.error.code).toBe("CONCURRENCY_CONFLICT");
    // Each accepted write returned the version its event actually holds.
    for (const { tag, o } of outcomes)
      if (o.ok) expect(noteOf(events[o.value.version - 1] as StoredEvent)).toBe(tag);
  });

  it("without If-Match and a retry budget as large as the crowd, lands all 64 commands exactly once", async () => {
    const patient = dynamoLedger(local.endpoint, await local.freshTables(), { conflictRetries: WRITERS });
    const pairId = await register(patient.ledger, 5, "patient");
    const outcomes = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        patient.ledger.execute(pairId, proposalCommand(`p${i}`), { recordedBy: OPERATOR }),
      ),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const events = await patient.eventStore.readStream(pairId);
    expect(events).toHaveLength(WRITERS + 1);
    expectIntact(pairId, events);
    expect(new Set(events.slice(1).map(noteOf)).size).toBe(WRITERS);
    expect(new Set(outcomes.map((o) => (o.ok ? o.value.version : 0))).size).toBe(WRITERS);
  });

  it("keeps every stream intact when 16 pairs each take 16 racing writers at once", async () => {
    const many = dynamoLedger(local.endpoint, await local.freshTables());
    const PAIRS = 16 * SCALE;
    const PER_PAIR = 16;
    const pairIds = await Promise.all(
      Array.from({ length: PAIRS }, (_, i) => register(many.ledger, i, "many")),
    );
    const results = await Promise.all(
      pairIds.flatMap((pairId) =>
        Array.from({ length: PER_PAIR }, async (_, w) => {
          const tag = `${pairId}#${w}`;
          return { pairId, tag, outcomes: await persistentWriter(many.ledger, many.eventStore, pairId, tag) };
        }),
      ),
    );
    const streams = await allStreams(many.eventStore);
    expect([...streams.keys()].sort()).toEqual([...pairIds].sort());
    for (const pairId of pairIds) {
      const events = streams.get(pairId) ?? [];
      expect(events).toHaveLength(PER_PAIR + 1);
      expectOneWinnerPerVersion(
        pairId,
        events,
        results.filter((r) => r.pairId === pairId),
      );
    }
    expect(pairIds[0]).toBe(pairIdOfIndex(0, "many"));
  });
});
