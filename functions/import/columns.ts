/**
 * The spreadsheet format: one row per pair and status. The column list is data: the validator,
 * the CLI help and the README table are all made from it.
 */

export interface Column {
  readonly name: string;
  readonly required: boolean;
  readonly meaning: string;
  readonly example: string;
}

export const COLUMNS: readonly Column[] = [
  {
    name: "city_a",
    required: true,
    meaning: "name of the first city, as written, in any one script (Chicago, Москва, 東京)",
    example: "Chicago",
  },
  { name: "country_a", required: true, meaning: "its country, ISO 3166-1 alpha-2", example: "US" },
  {
    name: "region_a",
    required: false,
    meaning: "its region, ISO 3166-2 (part of the city id when given)",
    example: "US-IL",
  },
  { name: "city_b", required: true, meaning: "name of the second city", example: "Moscow" },
  { name: "country_b", required: true, meaning: "its country, ISO 3166-1 alpha-2", example: "RU" },
  { name: "region_b", required: false, meaning: "its region, ISO 3166-2", example: "" },
  {
    name: "relationship",
    required: false,
    meaning: "sister-city (default), friendship-city, partner-city, sister-county or sister-state",
    example: "sister-city",
  },
  {
    name: "established",
    required: true,
    meaning: "date of establishment with its precision: a year, a month or a day",
    example: "1997",
  },
  {
    name: "established_source",
    required: false,
    meaning: "source of the establishment (url or citation); defaults to `source`",
    example: "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
  },
  {
    name: "status",
    required: true,
    meaning: "active, suspended, dormant or terminated: the status from status_date on",
    example: "suspended",
  },
  {
    name: "status_date",
    required: false,
    meaning:
      "when the status took effect (year, month or day); required unless status is active. On an active row it brings back a suspended or dormant pair, or establishes a terminated one again (a new agreement)",
    example: "2022-03-01",
  },
  {
    name: "source",
    required: true,
    meaning: "where the status is documented: a http(s) url, or else a citation",
    example:
      "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow",
  },
  {
    name: "wording",
    required: false,
    meaning: 'the source\'s own word for it ("severs", "paused")',
    example: "suspend",
  },
  { name: "authority", required: false, meaning: "who decided (a body)", example: "Mayor of Chicago" },
  {
    name: "instrument",
    required: false,
    meaning: "the instrument (resolution, order, letter)",
    example: "directive to World Business Chicago",
  },
  { name: "vote", required: false, meaning: "the vote as reported", example: "unanimous" },
  {
    name: "acted_by",
    required: false,
    meaning: "which side acted: a, b, both (default) or operator (an association)",
    example: "a",
  },
  {
    name: "condition",
    required: false,
    meaning: "for a suspension: its reinstatement condition, in its words",
    example: "until the end of hostilities",
  },
  { name: "note", required: false, meaning: "anything else worth keeping", example: "" },
  {
    name: "lat_a",
    required: false,
    meaning: "latitude of the first city, decimal degrees (WGS 84); with lon_a",
    example: "41.881944",
  },
  { name: "lon_a", required: false, meaning: "its longitude, decimal degrees", example: "-87.627778" },
  {
    name: "location_source_a",
    required: false,
    meaning: "where lat_a and lon_a come from (url or citation); defaults to established_source",
    example: "Wikidata Q1297, P625",
  },
  {
    name: "lat_b",
    required: false,
    meaning: "latitude of the second city; with lon_b",
    example: "55.755833",
  },
  { name: "lon_b", required: false, meaning: "its longitude", example: "37.617222" },
  {
    name: "location_source_b",
    required: false,
    meaning: "where lat_b and lon_b come from; defaults to established_source",
    example: "Wikidata Q649, P625",
  },
];

/** Written by the export for people; the import knows them and reads nothing from them. */
export const EXPORT_ONLY_COLUMNS: readonly Column[] = [
  { name: "pair_id", required: false, meaning: "the pair's id (derived from the cities)", example: "" },
  { name: "latest_event", required: false, meaning: "the latest event on the pair's timeline", example: "" },
  { name: "latest_date", required: false, meaning: "its effective date", example: "" },
  { name: "version", required: false, meaning: "the pair's stream version", example: "" },
  { name: "as_of", required: false, meaning: "the date the export was taken as of", example: "" },
];

export const COLUMN_NAMES: ReadonlySet<string> = new Set(COLUMNS.map((c) => c.name));

const KNOWN_NAMES: ReadonlySet<string> = new Set([
  ...COLUMN_NAMES,
  ...EXPORT_ONLY_COLUMNS.map((c) => c.name),
]);

/** A column the import reads or knows to skip (anything else is reported as ignored). */
export const isKnownColumn = (name: string) => KNOWN_NAMES.has(name);

/** The columns as a Markdown table (README, `ledger import --help`). */
export function columnsMarkdown(): string {
  const rows = COLUMNS.map(
    (c) =>
      `| \`${c.name}\` | ${c.required ? "yes" : "no"} | ${c.meaning} | ${c.example ? `\`${c.example}\`` : ""} |`,
  );
  return ["| column | required | meaning | example |", "|---|---|---|---|", ...rows].join("\n");
}

/** The columns as plain text for a terminal (`ledger import --help`): name, meaning, example. */
export function columnsText(width = 100): string {
  const pad = Math.max(...COLUMNS.map((c) => c.name.length)) + 4;
  const wrap = (text: string) => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && pad + line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    return [...lines, line].join(`\n${" ".repeat(pad)}`);
  };
  const rows = COLUMNS.map((c) => {
    const name = `${c.name}${c.required ? " *" : ""}`.padEnd(pad - 2);
    const example = c.example
      ? ` (e.g. ${c.example.length > 40 ? `${c.example.slice(0, 39)}…` : c.example})`
      : "";
    return `  ${name}${wrap(c.meaning.replaceAll("`", "") + example)}`;
  });
  return ["Columns (* required; a header row names them, in any order):", ...rows].join("\n");
}
