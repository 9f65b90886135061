/**
 * The command path with a stream cache (as warm Lambda processes run it) over DynamoDB Local:
 * several processes, each with its own cache, write the same pairs, so their caches go stale.
 * A stale cache may cost a retry, never a wrong write, a wrong refusal or a wrong If-Match answer.
 * Also the round trips: a new pair is one conditional put, a change on a cached pair one write.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { uuidv7 } from "../../functions/shared/uuidv7.js";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyStream } from "../../domain/index.js";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { createLedger, type Ledger } from "../../functions/application/ledger.js";
import { createStreamCache } from "../../functions/application/stream-cache.js";
import { createDocumentClient } from "../../functions/composition.js";
import { recordOf, register } from "../support/builders.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { OPERATOR, noteOf, proposalCommand, registerCommand } from "../support/builders.js";

const local = useDynamoDbLocal();
let events: string;
beforeAll(async () => {
  events = (await local.freshTables()).events;
});

/** One warm process: its own client, store and stream cache; `sent` counts its requests. */
function warmProcess(conflictRetries = 3, table = events) {
  const doc = createDocumentClient({ endpoint: local.endpoint, region: "us-east-1" });
  const sent: string[] = [];
  countRequests(doc, sent);
  const store = createDynamoEventStore(doc, table);
  // Its stream reads: "all", "from n" (a range) or "after n" (what follows a version it holds).
  const reads: string[] = [];
  const eventStore: typeof store = {
    ...store,
    readStream: (pairId, range) => {
      reads.push(range?.from === undefined ? "all" : `from ${range.from}`);
      return store.readStream(pairId, range);
    },
    readAfter: (pairId, version) => {
      reads.push(`after ${version}`);
      return store.readAfter(pairId, version);
    },
  };
  const ledger = createLedger({
    eventStore,
    clock: () => new Date(),
    newId: uuidv7,
    idempotencyTtlSeconds: 3600,
    conflictRetries,
    streamCache: createStreamCache(),
  });
  return { ledger, eventStore, sent, reads };
}

function countRequests(doc: DynamoDBDocumentClient, sent: string[]) {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
}

/** A change with If-Match right after a read of the pair: decided on that read, one conditional write. */
async function changeAfterRead(
  p: ReturnType<typeof warmProcess>,
  pairId: string,
  expected: number,
  note: string,
) {
  p.sent.length = 0;
  const out = await p.ledger.execute(pairId, proposalCommand(note), {
    recordedBy: OPERATOR,
    expectedVersion: expected,
  });
  expect(out).toMatchObject({ ok: true, value: { version: expected + 1 } });
  expect(p.sent).toEqual(["PutItemCommand"]);
}

async function registered(ledger: Ledger, i: number, tag: string) {
  const out = await ledger.execute(undefined, registerCommand(i, tag), { recordedBy: OPERATOR });
  if (!out.ok) throw new Error(out.error.code);
  return out.value.pairId;
}

