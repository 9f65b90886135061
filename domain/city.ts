/**
 * Cities and their ids. The slug rule is FROZEN: ids are forever (they are the pair ids' parts).
 *
 * cityId = lower(region ?? country) + "-" + slug(name), e.g. `us-or-portland`, `ru-khabarovsk`.
 * slug(name):
 *   1. Unicode NFKD, then drop combining marks (é → e, ё → е);
 *   2. fold letters that NFKD keeps whole: ß→ss æ→ae œ→oe ø→o ł→l đ→d ð→d þ→th ı→i;
 *   3. lower case; every run of characters other than a–z and 0–9 becomes one "-";
 *   4. trim "-" at both ends. A name with no Latin letter or digit left has no slug: give its
 *      romanised form as the name and keep the original script as an alias.
 */
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

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in capitals, e.g. US")
  .refine(isCountryCode, "is not an assigned ISO 3166-1 alpha-2 code");

export const City = z
  .object({
    name: text(LIMITS.cityName),
    country: CountryCode,
    region: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "must be an ISO 3166-2 code, e.g. US-OR")
      .optional(),
    wikidataId: z
      .string()
      .regex(/^Q[1-9][0-9]*$/, "must be a Wikidata item id, e.g. Q1297")
      .optional(),
    aliases: z.array(text(LIMITS.cityName)).max(LIMITS.aliasesPerCity).optional(),
  })
  .strict()
  .refine((c) => !c.region || c.region.startsWith(`${c.country}-`), {
    message: "region must belong to the country (US-OR belongs to US)",
    path: ["region"],
  })
  .refine((c) => slugify(c.name) !== "", {
    message: "name needs Latin letters or digits; give the romanised name and keep the original as an alias",
    path: ["name"],
  });
export type City = z.infer<typeof City>;

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
