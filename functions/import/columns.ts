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
    meaning: "name of the first city (romanised; diacritics are fine)",
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
      "when the status took effect (year, month or day); required unless status is active. On an active row it is used only to bring back a suspended or dormant pair",
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
];

export const COLUMN_NAMES: ReadonlySet<string> = new Set(COLUMNS.map((c) => c.name));

/** The columns as a Markdown table (README, `ledger import --help`). */
export function columnsMarkdown(): string {
  const rows = COLUMNS.map(
    (c) =>
      `| \`${c.name}\` | ${c.required ? "yes" : "no"} | ${c.meaning} | ${c.example ? `\`${c.example}\`` : ""} |`,
  );
  return ["| column | required | meaning | example |", "|---|---|---|---|", ...rows].join("\n");
}