describe("the command path with a stream cache per process", () => {
  it("registers a new pair with one conditional put and records a change on a pair it holds with one write", async () => {
    const p = warmProcess();
    const pairId = await registered(p.ledger, 1, "trips");
    expect(p.sent).toEqual(["PutItemCommand"]);
    p.sent.length = 0;
    const out = await p.ledger.execute(pairId, proposalCommand("one"), { recordedBy: OPERATOR });
    expect(out.ok).toBe(true);
    expect(p.sent).toEqual(["PutItemCommand"]);
    p.sent.length = 0;
    const keyed = await p.ledger.execute(pairId, proposalCommand("two"), {
      recordedBy: OPERATOR,
      idempotencyKey: `trips-${uuidv7()}`,
    });
    expect(keyed.ok).toBe(true);
    expect(p.sent).toEqual(["TransactWriteItemsCommand"]);
  });

  it("lands every command exactly once when 8 processes with stale caches race on 4 pairs", async () => {
    const processes = Array.from({ length: 8 }, () => warmProcess(64));
    const pairs = await Promise.all(
      [0, 1, 2, 3].map((i) => registered(processes[0]!.ledger, 10 + i, "stale")),
    );
    // Every process caches every pair, then each one's cache goes stale as the others write.
    for (const [n, p] of processes.entries())
      for (const pairId of pairs) {
        const out = await p.ledger.execute(pairId, proposalCommand(`warm-${n}`), { recordedBy: OPERATOR });
        expect(out.ok).toBe(true);
      }
    const outcomes = await Promise.all(
      processes.flatMap((p, n) =>
        pairs.map((pairId) =>
          p.ledger.execute(pairId, proposalCommand(`race-${n}`), { recordedBy: OPERATOR }),
        ),
      ),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    for (const pairId of pairs) {
      const stream = await processes[0]!.eventStore.readStream(pairId);
      expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
      expect(verifyStream(pairId, stream).breaks).toEqual([]);
      const notes = stream.slice(1).map(noteOf);
      for (let n = 0; n < 8; n++) {
        expect(notes.filter((x) => x === `warm-${n}`)).toHaveLength(1);
        expect(notes.filter((x) => x === `race-${n}`)).toHaveLength(1);
      }
    }
  });

  it("answers If-Match against the stream, not a stale cache", async () => {
    const a = warmProcess();
    const b = warmProcess();
    const pairId = await registered(a.ledger, 20, "ifmatch");
    // b moves the pair to version 2; a still holds version 1.
    expect((await b.ledger.execute(pairId, proposalCommand("b"), { recordedBy: OPERATOR })).ok).toBe(true);
    const stale = await a.ledger.execute(pairId, proposalCommand("a-stale"), {
      recordedBy: OPERATOR,
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: "VERSION_MISMATCH", expected: 1, current: 2 } });
    const current = await a.ledger.execute(pairId, proposalCommand("a-current"), {
      recordedBy: OPERATOR,
      expectedVersion: 2,
    });
    expect(current).toMatchObject({ ok: true, value: { version: 3 } });
  });

  it("accepts a command that its stale cache would refuse, and refuses one that only its cache allows", async () => {
    const a = warmProcess();
    const b = warmProcess();
    const first = await a.ledger.execute(undefined, register("1997"), { recordedBy: OPERATOR });
    if (!first.ok) throw new Error(first.error.code);
    const pairId = first.value.pairId;
    // a holds "active"; b suspends the pair.
    const suspended = await b.ledger.execute(pairId, recordOf("suspended", "2022-03-01"), {
      recordedBy: OPERATOR,
    });
    expect(suspended.ok).toBe(true);
    // Reinstating an active pair is refused, but the pair is suspended: a must accept it.
    const reinstated = await a.ledger.execute(pairId, recordOf("reinstated", "2023-01-01"), {
      recordedBy: OPERATOR,
    });
    expect(reinstated).toMatchObject({ ok: true, value: { version: 3 } });
    // Now b holds "suspended" (version 2) and a terminates the pair.
    const terminated = await a.ledger.execute(pairId, recordOf("terminated", "2024-01-01"), {
      recordedBy: OPERATOR,
    });
    expect(terminated.ok).toBe(true);
    const reinstatedAgain = await b.ledger.execute(pairId, recordOf("reinstated", "2024-06-01"), {
      recordedBy: OPERATOR,
    });
    expect(reinstatedAgain.ok).toBe(false);
    const stream = await a.eventStore.readStream(pairId);
    expect(stream.map((e) => e.type)).toEqual(["established", "suspended", "reinstated", "terminated"]);
  });

  it("answers a repeated keyed request from the key, even when its cache says there is nothing to do", async () => {
    const a = warmProcess(3, (await local.freshTables()).events);
    const first = await a.ledger.execute(undefined, register("1997"), { recordedBy: OPERATOR });
    if (!first.ok) throw new Error(first.error.code);
    const pairId = first.value.pairId;
    const key = `repeat-${uuidv7()}`;
    const ctx = { recordedBy: OPERATOR, idempotencyKey: key };
    const once = await a.ledger.execute(pairId, recordOf("suspended", "2022-03-01"), ctx);
    expect(once).toMatchObject({ ok: true, value: { version: 2, replayed: false } });
    // Suspending a suspended pair decides nothing; the key holds the first answer.
    const again = await a.ledger.execute(pairId, recordOf("suspended", "2022-03-01"), ctx);
    expect(again).toMatchObject({ ok: true, value: { version: 2, replayed: true } });
    expect(again.ok && again.value.events.map((e) => e.version)).toEqual([2]);
    expect(await a.eventStore.readStream(pairId)).toHaveLength(2);
  });
  it("decides a change right after a read of the pair on that read: one write, and a stale read costs a retry only", async () => {
    const a = warmProcess();
    const b = warmProcess();
    const pairId = await registered(b.ledger, 30, "viewed");
    // a has never written the pair: reading it (GET /pairs/{id}) is its one Query.
    expect((await a.ledger.view(pairId))?.version).toBe(1);
    expect(a.sent).toEqual(["QueryCommand"]);
    await changeAfterRead(a, pairId, 1, "after-read");
    // a reads the pair again (version 2), then b moves it on: a's read is stale.
    await a.ledger.view(pairId);
    expect((await b.ledger.execute(pairId, proposalCommand("b"), { recordedBy: OPERATOR })).ok).toBe(true);
    a.sent.length = 0;
    const late = await a.ledger.execute(pairId, proposalCommand("a-late"), { recordedBy: OPERATOR });
    expect(late).toMatchObject({ ok: true, value: { version: 4 } });
    expect(a.sent[0]).toBe("PutItemCommand");
    expect(a.sent).toContain("QueryCommand");
    // With If-Match from the stale read, the answer is the stream's, not the read's.
    await a.ledger.view(pairId);
    expect((await b.ledger.execute(pairId, proposalCommand("b2"), { recordedBy: OPERATOR })).ok).toBe(true);
    const stale = await a.ledger.execute(pairId, proposalCommand("a-stale"), {
      recordedBy: OPERATOR,
      expectedVersion: 4,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: "VERSION_MISMATCH", expected: 4, current: 5 } });
    const stream = await a.eventStore.readStream(pairId);
    expect(stream).toHaveLength(5);
    expect(verifyStream(pairId, stream).breaks).toEqual([]);
  });

  it("reads a pair it holds by the events after its version (one GetItem when there are none): the same answer as a whole read, another process's write included", async () => {
    const a = warmProcess();
    const b = warmProcess();
    const pairId = await registered(a.ledger, 40, "held");
    expect((await a.ledger.execute(pairId, proposalCommand("one"), { recordedBy: OPERATOR })).ok).toBe(true);
    // A process with no cache reads the whole stream.
    const whole = createLedger({
      eventStore: b.eventStore,
      clock: () => new Date(),
      newId: uuidv7,
      idempotencyTtlSeconds: 3600,
    });
    a.sent.length = 0;
    a.reads.length = 0;
    const held = await a.ledger.view(pairId);
    expect(held).toEqual(await whole.view(pairId));
    expect(held?.version).toBe(2);
    // b moves the pair on twice; a's next read finds both events after its version 2.
    for (const n of ["b1", "b2"])
      expect((await b.ledger.execute(pairId, proposalCommand(n), { recordedBy: OPERATOR })).ok).toBe(true);
    const caught = await a.ledger.view(pairId);
    expect(caught?.version).toBe(4);
    expect(caught).toEqual(await whole.view(pairId));
    // Nothing after version 2 the first time: one GetItem of version 3. The second time version 3
    // is there: the GetItem finds it and a Query reads what follows.
    expect(a.reads).toEqual(["after 2", "after 2"]);
    expect(a.sent).toEqual(["GetItemCommand", "GetItemCommand", "QueryCommand"]);
    await changeAfterRead(a, pairId, 4, "a");
    expect(verifyStream(pairId, await a.eventStore.readStream(pairId)).breaks).toEqual([]);
  });
});
