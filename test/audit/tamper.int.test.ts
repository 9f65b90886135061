/**
 * Tampering BEHIND the API: each test edits the events table directly with the AWS SDK, as an
 * attacker with table access would, and shows the audit detects it — by the chain alone, or
 * against a digest published before the tampering.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { seal, type LedgerDigest, type StoredEvent } from "../../domain/index.js";
import { takeDigest } from "../../functions/audit/digest.js";
import { runReplay } from "../../functions/audit/replay.js";
import { verifyLedger, verifyPair } from "../../functions/audit/verify.js";
import { buildStores } from "../../functions/composition.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { ledgerOver } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const local = useDynamoDbLocal();

async function ledgerWithHistory() {
  const tables = await local.freshTables();
  const stores = buildStores(
    { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
    local.doc,
  );
  const { ledger, project } = ledgerOver(stores.eventStore, stores.readModel);
  const w = await randomWorkload(ledger, { pairs: 8, eventsPerPair: 7, seed: 5 });
  // A pair with a known, long history to tamper with.
  const victim = await longest(stores.eventStore, w.pairIds);
  const digest = await takeDigest(stores.eventStore, { segments: 2 });
  const put = (e: StoredEvent) =>
    local.doc.send(new PutCommand({ TableName: tables.events, Item: { ...e } }));
  const del = (version: number) =>
    local.doc.send(new DeleteCommand({ TableName: tables.events, Key: { pairId: victim.pairId, version } }));
  return { tables, stores, project, w, victim, digest, put, del };
}

async function longest(store: ReturnType<typeof buildStores>["eventStore"], pairIds: string[]) {
  let best = { pairId: "", events: [] as StoredEvent[] };
  for (const pairId of pairIds) {
    const events = await store.readStream(pairId);
    if (events.length > best.events.length) best = { pairId, events };
  }
  if (best.events.length < 4) throw new Error("the workload needs a pair with at least 4 events");
  return best;
}

const kinds = (findings: readonly { kind: string; pairId?: string; version?: number }[]) =>
  findings.map((f) => `${f.kind}@v${f.version}`);

const verifyAll = (store: ReturnType<typeof buildStores>["eventStore"], against?: LedgerDigest) =>
  verifyLedger(store, { segments: 3, ...(against ? { against } : {}) });

describe("tampering behind the API is detected", () => {
  it("finds an intact ledger intact, alone and against its digest", async () => {
    const { stores, digest } = await ledgerWithHistory();
    const v = await verifyAll(stores.eventStore, digest);
    expect(v.findings).toEqual([]);
    expect(v.digest.root).toBe(digest.root);
  });

  it("detects a changed field in an old event (the hash no longer recomputes)", async () => {
    const { stores, tables, victim } = await ledgerWithHistory();
    await local.doc.send(
      new UpdateCommand({
        TableName: tables.events,
        Key: { pairId: victim.pairId, version: 1 },
        UpdateExpression: "SET recordedBy = :m",
        ExpressionAttributeValues: { ":m": "mallory" },
      }),
    );
    const v = await verifyAll(stores.eventStore);
    expect(v.ok).toBe(false);
    expect(v.findings).toEqual([
      expect.objectContaining({ kind: "hash-mismatch", pairId: victim.pairId, version: 1 }),
    ]);
    expect((await verifyPair(stores.eventStore, victim.pairId)).breaks[0]?.message).toMatch(
      /does not recompute/,
    );
  });

  it("detects a deleted middle event (a version gap)", async () => {
    const { stores, victim, del } = await ledgerWithHistory();
    await del(2);
    const v = await verifyAll(stores.eventStore);
    expect(kinds(v.findings)).toEqual(["version-gap@v3", "prev-hash-mismatch@v3"]);
    expect(v.findings[0]?.message).toMatch(/expected version 2/);
    expect(v.findings.every((f) => f.pairId === victim.pairId)).toBe(true);
  });

  it("detects a deleted newest event against an earlier digest", async () => {
    const { stores, victim, digest, del } = await ledgerWithHistory();
    const head = victim.events.length;
    await del(head);
    expect((await verifyAll(stores.eventStore)).ok).toBe(true); // the chain alone cannot tell
    const v = await verifyAll(stores.eventStore, digest);
    expect(v.findings).toEqual([
      expect.objectContaining({
        kind: "head-missing",
        pairId: victim.pairId,
        version: head,
        current: head - 1,
      }),
    ]);
  });

  it("detects a deleted stream against an earlier digest", async () => {
    const { stores, victim, digest, del } = await ledgerWithHistory();
    for (const e of victim.events) await del(e.version);
    const v = await verifyAll(stores.eventStore, digest);
    expect(v.findings).toEqual([expect.objectContaining({ kind: "stream-missing", pairId: victim.pairId })]);
  });

  it("detects two events swapped", async () => {
    const { stores, victim, put } = await ledgerWithHistory();
    const [e2, e3] = [victim.events[1], victim.events[2]] as [StoredEvent, StoredEvent];
    await put({ ...e3, version: 2 });
    await put({ ...e2, version: 3 });
    const v = await verifyAll(stores.eventStore);
    expect(kinds(v.findings)).toEqual(
      expect.arrayContaining(["hash-mismatch@v2", "prev-hash-mismatch@v2", "hash-mismatch@v3"]),
    );
  });

  it("detects an inserted event (later events shifted up, the forged one hashed correctly)", async () => {
    const { stores, victim, put } = await ledgerWithHistory();
    const [, e2, ...rest] = victim.events as [StoredEvent, StoredEvent, ...StoredEvent[]];
    for (const e of [...rest].reverse()) await put({ ...e, version: e.version + 1 });
    const forged = seal({ ...e2, version: 3, eventId: "forged", prevHash: e2.hash, recordedBy: "mallory" });
    await put(forged);
    const v = await verifyAll(stores.eventStore);
    expect(v.ok).toBe(false);
    expect(v.findings[0]).toMatchObject({ pairId: victim.pairId, version: 4 });
    expect(kinds(v.findings)).toContain("prev-hash-mismatch@v4");
  });

  it("detects a re-hashed forged chain against an earlier digest", async () => {
    const { stores, victim, digest, put } = await ledgerWithHistory();
    let prevHash = "0".repeat(64);
    for (const e of victim.events) {
      const rewritten = seal({ ...e, prevHash, ...(e.version === 1 ? { recordedBy: "mallory" } : {}) });
      await put(rewritten);
      prevHash = rewritten.hash;
    }
    expect((await verifyAll(stores.eventStore)).ok).toBe(true); // a consistent forgery
    const v = await verifyAll(stores.eventStore, digest);
    expect(v.findings).toEqual([
      expect.objectContaining({
        kind: "head-hash-differs",
        pairId: victim.pairId,
        version: victim.events.length,
      }),
    ]);
    expect(v.findings[0]?.message).toMatch(/history was rewritten/);
  });

  it("refuses to repair the read model from a tampered stream, and reports it", async () => {
    const { stores, project, tables, victim } = await ledgerWithHistory();
    await project();
    await local.doc.send(
      new UpdateCommand({
        TableName: tables.events,
        Key: { pairId: victim.pairId, version: 2 },
        UpdateExpression: "SET recordedBy = :m",
        ExpressionAttributeValues: { ":m": "mallory" },
      }),
    );
    const report = await runReplay(stores.eventStore, stores.readModel, { mode: "repair", segments: 2 });
    expect(report.chainBreaks).toEqual([expect.objectContaining({ pairId: victim.pairId, version: 2 })]);
    expect(report.clean).toBe(false);
  });
});
