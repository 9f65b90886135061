/** Decisions taken in advance: counted from their date, shown as scheduled until then. */
import { describe, expect, it } from "vitest";
import { headerOf, scheduledChanges, summarizeEvent, viewOf, type DomainEvent } from "../../domain/index.js";
import { est, ev, history as streamOf } from "../support/builders.js";

const history = () => streamOf([est(), ev("suspended", "2026-03-01"), ev("terminated", "2031-01-01")]);

describe("scheduled changes", () => {
  it("lists the status changes dated after the day, with the status each brings", () => {
    const summaries = history().map(summarizeEvent);
    expect(scheduledChanges(summaries, "2026-06-01")).toEqual([
      { type: "terminated", effectiveDate: "2031-01-01", status: "terminated", version: 3 },
    ]);
    expect(scheduledChanges(summaries, "2031-01-01")).toEqual([]);
  });

  it("counts a change from its date: today's status is the status as of today", () => {
    const events = history();
    const first = events[0] as Extract<DomainEvent, { type: "established" }>;
    const today = viewOf(headerOf(first), events.map(summarizeEvent), { asOf: "2026-06-01" });
    expect(today).toMatchObject({ status: "suspended", since: "2026-03-01" });
  });

  it("counts a month or a year from its last day", () => {
    const summaries = streamOf([est(), ev("suspended", "2026-06")]).map(summarizeEvent);
    expect(scheduledChanges(summaries, "2026-06-15")).toHaveLength(1);
    expect(scheduledChanges(summaries, "2026-06-30")).toHaveLength(0);
  });
});
