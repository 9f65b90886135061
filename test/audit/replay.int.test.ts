/** The replay engine against DynamoDB Local: equals the live read model, finds and repairs drift, rebuilds blue/green, resumes. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import type { PairDoc } from "../../domain/index.js";
import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { registryAsOf, statsOf } from "../../functions/audit/as-of.js";
import { createFileCheckpoints } from "../../functions/audit/checkpoint.js";
import { runReplay, type ReplayAcc } from "../../functions/audit/replay.js";
import { buildStores } from "../../functions/composition.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { overwriteDoc } from "../support/faults.js";
import { ledgerOver } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const local = useDynamoDbLocal();
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function projectedLedger(pairs = 25) {
  const tables = await local.freshTables();
  const stores = buildStores(
    { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
    local.doc,
  );
  const { ledger, project } = ledgerOver(stores.eventStore, stores.readModel);
  const w = await randomWorkload(ledger, { pairs, eventsPerPair: 8, seed: 99 });
  await project();
  return { tables, stores, w };
}

describe("replay against DynamoDB Local", () => {
  it("equals the live read model after a random workload; finds a corrupted document; repair fixes it", async () => {
    const { tables, stores, w } = await projectedLedger();
    const clean = await runReplay(stores.eventStore, stores.readModel, { mode: "compare", segments: 4 });
    expect(clean).toMatchObject({
      clean: true,
      streams: w.pairIds.length,
      events: w.events,
      missing: [],
      differing: [],
      extra: [],
    });
    expect(clean.statsDiffer).toEqual([]);
    console.log(`replay compare: ${clean.events} events, ${clean.eventsPerSecond} events/s`);

    // Corrupt one document behind the projector (a field that does not move counters).
    const pairId = w.pairIds[3] as string;
    const doc = (await stores.readModel.get(pairId)) as PairDoc;
    const corrupted = { ...doc, view: { ...doc.view, establishedOn: "1066" } };
    await overwriteDoc(local.doc, tables.readModel, corrupted);
    const found = await runReplay(stores.eventStore, stores.readModel, { mode: "compare" });
    expect(found.clean).toBe(false);
    expect(found.differing).toEqual([expect.objectContaining({ pairId, fields: ["/view/establishedOn"] })]);

    const repaired = await runReplay(stores.eventStore, stores.readModel, { mode: "repair" });
    expect(repaired).toMatchObject({ repaired: 1, clean: true });
    expect((await runReplay(stores.eventStore, stores.readModel, { mode: "compare" })).clean).toBe(true);
  });

  it("finds a roll-up counter edited behind the projector (stats as of a day read it) and repair rewrites it", async () => {
    const { tables, stores } = await projectedLedger(10);
    const history = await stores.readModel.history();
    const bucket = Object.keys(history).find((k) => k.startsWith("C#")) as string;
    await local.doc.send(
      new UpdateCommand({
        TableName: tables.readModel,
        Key: { pk: "HIST", sk: bucket },
        UpdateExpression: "ADD #c :one",
        ExpressionAttributeNames: { "#c": "t#active" },
        ExpressionAttributeValues: { ":one": 1 },
      }),
    );
    const found = await runReplay(stores.eventStore, stores.readModel, { mode: "compare" });
    expect(found.statsDiffer).toEqual([expect.objectContaining({ key: `${bucket}.t#active` })]);
    const repaired = await runReplay(stores.eventStore, stores.readModel, { mode: "repair" });
    expect(repaired).toMatchObject({ clean: true, statsDiffer: [] });
    expect(await stores.readModel.history()).toEqual(history);
  });

  it("finds a read model written before the featured pairs' copies (no LAYOUT item), counts it exactly meanwhile, and repair writes the copies and the LAYOUT item", async () => {
    const { tables, stores } = await projectedLedger();
    const layout = { pk: "HIST", sk: "LAYOUT" };
    expect(
      (await local.doc.send(new GetCommand({ TableName: tables.readModel, Key: layout }))).Item,
    ).toBeDefined();
    // The older layout: no LAYOUT item, no RU-US copies in the totals' roll-ups.
    await local.doc.send(new DeleteCommand({ TableName: tables.readModel, Key: layout }));
    const rollUps = Object.keys(await stores.readModel.history()).filter((k) => /^[CXYM]#/.test(k));
    const copies: string[] = [];
    for (const bucket of rollUps) {
      const item = (
        await local.doc.send(new GetCommand({ TableName: tables.readModel, Key: { pk: "HIST", sk: bucket } }))
      ).Item as Record<string, unknown>;
      const names = Object.keys(item).filter((k) => k.startsWith("p#RU-US#"));
      // A counter stored as 0 (it went up and down again) counts as absent.
      copies.push(...names.filter((n) => item[n] !== 0).map((n) => `${bucket}.${n}`));
      if (names.length > 0)
        await local.doc.send(
          new UpdateCommand({
            TableName: tables.readModel,
            Key: { pk: "HIST", sk: bucket },
            UpdateExpression: `REMOVE ${names.map((_, i) => `#n${i}`).join(", ")}`,
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
          }),
        );
    }
    expect(copies.length).toBeGreaterThan(0); // the workload has US–Russia pairs
    const board = async () =>
      (await stores.readModel.stats({ countryPairs: ["RU-US"] })).byCountryPair["RU-US"];
    const exact = (await stores.readModel.stats()).byCountryPair["RU-US"];
    expect(await board()).toEqual(exact);

    const found = await runReplay(stores.eventStore, stores.readModel, { mode: "compare" });
    expect(found.statsDiffer.map((d) => d.key).sort()).toEqual(copies.sort());
    const repaired = await runReplay(stores.eventStore, stores.readModel, { mode: "repair" });
    expect(repaired).toMatchObject({ clean: true, statsDiffer: [] });
    expect(
      (await local.doc.send(new GetCommand({ TableName: tables.readModel, Key: layout }))).Item,
    ).toMatchObject({
      featured: ["RU-US"],
    });
    expect(await board()).toEqual(exact);
  });

  it("repairs a status and counters edited behind the projector, and removes a document no event backs", async () => {
    const { tables, stores, w } = await projectedLedger();
    const pairId = w.pairIds[2] as string;
    const doc = (await stores.readModel.get(pairId)) as PairDoc;
    const wrong = doc.view.status === "terminated" ? "active" : "terminated";
    await overwriteDoc(local.doc, tables.readModel, { ...doc, view: { ...doc.view, status: wrong } });
    const ghost = "ru-ghost--us-ghost";
    await stores.readModel.save({ ...doc, view: { ...doc.view, pairId: ghost } }, undefined);
    const found = await runReplay(stores.eventStore, stores.readModel, { mode: "compare" });
    expect(found).toMatchObject({ clean: false, extra: [ghost] });
    expect(found.statsDiffer.length).toBeGreaterThan(0);

    const repaired = await runReplay(stores.eventStore, stores.readModel, { mode: "repair" });
    expect(repaired).toMatchObject({ clean: true, removed: 1, extra: [], statsDiffer: [] });
    const after = await runReplay(stores.eventStore, stores.readModel, { mode: "compare" });
    expect(after).toMatchObject({ clean: true, differing: [], extra: [], statsDiffer: [] });
    expect((await stores.readModel.list({ q: "ghost" }, { limit: 5 })).items).toEqual([]);
  });

  it("rebuilds into another table (blue/green) that compares clean and counts the same", async () => {
    const { stores, w } = await projectedLedger(10);
    const green = (await local.freshTables()).readModel;
    const target = createDynamoReadModel(local.doc, green);
    const into = await runReplay(stores.eventStore, stores.readModel, {
      mode: "into",
      target,
      targetName: green,
    });
    expect(into).toMatchObject({ written: w.pairIds.length, clean: true, target: green });
    expect((await runReplay(stores.eventStore, target, { mode: "compare" })).clean).toBe(true);
    expect(await target.stats()).toEqual(await stores.readModel.stats());
  });

  it("resumes an interrupted replay from its per-segment checkpoint files", async () => {
    const { stores, w } = await projectedLedger(20);
    const dir = await mkdtemp(join(tmpdir(), "replay-cp-"));
    dirs.push(dir);
    const files = createFileCheckpoints<ReplayAcc>(dir);
    // Interrupted once each segment has saved a checkpoint: which segment's pages come first is
    // the scan's timing, and a replay resumes only from a checkpoint of every segment.
    const saved = new Set<number>();
    const store: typeof files = {
      ...files,
      save: async (key, state) => {
        await files.save(key, state);
        saved.add(state.segment);
      },
    };
    const checkpoint = { store, key: "compare:test", resume: true };
    let pages = 0;
    await expect(
      runReplay(stores.eventStore, stores.readModel, {
        mode: "compare",
        segments: 2,
        pageSize: 10,
        checkpoint,
        onProgress: () => {
          if (++pages >= 4 && saved.size === 2) throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");
    expect((await readdir(dir)).filter((f) => f.endsWith(".json")).sort()).toEqual([
      "segment-0.json",
      "segment-1.json",
    ]);
    const resumed = await runReplay(stores.eventStore, stores.readModel, {
      mode: "compare",
      segments: 2,
      pageSize: 10,
      checkpoint,
    });
    expect(resumed).toMatchObject({
      resumed: true,
      clean: true,
      streams: w.pairIds.length,
      events: w.events,
    });
    await expect(readdir(dir)).rejects.toThrow(); // cleared when done
  });

  it("gives the registry as of a date, and counts it as the read model would", async () => {
    const { stores, w } = await projectedLedger(10);
    const all = await registryAsOf(stores.eventStore, "9999-12-31");
    expect(all).toHaveLength(w.pairIds.length);
    expect(statsOf(all)).toEqual(await stores.readModel.statsAsOf("9999-12-31"));
    // The workload dates some changes after today: today's counts leave them out.
    const today = new Date().toISOString().slice(0, 10);
    expect(statsOf(await registryAsOf(stores.eventStore, today))).toEqual(await stores.readModel.stats());
    expect(statsOf(await registryAsOf(stores.eventStore, "2030-06-30"))).toEqual(
      await stores.readModel.statsAsOf("2030-06-30"),
    );
    expect(await registryAsOf(stores.eventStore, "1900")).toEqual([]);
  });
});
