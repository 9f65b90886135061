/**
 * Reading a spreadsheet export (CSV or JSON) into raw rows that remember where they came from.
 * CSV is parsed by csv-parse; a record it cannot read is reported with its line and skipped, so
 * one bad row does not hide the others.
 */
import { parse } from "csv-parse/sync";
import { restoreFormula } from "../shared/csv-cells.js";
import { isKnownColumn } from "./columns.js";

export interface RawRow {
  /** "line 12" (CSV: the line the record starts on) or "item 3" (JSON: 1-based). */
  readonly where: string;
  /** For sorting and reports: the CSV line or the JSON item number. */
  readonly position: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface RowProblem {
  readonly where: string;
  readonly position: number;
  readonly message: string;
}

export interface ReadResult {
  readonly rows: readonly RawRow[];
  readonly problems: readonly RowProblem[];
  /** Columns in the file that the importer does not know (ignored, reported as a warning). */
  readonly ignoredColumns: readonly string[];
}

export type FileFormat = "csv" | "json";

export function formatOf(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  return lower.endsWith(".csv") ? "csv" : lower.endsWith(".json") ? "json" : undefined;
}

export function readRows(text: string, format: FileFormat): ReadResult {
  return format === "csv" ? readCsv(text) : readJson(text);
}

const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

function readCsv(text: string): ReadResult {
  const problems: RowProblem[] = [];
  let header: string[] = [];
  const records = parse(text, {
    bom: true,
    columns: (h: string[]) => {
      header = h.map(normaliseHeader);
      return header;
    },
    info: true,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = Number(error?.lines ?? 0);
      if (error) problems.push({ where: `line ${line}`, position: line, message: csvMessage(error) });
      return undefined;
    },
  }) as { record: Record<string, string>; info: { lines: number }; raw: string }[];
  const rows = records.map(({ record, info, raw }) => {
    // info.lines is the line the record ENDS on; a quoted field may span lines.
    const start = info.lines - (raw.replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
    // A cell the export neutralised against spreadsheets ('=…) reads back as it was.
    const values = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, restoreFormula(v)]));
    return { where: `line ${start}`, position: start, values };
  });
  return { rows, problems, ignoredColumns: header.filter((h) => h && !isKnownColumn(h)) };
}

function csvMessage(error: { code?: string; message: string }): string {
  if (error.code === "CSV_RECORD_INCONSISTENT_COLUMNS")
    return `wrong number of fields: ${error.message.replace(/^Invalid Record Length: /, "")}`;
  if (error.code === "CSV_QUOTE_NOT_CLOSED")
    return "a quoted field is never closed (the rest of the file is inside it)";
  return error.message;
}

function readJson(text: string): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      rows: [],
      problems: [{ where: "file", position: 0, message: `not valid JSON: ${(e as Error).message}` }],
      ignoredColumns: [],
    };
  }
  if (!Array.isArray(data))
    return {
      rows: [],
      problems: [{ where: "file", position: 0, message: "expected a JSON array of row objects" }],
      ignoredColumns: [],
    };
  const rows: RawRow[] = [];
  const problems: RowProblem[] = [];
  const ignored = new Set<string>();
  data.forEach((item, i) => {
    const where = `item ${i + 1}`;
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      problems.push({ where, position: i + 1, message: "is not an object" });
      return;
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(item)) {
      const name = normaliseHeader(key);
      if (!isKnownColumn(name)) ignored.add(name);
      if (value === null || value === undefined) continue;
      values[name] = typeof value === "string" ? value.trim() : String(value);
    }
    rows.push({ where, position: i + 1, values });
  });
  return { rows, problems, ignoredColumns: [...ignored] };
}
