/**
 * Idempotency against DynamoDB Local: one Idempotency-Key, retried one after another and all at
 * once, through the ledger and through the HTTP app, yields one event and the original answer.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { verifyStream, type StoredEvent } from "../../domain/index.js";
import { createApp } from "../../functions/app/app.js";
import type { WriteOutcome } from "../../functions/application/ledger.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import {
  OPERATOR,
  allStreams,
  dynamoLedger,
  pairIdOfIndex,
  proposalBody,
  proposalCommand,
  registerBody,
  registerCommand,
  type DynamoLedger,
} from "../support/builders.js";

const local = useDynamoDbLocal();
const TOKEN = "reliability-token-0123456789";
const CROWD = 32;

let wired: DynamoLedger;
beforeAll(async () => {
  wired = dynamoLedger(local.endpoint, await local.freshTables());
});

const ids = (o: WriteOutcome) => (o.ok ? o.value.events.map((e) => e.eventId) : []);

async function registered(i: number, tag: string) {
  const out = await wired.ledger.execute(undefined, registerCommand(i, tag), { recordedBy: OPERATOR });
  if (!out.ok) throw new Error(out.error.code);
  return out.value.pairId;
}

function expectSameAnswer(outcomes: WriteOutcome[]) {
  const first = outcomes.find((o) => o.ok && !o.value.replayed);
  expect(first, "one request did the write").toBeDefined();
  for (const o of outcomes) {
    expect(o.ok, JSON.stringify(o.ok ? "" : o.error)).toBe(true);
    if (o.ok && first?.ok) {
      expect(o.value.version).toBe(first.value.version);
      expect(ids(o)).toEqual(ids(first));
    }
  }
  expect(outcomes.filter((o) => o.ok && !o.value.replayed)).toHaveLength(1);
}

describe("idempotency over DynamoDB Local, through the ledger", () => {
  it("answers a sequentially retried request with the original result and writes one event", async () => {
    const pairId = await registered(1, "seq");
    const outcomes: WriteOutcome[] = [];
    for (let i = 0; i < 5; i++)
      outcomes.push(
        await wired.ledger.execute(pairId, proposalCommand("seq"), {
          recordedBy: OPERATOR,
          idempotencyKey: "seq-key-0001",
        }),
      );
    expectSameAnswer(outcomes);
    const events = await wired.eventStore.readStream(pairId);
    expect(events).toHaveLength(2);
    expect(verifyStream(pairId, events).breaks).toEqual([]);
  });

  it("writes one event when 32 copies of a request with one key arrive at once (no If-Match)", async () => {
    const pairId = await registered(2, "crowd");
    const outcomes = await Promise.all(
      Array.from({ length: CROWD }, () =>
        wired.ledger.execute(pairId, proposalCommand("crowd"), {
          recordedBy: OPERATOR,
          idempotencyKey: "crowd-key-0001",
        }),
      ),
    );
    const events = await wired.eventStore.readStream(pairId);
    expect(events).toHaveLength(2);
    expect(verifyStream(pairId, events).breaks).toEqual([]);
    expectSameAnswer(outcomes);
  });

  /** 32 copies of one request at once; the stream must end with exactly one new event. */
  async function crowdWithIfMatch(i: number, key: string) {
    const pairId = await registered(i, `crowd-if-match-${i}`);
    const outcomes = await Promise.all(
      Array.from({ length: CROWD }, () =>
        wired.ledger.execute(pairId, proposalCommand(key), {
          recordedBy: OPERATOR,
          expectedVersion: 1,
          idempotencyKey: key,
        }),
      ),
    );
    const events = await wired.eventStore.readStream(pairId);
    return { pairId, outcomes, events };
  }

  it("writes one event when 32 copies of a request with one key and one If-Match arrive at once", async () => {
    const { pairId, outcomes, events } = await crowdWithIfMatch(3, "crowd-key-0002");
    expect(events).toHaveLength(2);
    expect(verifyStream(pairId, events).breaks).toEqual([]);
    expect(outcomes.filter((o) => o.ok && !o.value.replayed)).toHaveLength(1);
    // Every copy is answered with the original result or a clear conflict; never a second write.
    for (const o of outcomes) if (!o.ok) expect(o.error.code).toBe("VERSION_MISMATCH");
  });

  it("answers every concurrent copy with one key and one If-Match with the original result", async () => {
    const { outcomes } = await crowdWithIfMatch(6, "crowd-key-0003");
    expectSameAnswer(outcomes);
  });

  async function crowdRegister(i: number, key: string) {
    const outcomes = await Promise.all(
      Array.from({ length: CROWD }, () =>
        wired.ledger.execute(undefined, registerCommand(i, "reg-crowd"), {
          recordedBy: OPERATOR,
          idempotencyKey: key,
        }),
      ),
    );
    const pairId = pairIdOfIndex(i, "reg-crowd");
    return { outcomes, events: await wired.eventStore.readStream(pairId) };
  }

  it("writes one registration when 32 copies of a register request with one key arrive at once", async () => {
    const { outcomes, events } = await crowdRegister(4, "reg-key-0001");
    expect(events).toHaveLength(1);
    expect(outcomes.filter((o) => o.ok && !o.value.replayed)).toHaveLength(1);
    for (const o of outcomes) if (!o.ok) expect(o.error.code).toBe("PAIR_ALREADY_REGISTERED");
  });

  it("answers every concurrent copy of a register request with one key with the original result", async () => {
    const { outcomes } = await crowdRegister(7, "reg-key-0002");
    expectSameAnswer(outcomes);
  });

  it("refuses the same key for a different request and writes nothing for it", async () => {
    const pairId = await registered(5, "reuse");
    const first = await wired.ledger.execute(pairId, proposalCommand("a"), {
      recordedBy: OPERATOR,
      idempotencyKey: "reuse-key-01",
    });
    const second = await wired.ledger.execute(pairId, proposalCommand("b"), {
      recordedBy: OPERATOR,
      idempotencyKey: "reuse-key-01",
    });
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(await wired.eventStore.readStream(pairId)).toHaveLength(2);
  });
});

