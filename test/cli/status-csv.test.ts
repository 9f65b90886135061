/** The researchers' status CSV: parsed back by csv-parse, and never a formula in a spreadsheet. */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { PairView } from "../../domain/index.js";
import { statusCsvHeader, statusCsvRows } from "../../functions/import/status-csv.js";

const view: PairView = {
  pairId: "ru-moscow--us-il-chicago",
  cityA: { id: "us-il-chicago", name: "Chicago", country: "US", region: "US-IL" },
  cityB: { id: "ru-moscow", name: "Moscow", country: "RU" },
  relationship: "sister-city",
  status: "suspended",
  since: "2022-03-01",
  establishedOn: "1997",
  latest: {
    type: "suspended",
    effectiveDate: "2022-03-01",
    version: 2,
    source: '=HYPERLINK("http://x")',
    wording: '-severs, "quoted"',
  },
  version: 2,
  eventCount: 2,
};

describe("status CSV", () => {
  it("round-trips through a CSV parser, quotes and commas included", () => {
    const rows = parse(statusCsvHeader() + statusCsvRows([view]), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pair_id: view.pairId,
      city_a: "Chicago",
      status: "suspended",
      status_date: "2022-03-01",
      version: "2",
    });
  });

  it("neutralises cells a spreadsheet would run as formulas", () => {
    const [row] = parse(statusCsvHeader() + statusCsvRows([view]), { columns: true }) as Record<
      string,
      string
    >[];
    expect(row?.source).toBe('\'=HYPERLINK("http://x")');
    expect(row?.wording).toBe('\'-severs, "quoted"');
    expect(row?.city_b).toBe("Moscow");
  });
});
