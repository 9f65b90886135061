/** The bitemporal timeline and the pair view: asOf, knownAt, retractions, precision. */
import { describe, expect, it } from "vitest";
import {
  buildTimeline,
  docOf,
  foldTimeline,
  headerOf,
  summarizeEvent,
  toDomainEvent,
  upcast,
  viewOf,
  type DomainEvent,
} from "../../domain/index.js";
import { CHICAGO_ID, MOSCOW_ID, est, ev, history, recordedAtOf, retraction } from "../support/builders.js";

const chicago = history([
  est("1997"),
  ev("change-proposed", "2022-02-28", { wording: "revoke" }),
  ev("suspended", "2022-03-01", { condition: "until the end of hostilities" }),
  ev("motion-failed", "2023-05-24", { wording: "Failed to Pass" }),
]);

const viewAt = (events: DomainEvent[], query: { asOf?: string; knownAt?: string } = {}) =>
  viewOf(
    headerOf(events[0] as Extract<DomainEvent, { type: "established" }>),
    events.map(summarizeEvent),
    query,
  );

describe("asOf (effective time)", () => {
  it("gives the status on a date", () => {
    expect(viewAt(chicago, { asOf: "2022-02-01" })).toMatchObject({ status: "active", since: "1997" });
    expect(viewAt(chicago, { asOf: "2022-03-01" })).toMatchObject({
      status: "suspended",
      since: "2022-03-01",
    });
    expect(viewAt(chicago)).toMatchObject({
      status: "suspended",
      since: "2022-03-01",
      latest: { type: "motion-failed" },
    });
  });

  it("is not established before its establishment", () => {
    expect(viewAt(chicago, { asOf: "1996-12-31" }).status).toBe("not-established");
  });

  it("counts a month-precision event only from the last day of its month", () => {
    const h = history([est("1997"), ev("suspended", "2022-03")]);
    expect(viewAt(h, { asOf: "2022-03-30" }).status).toBe("active");
    expect(viewAt(h, { asOf: "2022-03-31" }).status).toBe("suspended");
  });

  it("counts a year-precision establishment from 31 December", () => {
    const h = history([est("1944")]);
    expect(viewAt(h, { asOf: "1944-06-06" }).status).toBe("not-established");
    expect(viewAt(h, { asOf: "1944-12-31" }).status).toBe("active");
  });

  it("reads an asOf month as its last day", () => {
    const h = history([est("1997"), ev("suspended", "2022-03-01")]);
    expect(viewAt(h, { asOf: "2022-03" }).status).toBe("suspended");
    expect(viewAt(h, { asOf: "2022-02" }).status).toBe("active");
    expect(buildTimeline(h.map(summarizeEvent), { asOf: "2022-03" }).entries).toHaveLength(2);
  });
});

describe("knownAt (recording time)", () => {
  it("gives what the ledger said at that time", () => {
    // v1..v4 are recorded one minute apart (recordedAtOf).
    expect(viewAt(chicago, { knownAt: recordedAtOf(2) })).toMatchObject({
      status: "active",
      version: 2,
      eventCount: 2,
    });
    expect(viewAt(chicago, { knownAt: recordedAtOf(3) })).toMatchObject({ status: "suspended", version: 3 });
  });

  it("keeps a retracted event in what was known before the retraction", () => {
    const h = history([est("1997"), ev("terminated", "2022-03-01"), retraction(2, "it was a suspension")]);
    expect(viewAt(h, { knownAt: recordedAtOf(2) }).status).toBe("terminated");
    expect(viewAt(h).status).toBe("active");
  });

  it("combines with asOf", () => {
    expect(viewAt(chicago, { knownAt: recordedAtOf(3), asOf: "2022-02-28" }).status).toBe("active");
    expect(viewAt(chicago, { knownAt: recordedAtOf(3), asOf: "2022-03-02" }).status).toBe("suspended");
  });
});

describe("retractions", () => {
  it("remove the event from the timeline and are not on it themselves", () => {
    const h = history([
      est("1997"),
      ev("terminated", "2022-03-01"),
      retraction(2, "it was a suspension"),
      ev("suspended", "2022-03-01"),
    ]);
    const t = buildTimeline(h.map(summarizeEvent));
    expect(t.entries.map((e) => e.version)).toEqual([1, 4]);
    expect(t.retracted.get(2)).toMatchObject({ version: 3, reason: "it was a suspension" });
    expect(viewAt(h)).toMatchObject({ status: "suspended", since: "2022-03-01", version: 4, eventCount: 4 });
  });
});

describe("concurring decisions", () => {
  it("keep the status and the date it was set when the other side decides the same", () => {
    const h = history([
      est("1994"),
      ev("terminated", "2022-11-15", { actor: { side: CHICAGO_ID } }),
      ev("terminated", "2022-12-15", { actor: { side: MOSCOW_ID } }),
    ]);
    const folded = foldTimeline(buildTimeline(h.map(summarizeEvent)).entries);
    expect(folded.ok && folded.value.decidedBy).toEqual([CHICAGO_ID, MOSCOW_ID]);
    expect(viewAt(h)).toMatchObject({
      status: "terminated",
      since: "2022-11-15",
      latest: { effectiveDate: "2022-12-15" },
    });
  });
});

describe("the read-model document", () => {
  it("folds to the same view one event at a time as all at once", () => {
    expect(docOf(chicago)?.view).toEqual(viewAt(chicago));
  });
});

describe("schema evolution", () => {
  it("reads a stored suspended v1 (until) as v2 (condition)", () => {
    const v1 = {
      effectiveDate: "2022-03-28",
      actor: { side: "us-nc-charlotte" },
      sources: [{ citation: "x" }],
      until: "one year after peace",
    };
    expect(upcast("suspended", 1, v1)).toEqual({
      ...v1,
      until: undefined,
      condition: "one year after peace",
    });
    const e = toDomainEvent({
      pairId: "ru-voronezh--us-nc-charlotte",
      version: 2,
      eventId: "e2",
      type: "suspended",
      schemaVersion: 1,
      data: v1,
      recordedAt: "2022-03-29T00:00:00.000Z",
      recordedBy: "clerk",
      prevHash: "0".repeat(64),
      hash: "0".repeat(64),
    });
    expect(e.data).toEqual({
      effectiveDate: "2022-03-28",
      actor: { side: "us-nc-charlotte" },
      sources: [{ citation: "x" }],
      condition: "one year after peace",
    });
  });

  it("refuses a schemaVersion newer than the code knows, clearly", () => {
    expect(() => upcast("suspended", 3, {})).toThrow(/newer than this code reads/);
  });
});

describe("queries that did not pass the edge's validation", () => {
  it("are refused loudly, not answered with an empty timeline", () => {
    const events = chicago.map(summarizeEvent);
    expect(() => buildTimeline(events, { asOf: "yesterday" })).toThrow(/asOf/);
    expect(() => buildTimeline(events, { knownAt: "not a time" })).toThrow(/knownAt/);
  });
});