describe("idempotency over DynamoDB Local, through HTTP", () => {
  const post = (path: string, body: unknown, key: string, extra: Record<string, string> = {}) =>
    app().request(path, {
      method: "POST",
      headers: {
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
        "idempotency-key": key,
        ...extra,
      },
      body: JSON.stringify(body),
    });
  let built: ReturnType<typeof createApp> | undefined;
  const app = () => {
    built ??= createApp({ ...wired, auth: { mode: "token", token: TOKEN } });
    return built;
  };

  it("answers a retried POST /pairs/{id}/events with the original 201 body and one event", async () => {
    const pairId = await registered(10, "http-seq");
    const responses = [];
    for (let i = 0; i < 4; i++)
      responses.push(
        await post(`/pairs/${pairId}/events`, proposalBody("hs"), "http-seq-key-1", { "if-match": '"1"' }),
      );
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(responses.slice(1).map((r) => r.headers.get("idempotency-replayed"))).toEqual([
      "true",
      "true",
      "true",
    ]);
    for (const b of bodies as { events: unknown }[])
      expect(b.events).toEqual((bodies[0] as { events: unknown }).events);
    expect(await wired.eventStore.readStream(pairId)).toHaveLength(2);
  });

  it("writes one event when 32 identical POSTs with one key arrive at once", async () => {
    const pairId = await registered(11, "http-crowd");
    const responses = await Promise.all(
      Array.from({ length: CROWD }, () =>
        post(`/pairs/${pairId}/events`, proposalBody("hc"), "http-crowd-key-1"),
      ),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { events?: StoredEvent[] }[];
    expect(await wired.eventStore.readStream(pairId)).toHaveLength(2);
    expect(responses.map((r) => r.status)).toEqual(Array(CROWD).fill(201));
    for (const b of bodies)
      expect(b.events?.map((e) => e.eventId)).toEqual(bodies[0]?.events?.map((e) => e.eventId));
  });

  it("writes one registration when 16 identical POST /pairs with one key arrive at once, and adds one stream", async () => {
    const before = (await allStreams(wired.eventStore)).size;
    const responses = await Promise.all(
      Array.from({ length: 16 }, () => post("/pairs", registerBody(12, "http-reg"), "http-reg-key-1")),
    );
    // Every copy gets the original 201 (one of them wrote it, the others replay it).
    expect(responses.map((r) => r.status)).toEqual(Array(16).fill(201));
    const replayed = responses.filter((r) => r.headers.get("idempotency-replayed") === "true");
    expect(replayed).toHaveLength(15);
    const streams = await allStreams(wired.eventStore);
    expect(streams.size).toBe(before + 1);
    expect(streams.get(pairIdOfIndex(12, "http-reg"))).toHaveLength(1);
  });
});
