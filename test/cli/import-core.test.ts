/** The import core over in-memory stores: planning, line numbers, rehearsal, idempotency. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createMemoryEventStore } from "../../functions/adapters/memory/memory-event-store.js";
import { testLedger } from "../support/builders.js";
import {
  COLUMNS,
  columnsMarkdown,
  columnsText,
  formatReport,
  readRows,
  runImport,
} from "../../functions/import/index.js";

function setup() {
  const eventStore = createMemoryEventStore();
  const ledger = testLedger(eventStore);
  const run = (text: string, dryRun = false, format: "csv" | "json" = "csv") =>
    runImport({
      text,
      format,
      eventStore,
      ledger,
      scratch: createMemoryEventStore,
      recordedBy: "test:importer",
      dryRun,
    });
  const eventCount = () => [...eventStore.streams.values()].reduce((s, e) => s + e.length, 0);
  return { eventStore, run, eventCount };
}

const HEADER =
  "city_a,country_a,region_a,city_b,country_b,established,status,status_date,source,wording,authority";
const GOOD = [
  HEADER,
  "Dallas,US,US-TX,Saratov,RU,2004-12-10,suspended,2022-03-09,https://www.keranews.org/news/2022-03-09/dallas,suspends,City Council",
  'Portland,US,US-OR,Khabarovsk,RU,1988,active,,"portland.gov, International Relations Program",,',
  "Tallahassee,US,US-FL,Krasnodar,RU,1983,terminated,2022-03-09,https://wuwf.org/x,terminates,City Commission",
].join("\n");

describe("import core", () => {
  it("registers pairs and records their statuses through the ledger", async () => {
    const { run, eventStore } = setup();
    const report = await run(GOOD);
    expect(report.ok).toBe(true);
    expect(report.written?.counts).toMatchObject({ pairsRegistered: 3, eventsRecorded: 5, rowsFailed: 0 });
    const dallas = await eventStore.readStream("ru-saratov--us-tx-dallas");
    expect(dallas.map((e) => e.type)).toEqual(["established", "suspended"]);
    expect(dallas[1]?.data).toMatchObject({
      effectiveDate: "2022-03-09",
      wording: "suspends",
      authority: { body: "City Council" },
    });
    expect(dallas[1]?.recordedBy).toBe("test:importer");
    const portland = await eventStore.readStream("ru-khabarovsk--us-or-portland");
    expect(portland[0]?.data).toMatchObject({
      sources: [{ citation: "portland.gov, International Relations Program" }],
    });
  });

  it("re-importing the same file writes nothing new", async () => {
    const { run, eventCount } = setup();
    await run(GOOD);
    const before = eventCount();
    const again = await run(GOOD);
    expect(again.ok).toBe(true);
    expect(eventCount()).toBe(before);
    expect(again.written?.counts).toMatchObject({
      pairsRegistered: 0,
      pairsAlreadyRegistered: 3,
      eventsRecorded: 0,
      rowsUnchanged: 3,
    });
  });

  it("reports every bad row with its line and writes nothing, even for the good rows", async () => {
    const { run, eventCount } = setup();
    const text = [
      HEADER,
      "Dallas,US,US-TX,Saratov,RU,2004-12-10,suspended,2022-03-09,https://example.org/a,,",
      "Chicago,USA,,Moscow,RU,1997,suspended,2022-03-01,https://example.org/b,,",
      'Coventry,GB,,Volgograd,RU,1944,paused,2022-03-22,"BBC, 60841684",,',
      "Oxford,GB,,Perm,RU,2022-02-30,active,,citation,,",
      '"Multi',
      'line",GB,,Perm,RU,1990,suspended,,https://example.org/c,,',
      "Glasgow,GB,,Rostov-on-Don,RU,1986,terminated,1980,https://example.org/d,,",
      "Wakefield,GB,,Belgorod,RU,1990,dormant,2022-02-28,https://example.org/e,,,extra",
    ].join("\n");
    const report = await run(text);
    expect(report.ok).toBe(false);
    expect(report.written).toBeUndefined();
    expect(eventCount()).toBe(0);
    const byLine = Object.fromEntries(report.problems.map((p) => [p.where, p.message]));
    expect(Object.keys(byLine)).toEqual(["line 3", "line 4", "line 5", "line 6", "line 8", "line 9"]);
    expect(byLine["line 3"]).toMatch(/country_a/);
    expect(byLine["line 4"]).toMatch(/status: must be one of/);
    expect(byLine["line 5"]).toMatch(/established/);
    expect(byLine["line 6"]).toMatch(/status_date: is required/);
    expect(byLine["line 8"]).toMatch(/TIMELINE_CONFLICT|TRANSITION_FORBIDDEN/);
    expect(byLine["line 9"]).toMatch(/wrong number of fields/);
    expect(formatReport(report, "bad.csv")).toMatch(/6 bad rows of 7; nothing was written/);
  });

  it("a dry run validates and reports what it would do, writing nothing", async () => {
    const { run, eventCount } = setup();
    const report = await run(GOOD, true);
    expect(report.ok).toBe(true);
    expect(eventCount()).toBe(0);
    expect(report.rehearsal.counts).toMatchObject({ pairsRegistered: 3, eventsRecorded: 5 });
    expect(formatReport(report, "good.csv")).toMatch(
      /dry run of good.csv: all 3 rows valid; nothing written/,
    );
  });

  it("rehearses against what the ledger already holds", async () => {
    const { run, eventCount } = setup();
    await run(GOOD);
    const before = eventCount();
    const text = [
      HEADER,
      "Tallahassee,US,US-FL,Krasnodar,RU,1983,suspended,2023-01,https://example.org/x,,",
    ].join("\n");
    const report = await run(text);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ where: "line 2" });
    expect(report.problems[0]?.message).toMatch(
      /TRANSITION_FORBIDDEN: a terminated pair cannot be suspended/,
    );
    expect(eventCount()).toBe(before);
  });

  it("later rows of a pair are its later statuses: suspended, then reinstated", async () => {
    const { run, eventStore } = setup();
    const text = [
      "city_a,country_a,city_b,country_b,established,status,status_date,source",
      "Coventry,GB,Volgograd,RU,1944,suspended,2022-03-22,https://example.org/bbc",
      "Coventry,GB,Volgograd,RU,1944,active,2025-06,https://example.org/later",
    ].join("\n");
    expect((await run(text)).ok).toBe(true);
    const events = await eventStore.readStream("gb-coventry--ru-volgograd");
    expect(events.map((e) => e.type)).toEqual(["established", "suspended", "reinstated"]);
    const again = await run(text);
    expect(again.written?.counts.eventsRecorded).toBe(0);
  });

  it("reads a JSON array of rows, reporting bad items by number", async () => {
    const { run } = setup();
    const rows = [
      {
        city_a: "Dallas",
        country_a: "US",
        city_b: "Saratov",
        country_b: "RU",
        established: 2004,
        status: "active",
        source: "x",
      },
      {
        city_a: "Dallas",
        country_a: "US",
        city_b: "Dallas",
        country_b: "US",
        established: 2004,
        status: "active",
        source: "x",
      },
    ];
    const report = await run(JSON.stringify(rows), false, "json");
    expect(report.problems).toEqual([
      { where: "item 2", position: 2, message: expect.stringMatching(/itself/) },
    ]);
  });

  it("imports the Wikidata-derived fixture's rows with diacritics and qualifiers", async () => {
    const { run } = setup();
    const text = readFileSync(
      new URL("../fixtures/import/wikidata-twinnings-eu-2017.csv", import.meta.url),
      "utf8",
    );
    const first = text.split("\n").slice(0, 301).join("\n");
    const report = await run(first);
    expect(report.problems).toEqual([]);
    expect(report.written?.counts.pairsRegistered).toBe(300);
  });

  it("imports the documented example, which uses every column", async () => {
    const { run, eventStore } = setup();
    const text = readFileSync(new URL("../fixtures/import/example.csv", import.meta.url), "utf8");
    const columns = text.split("\n")[0]?.split(",");
    expect(columns).toEqual(COLUMNS.map((c) => c.name));
    const report = await run(text);
    expect(report.problems).toEqual([]);
    expect(report.written?.counts).toMatchObject({ pairsRegistered: 5, eventsRecorded: 9 });
    const chicago = await eventStore.readStream("ru-moscow--us-il-chicago");
    expect(chicago[0]?.data.cityA).toMatchObject({
      location: { lat: 41.881944, lon: -87.627778, source: "Wikidata Q1297, P625" },
    });
    expect(chicago[0]?.data.sources).toEqual([
      {
        url: "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
      },
    ]);
    expect(chicago[1]?.data).toMatchObject({
      actor: { side: "us-il-chicago" },
      authority: { body: "Mayor of Chicago", instrument: "directive to World Business Chicago" },
      condition: "until the end of hostilities and the Putin regime is held accountable",
      wording: "suspend",
    });
  });

  it("reads a city's location, its source defaulting to the establishment's, and refuses half a location", async () => {
    const header =
      "city_a,country_a,city_b,country_b,established,status,source,lat_a,lon_a,lat_b,lon_b,location_source_b";
    const { run, eventStore } = setup();
    const ok = await run(
      `${header}\nLyon,fr,Beersheba,il,1990,active,Lyon city hall,45.76,4.84,31.25,34.79,Wikidata Q46852`,
    );
    expect(ok.problems).toEqual([]);
    const [established] = await eventStore.readStream("fr-lyon--il-beersheba");
    expect(established?.data).toMatchObject({
      cityA: { country: "FR", location: { lat: 45.76, lon: 4.84, source: "Lyon city hall" } },
      cityB: { location: { lat: 31.25, lon: 34.79, source: "Wikidata Q46852" } },
    });
    const bad = await run(`${header}\nLyon,FR,Beersheba,IL,1990,active,x,45.76,,north,34.79,`);
    expect(bad.problems[0]?.message).toContain("lon_a: is required with lat_a");
    expect(bad.problems[0]?.message).toContain('lat_b: "north" is not a number of degrees');
    const far = await run(`${header}\nLyon,FR,Beersheba,IL,1990,active,x,95,4.84,,,`);
    expect(far.problems[0]?.message).toMatch(/lat_a: .*90/);
  });

  it("refuses look-alike and invisible characters in names, and takes names in any script", async () => {
    const { run, eventStore } = setup();
    const header = "city_a,country_a,city_b,country_b,established,status,source";
    const bad = await run(
      `${header}\nChicagо,US,Moscow,RU,1997,active,x\nChi\u200bcago,US,Moscow,RU,1997,active,x`,
    );
    expect(bad.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("city_a: must be written in one script"),
      expect.stringContaining("city_a: must not contain invisible"),
    ]);
    const good = await run(`${header}\nЧикаго,US,Москва,RU,1997,active,x`);
    expect(good.problems).toEqual([]);
    const [e] = await eventStore.readStream("ru-moskva--us-chikago");
    expect(e?.data).toMatchObject({ cityA: { name: "Чикаго" }, cityB: { name: "Москва" } });
  });

  it("says one row, one pair, and many rows", async () => {
    const { run } = setup();
    const one = [HEADER, GOOD.split("\n")[1]].join("\n");
    const dry = await run(one, true);
    expect(formatReport(dry, "one.csv")).toMatch(
      /^dry run of one\.csv: the 1 row is valid; nothing written\. An import would register 1 pair and record 2 events; 0 pairs already registered, 0 rows the ledger already has$/,
    );
    const done = await run(one);
    expect(formatReport(done, "one.csv")).toMatch(
      /imported one\.csv: 1 row, 1 pair — 1 pair registered, 2 events recorded/,
    );
  });

  it("describes the columns as plain text for the terminal, not a Markdown table", () => {
    const text = columnsText();
    expect(text).not.toMatch(/[|`]/);
    for (const c of COLUMNS)
      expect(text).toMatch(new RegExp(`^  ${c.name}${c.required ? " \\*" : " "}`, "m"));
    expect(Math.max(...text.split("\n").map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it("documents every column, and warns about unknown ones", () => {
    expect(columnsMarkdown()).toMatch(/\| `status_date` \| no \|/);
    // The README's table is this one, word for word (the CLI's help and the README cannot drift).
    expect(readFileSync(new URL("../../README.md", import.meta.url), "utf8")).toContain(columnsMarkdown());
    expect(readRows("city_a,stauts\nx,y\n", "csv").ignoredColumns).toEqual(["stauts"]);
  });
});
