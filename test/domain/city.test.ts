/** The frozen slug rule, city ids, aliases and pair ids. */
import { describe, expect, it } from "vitest";
import {
  City,
  StoredCity,
  cityId,
  cityIdsOf,
  isKnownAs,
  pairIdOf,
  pairIdOfCities,
  slugify,
} from "../../domain/index.js";

describe("slugify (frozen: ids are forever)", () => {
  it.each([
    ["Portland", "portland"],
    ["São Paulo", "sao-paulo"],
    ["Saint-Étienne", "saint-etienne"],
    ["Köln", "koln"],
    ["Düsseldorf", "dusseldorf"],
    ["Groß-Gerau", "gross-gerau"],
    ["GROẞSTADT", "grossstadt"],
    ["Łódź", "lodz"],
    ["Kraków", "krakow"],
    ["Ærøskøbing", "aeroskobing"],
    ["Œuilly", "oeuilly"],
    ["Þingeyri", "thingeyri"],
    ["Đakovo", "dakovo"],
    ["Akureyri", "akureyri"],
    ["Rostov-on-Don", "rostov-on-don"],
    ["St. John's", "st-john-s"],
    ["  Des   Moines  ", "des-moines"],
    ["Winston–Salem", "winston-salem"],
    ["Ｔｏｋｙｏ ２０", "tokyo-20"],
    ["Diyarbakır", "diyarbakir"],
    ["İzmir", "izmir"],
  ])("%s → %s", (name, slug) => expect(slugify(name)).toBe(slug));

  it("transliterates a name in another script (any-ascii)", () => {
    expect(slugify("Москва")).toBe("moskva");
    expect(slugify("Ταύρος")).toBe("tayros");
    expect(slugify("東京")).toBe("dongjing");
    expect(slugify("Αθήνα")).toBe("athina");
    expect(slugify("---")).toBe("");
  });

  it("never produces a double hyphen (the pair separator)", () => {
    for (const name of ["a -- b", "a—–b", "x - - y", "Ol' -Man"]) expect(slugify(name)).not.toContain("--");
  });
});

describe("City", () => {
  it("accepts a name in any one script, keeps it as written and derives the id by transliteration", () => {
    const r = City.parse({ name: "Москва", country: "RU" });
    expect(r.name).toBe("Москва");
    expect(cityId(r)).toBe("ru-moskva");
    expect(City.safeParse({ name: "Moscow", country: "RU", aliases: ["Москва"] }).success).toBe(true);
    expect(City.safeParse({ name: "東京都", country: "JP" }).success).toBe(true);
    expect(City.safeParse({ name: "とうきょう東京", country: "JP" }).success).toBe(true);
  });

  it.each([
    ["Chicagо", "Latin with a Cyrillic о", "one script"],
    ["Mосква", "Cyrillic with a Latin M", "one script"],
    ["Chi\u200bcago", "a zero-width space", "U+200B"],
    ["Chicago\u0000", "a NUL", "U+0000"],
    ["\u202eogacihC", "a right-to-left override", "U+202E"],
    ["Chi\u00adcago", "a soft hyphen", "U+00AD"],
    ["Chi\ncago", "a line feed", "U+000A"],
  ])("refuses %j (%s)", (name, _what, says) => {
    const r = City.safeParse({ name, country: "US", region: "US-IL" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["name"]);
    expect(r.error?.issues[0]?.message).toContain(says);
    expect(City.safeParse({ name: "Chicago", country: "US", aliases: [name] }).success).toBe(false);
  });

  it("keeps a stored name readable even if the rules now refuse it", () => {
    expect(StoredCity.safeParse({ name: "Chicagо", country: "US" }).success).toBe(true);
  });

  it("accepts the country and the region in either case, stored in capitals", () => {
    expect(City.parse({ name: "Portland", country: "us", region: "us-or" })).toMatchObject({
      country: "US",
      region: "US-OR",
    });
  });

  it("takes an optional location with its source, within the globe", () => {
    const location = { lat: 41.881944, lon: -87.627778, source: "Wikidata Q1297, P625" };
    expect(City.parse({ name: "Chicago", country: "US", location }).location).toEqual(location);
    expect(
      City.safeParse({ name: "X", country: "US", location: { lat: 91, lon: 0, source: "s" } }).success,
    ).toBe(false);
    expect(
      City.safeParse({ name: "X", country: "US", location: { lat: 0, lon: 181, source: "s" } }).success,
    ).toBe(false);
    expect(City.safeParse({ name: "X", country: "US", location: { lat: 0, lon: 0 } }).success).toBe(false);
  });

  it("validates the country, the region and the Wikidata id", () => {
    expect(City.safeParse({ name: "X", country: "ZZ" }).success).toBe(false);
    expect(City.safeParse({ name: "X", country: "USA" }).success).toBe(false);
    expect(City.safeParse({ name: "Portland", country: "US", region: "GB-ENG" }).success).toBe(false);
    expect(
      City.safeParse({ name: "Portland", country: "US", region: "US-OR", wikidataId: "Q6106" }).success,
    ).toBe(true);
    expect(City.safeParse({ name: "Portland", country: "US", wikidataId: "6106" }).success).toBe(false);
    expect(City.safeParse({ name: "Pristina", country: "XK" }).success).toBe(true);
  });

  it("tells Portland, Oregon from Portland, Maine by the region", () => {
    expect(cityId({ name: "Portland", country: "US", region: "US-OR" })).toBe("us-or-portland");
    expect(cityId({ name: "Portland", country: "US", region: "US-ME" })).toBe("us-me-portland");
    expect(cityId({ name: "Khabarovsk", country: "RU" })).toBe("ru-khabarovsk");
  });

  it("finds a renamed city by its former name, whatever the case and accents", () => {
    const volgograd = { name: "Volgograd", aliases: ["Stalingrad", "Tsaritsyn"] };
    expect(isKnownAs(volgograd, "stalingrad")).toBe(true);
    expect(isKnownAs(volgograd, "STALINGRAD")).toBe(true);
    expect(isKnownAs(volgograd, "Volgograd")).toBe(true);
    expect(isKnownAs(volgograd, "Stalin")).toBe(false);
    expect(isKnownAs(volgograd, "")).toBe(false);
    expect(isKnownAs({ name: "Yekaterinburg", aliases: ["Ekaterinburg"] }, "Ekaterinburg")).toBe(true);
  });
});

describe("pair ids", () => {
  it("are the same for (A, B) and (B, A)", () => {
    expect(pairIdOf("us-il-chicago", "ru-moscow")).toBe(pairIdOf("ru-moscow", "us-il-chicago"));
    expect(pairIdOf("us-il-chicago", "ru-moscow")).toBe("ru-moscow--us-il-chicago");
    const a = { name: "Coventry", country: "GB", region: "GB-COV" };
    const b = { name: "Volgograd", country: "RU" };
    expect(pairIdOfCities(a, b)).toBe(pairIdOfCities(b, a));
  });

  it("split back into the two city ids", () => {
    expect(cityIdsOf("ru-moscow--us-il-chicago")).toEqual(["ru-moscow", "us-il-chicago"]);
    expect(cityIdsOf("ru-moscow")).toBeUndefined();
    expect(cityIdsOf("a--b--c")).toBeUndefined();
  });
});
