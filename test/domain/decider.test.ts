/** Hand-written decider specifications: registration, rejections, back-dating, retractions. */
import { describe, expect, it } from "vitest";
import { decide, initialState, pairIdOf, recordCommand, type Command } from "../../domain/index.js";
import {
  CHICAGO,
  CHICAGO_ID,
  MOSCOW,
  MOSCOW_ID,
  PAIR_ID,
  dataOf,
  est,
  ev,
  metaAfter,
  recordOf,
  register,
  retract,
  retraction,
} from "../support/builders.js";
import { given, stateOf } from "./support/given.js";

describe("registering a pair", () => {
  it("records its establishment", () =>
    given([])
      .when(register("1997"))
      .then([est("1997")]));

  it("rejects registering a pair that is already registered, naming it", () =>
    given([est()]).when(register("2001")).then({ code: "PAIR_ALREADY_REGISTERED", pairId: PAIR_ID }));

  it("rejects the same pair given the other way round (the pair id does not depend on the order)", () => {
    const reversed: Command = {
      kind: "register",
      data: { ...est().data, cityA: MOSCOW, cityB: CHICAGO } as never,
    };
    given([est()]).when(reversed).then({ code: "PAIR_ALREADY_REGISTERED", pairId: PAIR_ID });
  });

  it("rejects pairing a city with itself", () => {
    const self: Command = {
      kind: "register",
      data: { ...est().data, cityB: { ...CHICAGO, aliases: ["Chi-Town"] } } as never,
    };
    given([], pairIdOf(CHICAGO_ID, CHICAGO_ID)).when(self).then({ code: "SAME_CITY" });
  });

  it("rejects an actor that is neither a city of the pair, both, nor an operator", () =>
    given([])
      .when(register("1997", { actor: { side: "us-ny-albany" } }))
      .then({ code: "UNKNOWN_ACTOR", side: "us-ny-albany" }));
});

describe("recording on a pair", () => {
  it("rejects recording on a pair that is not registered", () =>
    given([]).when(recordOf("suspended", "2022-03-01")).then({ code: "PAIR_NOT_FOUND", pairId: PAIR_ID }));

  it("rejects an actor side that is not a city of this pair", () =>
    given([est()])
      .when(recordOf("suspended", "2022-03-01", { actor: { side: "us-tx-dallas" } }))
      .then({ code: "UNKNOWN_ACTOR", side: "us-tx-dallas" }));

  it("accepts either city of the pair, both, or an operator as the actor", () => {
    for (const side of [CHICAGO_ID, MOSCOW_ID, "both", "operator"])
      given([est()])
        .when(recordOf("retained", "2022-03-08", { actor: { side } }))
        .then([ev("retained", "2022-03-08", { actor: { side } })]);
  });

  it("accepts a decision taken in advance (dated up to 10 years after it is recorded)", () =>
    given([est()])
      .when(recordOf("suspended", "2031-01-01"))
      .then([ev("suspended", "2031-01-01")]));

  it.each(["2036-01-02", "2037", "2099", "9999-12"])("refuses a date more than 10 years ahead: %s", (date) =>
    given([est()])
      .when(recordOf("suspended", date))
      .then({ code: "DATE_TOO_FAR_AHEAD", latest: "2036-01-01" }),
  );

  it("refuses a registration dated more than 10 years ahead", () =>
    given([]).when(register("2040")).then({ code: "DATE_TOO_FAR_AHEAD", effectiveDate: "2040" }));

  it("records nothing for a decision the timeline already has, even on a day with a later change", () =>
    given([est(), ev("suspended", "2022-03-01"), ev("reinstated", "2022-03-01")])
      .when(recordOf("suspended", "2022-03-01"))
      .then([]));

  it("rejects a new establishment that names other cities", () =>
    given([est(), ev("terminated", "2022")])
      .when(recordOf("established", "2023", { cityB: { name: "Kyiv", country: "UA", aliases: ["Kiev"] } }))
      .then({ code: "OTHER_CITIES", pairId: PAIR_ID }));

  it("rejects a retraction sent as a record command, with a rule", () =>
    given([est()])
      .when({ kind: "record", type: "retracted", data: retraction(1).data } as unknown as Command)
      .then({ code: "TRANSITION_FORBIDDEN", eventType: "retracted" }));

  it("builds typed record commands with recordCommand", () => {
    const command = recordCommand(
      "suspended",
      dataOf("suspended", "2022-03-01", { condition: "until peace" }) as never,
    );
    given([est()])
      .when(command)
      .then([ev("suspended", "2022-03-01", { condition: "until peace" })]);
  });
});

