/**
 * Ids are frozen: transliteration (any-ascii) reaches only names without a Latin letter, so every
 * id made by the rule as it was before stays the same. Checked over the seed and the import
 * fixtures against a copy of that rule.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { slugify } from "../../domain/index.js";
import { SEED_PAIRS } from "../../infra/local/seed/seed-data.js";

/** The slug rule before names in any script: a copy, so that a change to slugify shows here. */
const FOLD: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};
const slugBefore = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

const FIXTURES = join(import.meta.dirname, "../fixtures/import");

function fixtureNames(file: string): string[] {
  const rows = parse(readFileSync(join(FIXTURES, file), "utf8"), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  return rows.flatMap((r) => [r.city_a, r.city_b].filter((n): n is string => !!n));
}

const changed = (names: readonly string[]) =>
  [...new Set(names)]
    .filter((n) => slugify(n) !== slugBefore(n))
    .map((n) => `${n}: ${slugBefore(n)} → ${slugify(n)}`);

describe("city ids (frozen)", () => {
  it("keeps the id of every seed city", () => {
    const names = SEED_PAIRS.flatMap((p) => [p.established.cityA.name, p.established.cityB.name]);
    expect(names.length).toBeGreaterThan(20);
    expect(changed(names)).toEqual([]);
  });

  it("keeps the id of every city in the import fixtures", () => {
    const names = [...fixtureNames("wikidata-twinnings-eu-2017.csv"), ...fixtureNames("example.csv")];
    expect(names.length).toBeGreaterThan(30_000);
    expect(changed(names)).toEqual([]);
  });
});
