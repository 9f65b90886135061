/** The `ledger` CLI as a child process against DynamoDB Local: output and exit codes (0 clean, 1 findings, 2 usage). */
import { createWriteStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PairDoc } from "../../domain/index.js";
import { exportNdjson, writableSink } from "../../functions/audit/export.js";
import { buildStores, type Stores } from "../../functions/composition.js";
import { ledgerOver } from "../support/builders.js";
import { randomWorkload, type Workload } from "../audit/workload.js";
import { runCli, tableFlags } from "../support/cli.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import { overwriteDoc } from "../support/faults.js";

const local = useDynamoDbLocal();
let dir: string;
let tables: { events: string; readModel: string };
let stores: Stores;
let w: Workload;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ledger-cli-"));
  tables = await local.freshTables();
  stores = buildStores(
    { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
    local.doc,
  );
  const { ledger, project } = ledgerOver(stores.eventStore, stores.readModel);
  w = await randomWorkload(ledger, { pairs: 12, eventsPerPair: 6, seed: 21 });
  await project();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Run the CLI against the suite's tables and data folder (verify-export needs neither). */
function ledger(args: string[], options: { connect?: boolean } = {}) {
  const connection =
    args[0] === "verify-export"
      ? []
      : options.connect === false
        ? ["--data", dir]
        : [...tableFlags(local.endpoint, tables), "--data", dir];
  return runCli([...args, ...connection]);
}

describe("ledger CLI (child process, DynamoDB Local)", () => {
  it("has --help for each command", async () => {
    const commands = ["verify", "digest", "verify-export", "replay", "status"];
    const runs = await Promise.all(commands.map((cmd) => ledger([cmd, "--help"], { connect: false })));
    runs.forEach((r, i) => {
      expect(r.code, commands[i]).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Usage: ledger ${commands[i]}`));
    });
  });

  it("exits 2 on usage and configuration errors", async () => {
    const [segments, both, asOf, noTable, missing] = await Promise.all([
      ledger(["verify", "--segments", "zero"]),
      ledger(["replay", "--repair", "--into", "x-table"]),
      ledger(["status"]),
      ledger(["verify"], { connect: false }),
      ledger(["verify-export", join(dir, "missing.ndjson")]),
    ]);
    expect([segments.code, both.code, asOf.code, noTable.code, missing.code]).toEqual([2, 2, 2, 2, 2]);
    expect(noTable.stderr).toMatch(/no events table/);
    expect(asOf.stderr).toMatch(/--as-of/);
  });

  it("verify exits 0 on an intact ledger, one pair or all", async () => {
    const all = await ledger(["verify", "--json"]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ ok: true, streams: 12, events: w.events });
    const one = await ledger(["verify", "--pair", w.pairIds[0] as string]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/OK/);
  });

  it("replay compares clean (0), finds a corrupted document (1), repairs it (0), rebuilds blue/green (0)", async () => {
    expect((await ledger(["replay"])).code).toBe(0);
    const pairId = w.pairIds[1] as string;
    const doc = (await stores.readModel.get(pairId)) as PairDoc;
    await overwriteDoc(local.doc, tables.readModel, { ...doc, view: { ...doc.view, eventCount: 0 } });
    const found = await ledger(["replay", "--json"]);
    expect(found.code).toBe(1);
    expect(JSON.parse(found.stdout).differing).toEqual([
      expect.objectContaining({ pairId, fields: ["/view/eventCount"] }),
    ]);
    const repaired = await ledger(["replay", "--repair"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toMatch(/repaired 1 documents/);
    const green = `green-${tables.readModel}`;
    const into = await ledger(["replay", "--into", green, "--segments", "2"]);
    expect(into.code).toBe(0);
    expect(into.stderr).toMatch(`created table ${green}`);
    expect(into.stdout).toMatch(`wrote ${w.pairIds.length} documents`);
  });

  it("status --as-of prints the registry on a date as CSV or JSON", async () => {
    const csv = await ledger(["status", "--as-of", "2100"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^pair_id,/);
    expect(lines).toHaveLength(w.pairIds.length + 1);
    const before = await ledger(["status", "--as-of", "1900-01-01", "--format", "json"]);
    expect(JSON.parse(before.stdout)).toMatchObject({ asOf: "1900-01-01", pairs: 0 });
    const file = join(dir, "status.csv");
    const saved = await ledger(["status", "--as-of", "2100", "--out", file]);
    expect(saved.code).toBe(0);
    expect(saved.stdout).toBe("");
    expect(saved.stderr).toMatch(`${file}: ${w.pairIds.length} pairs as of 2100-12-31`);
    expect(await readFile(file, "utf8")).toBe(csv.stdout);
  });

  it("verify-export accepts an export offline (0) and rejects a corrupted one naming the line (1)", async () => {
    const file = join(dir, "export.ndjson");
    const out = createWriteStream(file);
    await exportNdjson(stores.eventStore, { kind: "all" }, writableSink(out));
    out.end();
    await finished(out);
    const good = await ledger(["verify-export", file]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/OK/);
    const lines = (await readFile(file, "utf8")).split("\n");
    lines[4] = (lines[4] as string).replace('"recordedBy":"test:workload"', '"recordedBy":"test:forger"');
    await writeFile(join(dir, "bad.ndjson"), lines.join("\n"));
    const bad = await ledger(["verify-export", join(dir, "bad.ndjson")]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/first break at line 5/);
  });

  it("export --format ndjson --pair --out writes one pair's events that verify-export accepts", async () => {
    const file = join(dir, "pair.ndjson");
    const pairId = w.pairIds[2] as string;
    const exported = await ledger(["export", "--format", "ndjson", "--pair", pairId, "--out", file]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(`${file}: 1 stream,`);
    const verified = await ledger(["verify-export", file, "--json"]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, streams: 1 });
    expect((await ledger(["export", "--format", "ndjson", "--pair", pairId, "--country", "RU"])).code).toBe(
      2,
    );
  });

  it("digest --out, then verify --against it: 0 while intact, 1 after the newest event is deleted", async () => {
    const file = join(dir, "digest.json");
    const d = await ledger(["digest", "--publish"]);
    expect(d.code).toBe(2); // no destination: nothing set DIGEST_DIR and no runtime file names one
    // A running local ledger's runtime file names the tables; its data folder takes the digests.
    await writeFile(
      join(dir, "runtime.json"),
      JSON.stringify({
        dynamodbEndpoint: local.endpoint,
        tables: { events: tables.events, readModel: tables.readModel },
      }),
    );
    const published = await ledger(["digest", "--publish"], { connect: false });
    expect(published.code).toBe(0);
    expect(published.stderr).toMatch(`published ${join(dir, "digests")}`);
    const summary = JSON.parse(published.stdout);
    expect(summary).toMatchObject({ streams: 12, published: expect.stringContaining(join(dir, "digests")) });
    expect(summary.heads).toBeUndefined();
    expect(await readdir(join(dir, "digests"))).toHaveLength(1);
    const taken = await ledger(["digest", "--out", file]);
    expect(taken.code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8")).heads).toHaveLength(12);
    expect((await ledger(["verify", "--against", file])).code).toBe(0);
    const victim = w.pairIds[5] as string;
    const head = await stores.eventStore.headVersion(victim);
    await local.doc.send(
      new DeleteCommand({ TableName: tables.events, Key: { pairId: victim, version: head } }),
    );
    expect((await ledger(["verify"])).code).toBe(0);
    const against = await ledger(["verify", "--against", file]);
    expect(against.code).toBe(1);
    expect(against.stdout).toMatch(
      new RegExp(`${victim}: the digest saw v${head} but the stream ends at v${head - 1}`),
    );
  });
});
