/**
 * `ledger import` and `ledger export` as child processes against DynamoDB Local: the dry-run
 * report with line numbers, a malformed file refused with nothing written, re-import writing
 * nothing new, and 1,000 generated pairs from the Wikidata fixture.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { generatePairs } from "../fixtures/import/generate-pairs.js";
import { runCli, tableFlags } from "../support/cli.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const local = useDynamoDbLocal();
const dir = mkdtempSync(join(tmpdir(), "ledger-import-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI as users do, against these tables. */
const ledger = (args: string[], tables: { events: string; readModel: string }) =>
  runCli([...args, ...tableFlags(local.endpoint, tables)], {}, 120_000);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function eventCount(table: string): Promise<number> {
  let n = 0;
  for await (const page of createDynamoEventStore(local.doc, table).scan()) n += page.events.length;
  return n;
}

const HEADER =
  "city_a,country_a,region_a,city_b,country_b,established,status,status_date,source,wording,authority";
const GOOD = [
  HEADER,
  "Dallas,US,US-TX,Saratov,RU,2004-12-10,suspended,2022-03-09,https://www.keranews.org/news/2022-03-09/dallas,suspends,City Council",
  "Portland,US,US-OR,Khabarovsk,RU,1988,active,,https://www.portland.gov/ogr/international-relations-program,,",
  "Tallahassee,US,US-FL,Krasnodar,RU,1983,terminated,2022-03-09,https://wuwf.org/x,terminates,City Commission",
  'Coventry,GB,,Volgograd,RU,1944,suspended,2022-03-22,"BBC News, 22 March 2022",paused,Coventry City Council',
].join("\n");
const BAD = [
  HEADER,
  "Dallas,US,US-TX,Saratov,RU,2004-12-10,suspended,2022-03-09,https://example.org/a,,",
  "Chicago,USA,,Moscow,RU,1997,suspended,2022-03-01,https://example.org/b,,",
  "Oxford,GB,,Perm,RU,1990,ended,2022-03-07,https://example.org/c,,",
  "Glasgow,GB,,Rostov-on-Don,RU,1986,suspended,,https://example.org/d,,",
].join("\n");

describe("ledger import (DynamoDB Local)", () => {
  it("a dry run reports every bad row with its line number and writes nothing", async () => {
    const tables = await local.freshTables();
    const run = await ledger(["import", file("bad-dry.csv", BAD), "--dry-run"], tables);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^line 3: country_a: /m);
    expect(run.stdout).toMatch(
      /^line 4: status: must be one of active, suspended, dormant, terminated, not "ended"/m,
    );
    expect(run.stdout).toMatch(/^line 5: status_date: is required when status is suspended/m);
    expect(run.stdout).not.toMatch(/^line 2:/m);
    expect(run.stdout).toMatch(/3 bad rows of 4; nothing was written \(dry run\)/);
    expect(await eventCount(tables.events)).toBe(0);
  });

  it("a dry run of a good file says what it would do and writes nothing", async () => {
    const tables = await local.freshTables();
    const run = await ledger(["import", file("good-dry.csv", GOOD), "--dry-run"], tables);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/would register 4 pairs and record 7 events/);
    expect(await eventCount(tables.events)).toBe(0);
  });

  it("refuses a malformed file with a non-zero exit and writes nothing, not even its good rows", async () => {
    const tables = await local.freshTables();
    const run = await ledger(["import", file("bad.csv", BAD)], tables);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/nothing was written/);
    expect(await eventCount(tables.events)).toBe(0);
  });

  it("imports a file, and importing it again writes nothing new", async () => {
    const tables = await local.freshTables();
    const path = file("good.csv", GOOD);
    const first = await ledger(["import", path], tables);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/4 pairs registered, 7 events recorded/);
    expect(await eventCount(tables.events)).toBe(7);
    const again = await ledger(["import", path], tables);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /0 pairs registered, 0 events recorded, skipped 4 pairs already registered and 4 rows the ledger already had/,
    );
    expect(await eventCount(tables.events)).toBe(7);

    const csv = await ledger(["export", "--format", "csv", "--country", "GB"], tables);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^pair_id,city_a,country_a/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^gb-coventry--ru-volgograd,Coventry,GB,.*,1944,.*,active,,/),
      expect.stringMatching(/^gb-coventry--ru-volgograd,Coventry,GB,.*,suspended,2022-03-22,/),
    ]);
    const before = await ledger(["export", "--format", "csv", "--as-of", "2022-03-15"], tables);
    expect(before.stdout).toMatch(/ru-saratov--us-tx-dallas,.*,suspended,2022-03-09,/);
    expect(before.stdout).not.toMatch(/gb-coventry--ru-volgograd,.*,suspended,/);

    // The export, imported back, writes nothing: it carries every column the import reads.
    const all = await ledger(["export", "--format", "csv", "--out", join(dir, "all.csv")], tables);
    expect(all.code).toBe(0);
    const back = await ledger(["import", join(dir, "all.csv")], tables);
    expect(back.stdout).toMatch(/0 pairs registered, 0 events recorded/);
    expect(await eventCount(tables.events)).toBe(7);
    const ndjson = await ledger(["export", "--format", "ndjson", "--country", "GB"], tables);
    expect(ndjson.code).toBe(0);
    const kinds = ndjson.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds).toEqual(["header", "event", "event", "manifest"]);
  });

  it("imports 1,000 generated pairs from the Wikidata fixture", async () => {
    const tables = await local.freshTables();
    const text = generatePairs(1000);
    const statusRows = text.split("\n").filter((l) => /,(suspended|terminated|dormant),/.test(l)).length;
    const run = await ledger(["import", file("pairs-1000.csv", text), "--concurrency", "16"], tables);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1,000 rows, 1,000 pairs — 1,000 pairs registered/);
    expect(run.stdout).toMatch(/0 rows failed; [\d.]+ s, [\d,]+ rows\/s/);
    expect(await eventCount(tables.events)).toBe(1000 + statusRows);
  });
});
