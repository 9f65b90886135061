/** The roll-up buckets a count as of a day reads, and that none of them can be one nothing is written to. */
import { describe, expect, it } from "vitest";
import {
  EffectiveDate,
  FEATURED_COUNTRY_PAIRS,
  FIRST_CENTURY,
  bucketsOf,
  familiesOf,
  latestDay,
  rangesUntil,
  withRollUps,
} from "../../domain/index.js";

describe("rangesUntil", () => {
  it("never reads a century before the first an effective date can fall in", () => {
    // The earliest effective date there can be, and one just before it, refused.
    expect(EffectiveDate.safeParse("1000").success).toBe(true);
    expect(EffectiveDate.safeParse("0999-12-31").success).toBe(false);
    expect(bucketsOf(latestDay("1000-01-01"))[0]).toBe(`C#${FIRST_CENTURY}`);
    for (const day of ["1000-01-01", "1099-12-31", "1100-01-01", "1944-12-31", "2022-01-01", "9999-12-31"]) {
      const centuries = rangesUntil(day).filter(([lo]) => /^P?C#/.test(lo));
      for (const [lo] of centuries)
        expect(Number(lo.slice(lo.indexOf("#") + 1))).toBeGreaterThanOrEqual(FIRST_CENTURY);
    }
  });

  it("reads the centuries from the 11th up to the day's own, in each family", () => {
    expect(rangesUntil("2022-01-01")).toEqual([
      ["C#10", "C#19"],
      ["X#200", "X#201"],
      ["Y#2020", "Y#2021"],
      ["PC#10", "PC#19"],
      ["PX#200", "PX#201"],
      ["PY#2020", "PY#2021"],
      ["2022-01-01", "2022-01-01"],
    ]);
    expect(rangesUntil("1099-03-15", [""], false)).toEqual([
      ["X#100", "X#108"],
      ["Y#1090", "Y#1098"],
      ["M#1099-01", "M#1099-02"],
    ]);
    expect(rangesUntil("1100-01-01", ["P"], false)).toEqual([["PC#10", "PC#10"]]);
  });
});

describe("withRollUps", () => {
  it("rolls a country pair's counters up into its own family, and a featured pair's into the totals' too", () => {
    expect(FEATURED_COUNTRY_PAIRS).toEqual(["RU-US"]);
    expect(familiesOf("t#active")).toEqual([""]);
    expect(familiesOf("c#RU#active")).toEqual([""]);
    expect(familiesOf("p#DE-RU#active")).toEqual(["P"]);
    expect(familiesOf("p#RU-US#suspended")).toEqual(["P", ""]);
    const rolled = withRollUps({
      "2022-03-04": { "t#suspended": 1, "p#RU-US#suspended": 1, "p#DE-RU#total": 1 },
    });
    expect(rolled["M#2022-03"]).toEqual({ "t#suspended": 1, "p#RU-US#suspended": 1 });
    expect(rolled["PM#2022-03"]).toEqual({ "p#RU-US#suspended": 1, "p#DE-RU#total": 1 });
    expect(rolled["2022-03-04"]).toEqual({ "t#suspended": 1, "p#RU-US#suspended": 1, "p#DE-RU#total": 1 });
  });
});
