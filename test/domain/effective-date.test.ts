/** Effective dates with precision, and the rule that a date counts on the last day it can mean. */
import { describe, expect, it } from "vitest";
import {
  AsOfDate,
  isTooFarAhead,
  latestAllowedDay,
  EffectiveDate,
  earliestDay,
  isValidEffectiveDate,
  latestDay,
  precisionOf,
} from "../../domain/index.js";

describe("effective dates", () => {
  it.each(["1944", "2022-03", "2022-03-09", "2024-02-29", "1000"])("accepts %s", (d) =>
    expect(isValidEffectiveDate(d)).toBe(true),
  );

  it.each([
    "22",
    "2022-3",
    "2022-13",
    "2022-00",
    "2022-02-29",
    "2022-04-31",
    "2022-03-09T00:00:00Z",
    "999",
    "0999",
    "",
    "March 2022",
  ])("rejects %s", (d) => expect(EffectiveDate.safeParse(d).success).toBe(false));

  it("knows its precision", () => {
    expect(precisionOf("1944")).toBe("year");
    expect(precisionOf("2022-03")).toBe("month");
    expect(precisionOf("2022-03-09")).toBe("day");
  });

  it("counts on the last day it can mean", () => {
    expect(latestDay("2022-03")).toBe("2022-03-31");
    expect(latestDay("2022-02")).toBe("2022-02-28");
    expect(latestDay("2024-02")).toBe("2024-02-29");
    expect(latestDay("1944")).toBe("1944-12-31");
    expect(latestDay("2022-03-09")).toBe("2022-03-09");
  });

  it("begins on the first day it can mean", () => {
    expect(earliestDay("2022-03")).toBe("2022-03-01");
    expect(earliestDay("1944")).toBe("1944-01-01");
  });

  it("reads an asOf month or year as its last day", () => {
    expect(AsOfDate.parse("2022-03")).toBe("2022-03-31");
    expect(AsOfDate.parse("2022")).toBe("2022-12-31");
    expect(AsOfDate.parse("2022-04-01")).toBe("2022-04-01");
    expect(AsOfDate.safeParse("2022-02-30").success).toBe(false);
  });
});

describe("dates ahead", () => {
  it("allows up to 10 years after the recording day, leap days included", () => {
    expect(latestAllowedDay("2026-01-01T10:00:00Z")).toBe("2036-01-01");
    expect(latestAllowedDay("2028-02-29T00:00:00Z")).toBe("2038-02-28");
    expect(isTooFarAhead("2036", "2026-06-01T00:00:00Z")).toBe(false);
    expect(isTooFarAhead("2036-06-02", "2026-06-01T00:00:00Z")).toBe(true);
    expect(isTooFarAhead("2037", "2026-06-01T00:00:00Z")).toBe(true);
  });
});
