/**
 * Cities and their ids. The slug rule is FROZEN: ids are forever (they are the pair ids' parts).
 *
 * cityId = lower(region ?? country) + "-" + slug(name), e.g. `us-or-portland`, `ru-khabarovsk`.
 * slug(name):
 *   0. a name with no Latin letter is first transliterated to ASCII by any-ascii (Москва → Moskva,
 *      東京 → DongJing); a name with a Latin letter is not, so ids of Latin names never change;
 *   1. Unicode NFKD, then drop combining marks (é → e, ё → е);
 *   2. fold letters that NFKD keeps whole: ß→ss æ→ae œ→oe ø→o ł→l đ→d ð→d þ→th ı→i;
 *   3. lower case; every run of characters other than a–z and 0–9 becomes one "-";
 *   4. trim "-" at both ends.
 * Names are kept as written for display. A name that mixes scripts (Latin with a Cyrillic о:
 * "Chicagо") or carries invisible, format or control characters is refused: it would look like
 * another city and get another id.
 */
import { createRequire } from "node:module";
import * as z from "zod";
import { isCountryCode } from "./countries.js";
import { LIMITS } from "./limits.js";
import { text } from "./text.js";

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

/** A city id: lower-case words of a–z and 0–9 joined by "-", e.g. `us-il-chicago`. */
export const CITY_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)+$/;

/** The rule as it was before transliteration (steps 1–4): every existing id was made by it. */
function latinSlug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * any-ascii, loaded on the first name outside the Latin script: its table is 546 KB of source,
 * about 6 ms to load, and most processes (every Lambda cold start) never need it. The package is
 * ESM only; Node loads it synchronously through require (Node 20.19 and later, Lambda's Node 22).
 */
let anyAscii: ((text: string) => string) | undefined;
function transliterate(name: string): string {
  anyAscii ??= (createRequire(import.meta.url)("any-ascii") as { default: (text: string) => string }).default;
  return anyAscii(name);
}

export function slugify(name: string): string {
  return latinSlug(LATIN_LETTER.test(name) ? name : transliterate(name));
}

/** Invisible, format, control, private-use and unassigned characters: nothing a name needs. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

const SCRIPTS = [
  "Latin",
  "Cyrillic",
  "Greek",
  "Armenian",
  "Georgian",
  "Hebrew",
  "Arabic",
  "Syriac",
  "Thaana",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Khmer",
  "Mongolian",
  "Ethiopic",
  "Han",
  "Hiragana",
  "Katakana",
  "Hangul",
  "Bopomofo",
];

/** Each script's pattern, compiled on the first name checked (not at every cold start's import). */
let scriptPatterns: { readonly name: string; readonly pattern: RegExp }[] | undefined;
const scriptPatternsOf = () =>
  (scriptPatterns ??= SCRIPTS.map((name) => ({ name, pattern: new RegExp(`\\p{Script=${name}}`, "u") })));

/** Scripts written together in one name (Japanese, Korean, Chinese with Bopomofo). */
const TOGETHER = [
  ["Han", "Hiragana", "Katakana"],
  ["Han", "Hangul"],
  ["Han", "Bopomofo"],
];

/** The scripts of a name's letters (digits, punctuation and marks belong to none). */
export function scriptsOf(name: string): string[] {
  const found = new Set<string>();
  for (const ch of name) {
    if (!/\p{L}/u.test(ch)) continue;
    found.add(scriptPatternsOf().find((s) => s.pattern.test(ch))?.name ?? "other");
  }
  return [...found];
}

/** Why a name cannot be a city's name, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const bad = INVISIBLE.exec(name)?.[0];
  if (bad !== undefined)
    return `must not contain invisible, format or control characters (found U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")})`;
  const scripts = scriptsOf(name);
  if (scripts.length > 1 && !TOGETHER.some((t) => scripts.every((s) => t.includes(s))))
    return `must be written in one script, not a mix of ${scripts.join(" and ")} (look-alike letters make another city)`;
  if (slugify(name) === "") return "needs a letter or a digit";
  return undefined;
}

/** A city name: as written, checked by nameProblem. */
const Name = text(LIMITS.cityName).superRefine((name, ctx) => {
  const problem = nameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** ISO 3166-1 alpha-2, in either case (stored in capitals). */
export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code, e.g. US")
  .refine(isCountryCode, "is not an assigned ISO 3166-1 alpha-2 code");

/** Where a city is (WGS 84 degrees), with where that came from. */
export const Location = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    /** Where the coordinates come from: a url or a citation ("Wikidata Q1297, P625"). */
    source: text(1000),
  })
  .strict();
export type Location = z.infer<typeof Location>;

const cityShape = (name: z.ZodType<string, string>) =>
  z
    .object({
      name,
      country: CountryCode,
      region: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "must be an ISO 3166-2 code, e.g. US-OR")
        .optional(),
      wikidataId: z
        .string()
        .regex(/^Q[1-9][0-9]*$/, "must be a Wikidata item id, e.g. Q1297")
        .optional(),
      aliases: z.array(name).max(LIMITS.aliasesPerCity).optional(),
      location: Location.optional(),
    })
    .strict()
    .refine((c) => !c.region || c.region.startsWith(`${c.country}-`), {
      message: "region must belong to the country (US-OR belongs to US)",
      path: ["region"],
    });

/** A city as given to a command: its names are checked (nameProblem). */
export const City = cityShape(Name);
export type City = z.infer<typeof City>;

/**
 * A city as read back from a stored event: names stored before the name rules stay readable
 * (the hash covers them; they are never rewritten).
 */
export const StoredCity = cityShape(text(LIMITS.cityName));

export function cityId(city: Pick<City, "name" | "country" | "region">): string {
  return `${(city.region ?? city.country).toLowerCase()}-${slugify(city.name)}`;
}

/** A city as stored in events and views: the input plus its id. */
export type CityRef = City & { readonly id: string };

export const withId = (city: City): CityRef => ({ ...city, id: cityId(city) });

/**
 * Whether `name` is one of the city's names, current or former: compared by slug, so case,
 * accents and punctuation do not matter ("stalingrad" finds Volgograd, "Ekaterinburg" Yekaterinburg).
 */
export function isKnownAs(city: Pick<City, "name" | "aliases">, name: string): boolean {
  const wanted = slugify(name);
  return wanted !== "" && [city.name, ...(city.aliases ?? [])].some((n) => slugify(n) === wanted);
}
