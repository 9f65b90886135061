/**
 * One pair cannot stop the read model: a pair with a long history of large events projects into a
 * bounded document, and a record that cannot be projected is parked after a few attempts (the
 * local mirror of Lambda's bisect and on-failure destination) while the pairs behind it project;
 * `replay --repair` then mends what was parked.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, LIMITS, type Command } from "../../domain/index.js";
import { runReplay } from "../../functions/audit/replay.js";
import { mendParked, readDeadLetters } from "../../functions/projector/dead-letters.js";
import { eventOfRecord } from "../../functions/adapters/dynamodb/stream-records.js";
import { createStreamHandler } from "../../functions/projector/handler-core.js";
import { createProjector } from "../../functions/projector/projector.js";
import type { ReadModelStore } from "../../functions/ports/read-model.js";
import { startStreamPoller } from "../../infra/local/stream-poller.js";
import { dynamoLedger } from "../support/builders.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const ddb = useDynamoDbLocal();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nothing-stalls-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const source = (n: number) => [
  { url: `https://example.org/${String(n).padStart(6, "0")}/${"a".repeat(573)}` },
];
const register = (a: string, b: string): Command => ({
  kind: "register",
  data: {
    cityA: { name: a, country: "DE" },
    cityB: { name: b, country: "FR" },
    relationship: "sister-city",
    effectiveDate: "1960",
    actor: { side: "both" },
    sources: source(0),
  },
});

async function setup(readModelFor: (real: ReadModelStore) => ReadModelStore = (r) => r) {
  const tables = await ddb.freshTables();
  const { eventStore, readModel, ledger } = dynamoLedger(ddb.endpoint, tables, { doc: ddb.doc });
  const stores = { eventStore, readModel };
  const deadLetters = join(dir, `${tables.events}.ndjson`);
  const errors: string[] = [];
  const poller = startStreamPoller({
    streams: ddb.streams,
    dynamodb: ddb.dynamodb,
    tableName: tables.events,
    pollIntervalMs: 50,
    deadLetterFile: deadLetters,
    maxAttempts: 2,
    handler: createStreamHandler(
      createProjector({ eventStore: stores.eventStore, readModel: readModelFor(stores.readModel) }),
      eventOfRecord,
    ),
    onError: (e) => errors.push(String(e)),
  });
  return { stores, ledger, poller, deadLetters, errors };
}

const listed = async (readModel: ReadModelStore) =>
  (await readModel.list({}, { limit: 50 })).items.map((v) => v.pairId);

describe("nothing stalls the read model", () => {
  it("projects a pair of 470 events (600-character sources, 300-character wording) into a bounded document, and the pairs after it", async () => {
    const { stores, ledger, poller } = await setup();
    try {
      const r = await ledger.execute(undefined, register("Aachen", "Reims"), { recordedBy: "test" });
      if (!r.ok) throw new Error(r.error.message);
      const pairId = "de-aachen--fr-reims";
      for (let v = 2; v <= 470; v++) {
        const day = new Date(Date.UTC(1961, 0, 1) + v * 86_400_000).toISOString().slice(0, 10);
        const out = await ledger.execute(
          pairId,
          {
            kind: "record",
            type: v % 2 === 0 ? "suspended" : "reinstated",
            data: {
              effectiveDate: day,
              actor: { side: "both" },
              sources: source(v),
              wording: "w".repeat(300),
            },
          },
          { recordedBy: "test" },
        );
        if (!out.ok) throw new Error(out.error.message);
      }
      await ledger.execute(undefined, register("Bonn", "Lille"), { recordedBy: "test" });
      await poller.idle();
      expect(await listed(stores.readModel)).toEqual([pairId, "de-bonn--fr-lille"]);
      const doc = await stores.readModel.get(pairId);
      expect(doc?.view).toMatchObject({ version: 470, eventCount: 470, status: "suspended" });
      const bytes = Buffer.byteLength(canonicalJson(doc));
      // Well under DynamoDB's 400 KB even at the limit of events a pair may hold.
      expect((bytes / 470) * LIMITS.eventsPerPair).toBeLessThan(200_000);
      expect((await stores.readModel.stats()).total).toMatchObject({ total: 2, suspended: 1, active: 1 });
    } finally {
      await poller.stop();
    }
  }, 600_000);

  it("projects a history of more status days than one transaction holds, delivered at once, in smaller steps", async () => {
    const tables = await ddb.freshTables();
    const { eventStore, readModel, ledger } = dynamoLedger(ddb.endpoint, tables, { doc: ddb.doc });
    const r = await ledger.execute(undefined, register("Erfurt", "Nancy"), { recordedBy: "test" });
    if (!r.ok) throw new Error(r.error.message);
    const pairId = "de-erfurt--fr-nancy";
    // 40 status changes, each in its own year: a day item and its roll-ups each, far over 100 writes.
    for (let v = 2; v <= 41; v++) {
      const out = await ledger.execute(
        pairId,
        {
          kind: "record",
          type: v % 2 === 0 ? "suspended" : "reinstated",
          data: {
            effectiveDate: `${1960 + v}-0${1 + (v % 9)}-1${v % 10}`,
            actor: { side: "both" },
            sources: source(v),
          },
        },
        { recordedBy: "test" },
      );
      if (!out.ok) throw new Error(out.error.message);
    }
    const events = await eventStore.readStream(pairId);
    expect(await createProjector({ eventStore, readModel }).applyPair(events)).toBe("applied");
    expect((await readModel.get(pairId))?.view).toMatchObject({ version: 41, status: "active" });
    expect((await readModel.stats()).total).toMatchObject({ total: 1, active: 1 });
    expect((await runReplay(eventStore, readModel, { mode: "compare" })).clean).toBe(true);
  }, 120_000);

  it("parks a record that keeps failing, projects the pairs behind it, and replay --repair mends it", async () => {
    const poisoned = "de-cottbus--fr-dijon";
    const { stores, ledger, poller, deadLetters, errors } = await setup((real) => ({
      ...real,
      save: (next, previous) =>
        next.view.pairId === poisoned
          ? Promise.reject(new Error("cannot project"))
          : real.save(next, previous),
      saveMany: (saves) =>
        saves.some((s) => s.next.view.pairId === poisoned)
          ? Promise.reject(new Error("cannot project"))
          : real.saveMany(saves),
    }));
    try {
      await ledger.execute(undefined, register("Bonn", "Lille"), { recordedBy: "test" });
      await ledger.execute(undefined, register("Cottbus", "Dijon"), { recordedBy: "test" });
      await ledger.execute(undefined, register("Essen", "Grenoble"), { recordedBy: "test" });
      await poller.idle();
      await ledger.execute(undefined, register("Fulda", "Nancy"), { recordedBy: "test" });
      await poller.idle();
      expect(await listed(stores.readModel)).toEqual([
        "de-bonn--fr-lille",
        "de-essen--fr-grenoble",
        "de-fulda--fr-nancy",
      ]);
      const parked = await readDeadLetters(deadLetters);
      expect(parked.map((p) => [p.pairId, p.version])).toEqual([[poisoned, 1]]);
      expect(parked[0]?.attempts).toBe(3);
      expect(errors.some((e) => e.includes("PARKED"))).toBe(true);

      const report = await runReplay(stores.eventStore, stores.readModel, { mode: "repair" });
      expect(report.clean).toBe(true);
      expect(await mendParked(deadLetters, report.clean)).toBe(1);
      expect(await readDeadLetters(deadLetters)).toEqual([]);
      expect(await listed(stores.readModel)).toContain(poisoned);
      expect((await runReplay(stores.eventStore, stores.readModel, { mode: "compare" })).clean).toBe(true);
    } finally {
      await poller.stop();
    }
  });
});
