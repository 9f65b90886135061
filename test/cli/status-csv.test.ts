/** The registry CSV: the import's columns, parsed back by csv-parse, never a formula in a spreadsheet. */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_DATA, type DomainEvent } from "../../domain/index.js";
import { pairRows, STATUS_CSV_COLUMNS, statusCsv, statusRecords } from "../../functions/export/status-csv.js";
import { COLUMNS, readRows } from "../../functions/import/index.js";
import { neutralizeFormula, restoreFormula } from "../../functions/shared/csv-cells.js";

const meta = (version: number) => ({
  pairId: "ru-moscow--us-il-chicago",
  version,
  eventId: `e${version}`,
  recordedAt: "2026-01-01T00:00:00Z",
  recordedBy: "test",
});

const chicago: DomainEvent[] = [
  {
    ...meta(1),
    type: "established",
    data: EVENT_DATA.established.parse({
      cityA: {
        name: "Chicago",
        country: "US",
        region: "US-IL",
        location: { lat: 41.88, lon: -87.63, source: "Wikidata Q1297" },
      },
      cityB: { name: "Moscow", country: "RU" },
      effectiveDate: "1997",
      actor: { side: "both" },
      sources: [{ url: "https://www.cbsnews.com/chicago" }],
    }),
  },
  {
    ...meta(2),
    type: "suspended",
    data: EVENT_DATA.suspended.parse({
      effectiveDate: "2022-03-01",
      actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
      authority: { body: "Mayor of Chicago", instrument: "directive", vote: "see;=1+1;" },
      sources: [{ url: "https://chicago.suntimes.com/x" }],
      wording: '-severs, "quoted"',
      condition: "until the end of hostilities",
    }),
  },
  {
    ...meta(3),
    type: "motion-failed",
    data: EVENT_DATA["motion-failed"].parse({
      effectiveDate: "2022-06",
      actor: { side: "us-il-chicago" },
      sources: [{ citation: '=HYPERLINK("http://x")' }],
      proposed: "terminated",
    }),
  },
];

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe("registry CSV", () => {
  it("writes every column the import reads", () => {
    for (const c of COLUMNS) expect(STATUS_CSV_COLUMNS).toContain(c.name);
  });

  it("writes the decision that set the status, not the latest event, with all of its provenance", () => {
    const pair = pairRows(chicago);
    const [row] = rowsOf(statusCsv(statusRecords(pair ? [pair] : [], "status")));
    expect(row).toMatchObject({
      pair_id: "ru-moscow--us-il-chicago",
      status: "suspended",
      status_date: "2022-03-01",
      source: "https://chicago.suntimes.com/x",
      authority: "Mayor of Chicago",
      instrument: "directive",
      acted_by: "a",
      condition: "until the end of hostilities",
      established: "1997",
      established_source: "https://www.cbsnews.com/chicago",
      lat_a: "41.88",
      lon_a: "-87.63",
      location_source_a: "Wikidata Q1297",
      latest_event: "motion-failed",
      version: "3",
    });
  });

  it("writes the history: the establishment, then each status change", () => {
    const pair = pairRows(chicago);
    const rows = rowsOf(statusCsv(statusRecords(pair ? [pair] : [], "history")));
    expect(rows.map((r) => [r.status, r.status_date])).toEqual([
      ["active", ""],
      ["suspended", "2022-03-01"],
    ]);
    const asOf = pairRows(chicago, "2022-02-28");
    expect(asOf?.steps.map((s) => s.status)).toEqual(["active"]);
  });

  it("quotes cells that hold either separator and neutralises formulas wherever a cell could start", () => {
    const pair = pairRows(chicago);
    const csv = statusCsv(statusRecords(pair ? [pair] : [], "status"));
    expect(csv).toContain(`"see;'=1+1;"`);
    const [row] = rowsOf(csv);
    expect(row?.vote).toBe("see;'=1+1;");
    expect(row?.wording).toBe(`'-severs, "quoted"`);
    // Split at ";" as a spreadsheet in many locales would: no piece starts a formula.
    for (const piece of csv.split(/[;,\n]/)) expect(piece.replace(/^"/, "")).not.toMatch(/^[=+@]/);
  });

  it("reads neutralised cells back as they were, and knows the export-only columns", () => {
    const pair = pairRows(chicago);
    const read = readRows(statusCsv(statusRecords(pair ? [pair] : [], "status")), "csv");
    expect(read.ignoredColumns).toEqual([]);
    expect(read.rows[0]?.values).toMatchObject({ vote: "see;=1+1;", wording: '-severs, "quoted"' });
  });

  it("neutralises reversibly, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("=", "+", "-", "@", "'", ";", ",", "\t", "\r", "\n", "a", "1", "."),
        }),
        (s) => {
          expect(restoreFormula(neutralizeFormula(s))).toBe(s);
          const cells = neutralizeFormula(s).split(/[,;\t\r\n]/);
          for (const [i, cell] of cells.entries())
            if (!/^[+-]?\d+(\.\d+)?$/.test(neutralizeFormula(s)))
              expect(cell).not.toMatch(i === 0 ? /^[=+\-@\t\r]/ : /^[=+\-@]/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