describe("the no-op rule", () => {
  it("records nothing when the pair is suspended again by the same side", () =>
    given([est(), ev("suspended", "2022-03-01")])
      .when(recordOf("suspended", "2022-03-15"))
      .then([]));

  it("records nothing when a reinstatement is repeated", () =>
    given([est(), ev("suspended", "2022-03-01"), ev("reinstated", "2023")])
      .when(recordOf("reinstated", "2024"))
      .then([]));

  it("rejects reinstating an active pair that was never suspended, with the rule", () =>
    given([est()]).when(recordOf("reinstated", "2022-03-01")).then({
      code: "TRANSITION_FORBIDDEN",
      from: "active",
      rule: "an active pair cannot be reinstated; only a suspended pair can be reinstated",
    }));

  it("rejects reinstating a terminated pair, saying what to do instead", () =>
    given([est(), ev("terminated", "2022-03-09")])
      .when(recordOf("reinstated", "2023"))
      .then({
        code: "TRANSITION_FORBIDDEN",
        rule: "a terminated pair cannot be reinstated; renew it with a new establishment (record an `established` event on the pair, naming its two cities) or retract the termination",
      }));

  it("records decisions that keep the status each time (two retentions are two decisions)", () =>
    given([est(), ev("retained", "2022-03-08")])
      .when(recordOf("retained", "2022-06-06"))
      .then([ev("retained", "2022-06-06")]));

  it("judges a back-dated repeat by the status at its date: suspended then, so a no-op", () =>
    given([est(), ev("suspended", "2022-03-01"), ev("reinstated", "2023")])
      .when(recordOf("suspended", "2022-06"))
      .then([]));
});

describe("back-dated events", () => {
  it("accepts a back-dated event that keeps the whole timeline valid", () =>
    given([est("1997"), ev("terminated", "2023")])
      .when(recordOf("suspended", "2022-03-01"))
      .then([ev("suspended", "2022-03-01")]));

  it("rejects a back-dated event that is forbidden at its own date, with the status of that date", () =>
    given([est("1997"), ev("suspended", "2022-03-01")])
      .when(recordOf("reinstated", "2022-02-01"))
      .then({ code: "TRANSITION_FORBIDDEN", from: "active", eventType: "reinstated" }));

  it("rejects a back-dated event that makes a later one invalid, naming the event it conflicts with", () => {
    const state = stateOf([est("1997"), ev("suspended", "2022-03-01"), ev("reinstated", "2023-01-10")]);
    const r = decide(recordOf("terminated", "2022-06-01"), state, metaAfter(state.version));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: "TIMELINE_CONFLICT",
      conflictsWith: { version: 3, type: "reinstated", effectiveDate: "2023-01-10" },
      rule: "a terminated pair cannot be reinstated; renew it with a new establishment (record an `established` event on the pair, naming its two cities) or retract the termination",
    });
    expect(r.error.message).toContain("v3 (reinstated, 2023-01-10)");
  });

  it("orders a month-precision event at the end of its month: 2022-03 comes after 2022-03-09", () =>
    given([est("1997"), ev("suspended", "2022-03")])
      .when(recordOf("terminated", "2022-03-09"))
      .then({ code: "TIMELINE_CONFLICT", conflictsWith: { version: 2, type: "suspended" } }));

  it("orders events of the same day by recording order", () =>
    given([est("1997"), ev("suspended", "2022-03-09")])
      .when(recordOf("terminated", "2022-03-09"))
      .then([ev("terminated", "2022-03-09")]));
});

describe("retractions", () => {
  const h = [est("1997"), ev("suspended", "2022-03-01"), ev("retained", "2022-06-01")];

  it("records a retraction of an earlier event", () =>
    given(h)
      .when(retract(2))
      .then([retraction(2)]));

  it("rejects retracting the registration (v1)", () =>
    given(h).when(retract(1)).then({ code: "RETRACTION_INVALID", retracts: 1 }));

  it("rejects retracting a retraction", () =>
    given([...h, retraction(3)])
      .when(retract(4))
      .then({ code: "RETRACTION_INVALID", retracts: 4 }));

  it("rejects retracting an event twice", () =>
    given([...h, retraction(3)])
      .when(retract(3))
      .then({ code: "RETRACTION_INVALID", retracts: 3 }));

  it("rejects retracting an event that does not exist", () =>
    given(h).when(retract(9)).then({ code: "RETRACTION_INVALID", retracts: 9 }));

  it("rejects retracting on a pair that is not registered", () =>
    given([]).when(retract(2)).then({ code: "PAIR_NOT_FOUND" }));

  it("rejects a retraction that would leave a later event invalid, naming it", () =>
    given([est("1997"), ev("suspended", "2022-03-01"), ev("reinstated", "2023")])
      .when(retract(2))
      .then({
        code: "TIMELINE_CONFLICT",
        conflictsWith: { version: 3, type: "reinstated", effectiveDate: "2023" },
      }));

  it("lets the retracted decision be recorded again", () =>
    given([...h, retraction(2)])
      .when(recordOf("suspended", "2022-03-01"))
      .then([ev("suspended", "2022-03-01")]));
});

describe("the decider is pure", () => {
  it("does not change the state it is given", () => {
    const state = stateOf([est()]);
    const frozen = JSON.stringify(state);
    decide(recordOf("suspended", "2022-03-01"), state, metaAfter(1));
    expect(JSON.stringify(state)).toBe(frozen);
  });

  it("starts from an empty state", () =>
    expect(initialState(PAIR_ID)).toEqual({ pairId: PAIR_ID, events: [], version: 0 }));
});
