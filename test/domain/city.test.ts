/** The frozen slug rule, city ids, aliases and pair ids. */
import { describe, expect, it } from "vitest";
import { City, cityId, cityIdsOf, isKnownAs, pairIdOf, pairIdOfCities, slugify } from "../../domain/index.js";

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

  it("gives no slug to a name without Latin letters or digits", () => {
    expect(slugify("Москва")).toBe("");
    expect(slugify("東京")).toBe("");
    expect(slugify("---")).toBe("");
  });

  it("never produces a double hyphen (the pair separator)", () => {
    for (const name of ["a -- b", "a—–b", "x - - y", "Ol' -Man"]) expect(slugify(name)).not.toContain("--");
  });
});

describe("City", () => {
  it("rejects a name in a non-Latin script, asking for the romanised name with the original as an alias", () => {
    const r = City.safeParse({ name: "Москва", country: "RU" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain("romanised");
    expect(City.safeParse({ name: "Moscow", country: "RU", aliases: ["Москва"] }).success).toBe(true);
  });

  it("validates the country, the region and the Wikidata id", () => {
    expect(City.safeParse({ name: "X", country: "ZZ" }).success).toBe(false);
    expect(City.safeParse({ name: "X", country: "us" }).success).toBe(false);
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
