/**
 * Decider specifications generated from the TRANSITIONS table: every event type from every
 * status, so a new row or a changed cell is covered without writing a test.
 */
import { describe, it } from "vitest";
import {
  STATUSES,
  TRANSITIONS,
  ruleText,
  type From,
  type Status,
  type TimelineEventType,
} from "../../domain/index.js";
import { CHICAGO_ID, MOSCOW_ID, est, ev, recordOf, type EventSpec } from "../support/builders.js";
import { given } from "./support/given.js";

const an = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
const TYPES = Object.keys(TRANSITIONS) as TimelineEventType[];

/** Shortest sequence of event types from "none" to each status, found in the table itself. */
function pathsFromTable(): Map<From, TimelineEventType[]> {
  const paths = new Map<From, TimelineEventType[]>([["none", []]]);
  const queue: From[] = ["none"];
  while (queue.length > 0) {
    const from = queue.shift() as From;
    for (const type of TYPES) {
      const t = TRANSITIONS[type];
      if (t.to === "unchanged" || !t.from.includes(from) || paths.has(t.to)) continue;
      paths.set(t.to, [...(paths.get(from) ?? []), type]);
      queue.push(t.to);
    }
  }
  return paths;
}

const PATHS = pathsFromTable();

/** A history that leaves the pair in `status` (set by the last event, acted by Chicago). */
function historyTo(status: Status): EventSpec[] {
  const path = PATHS.get(status);
  if (!path) throw new Error(`the table has no way to reach ${status}`);
  return path.map((type, i) => (i === 0 && type === "established" ? est("2000") : ev(type, `${2010 + i}`)));
}

const setterOf = (status: Status) => PATHS.get(status)?.at(-1);

describe("the transition table reaches every status", () => {
  for (const status of STATUSES)
    it(`reaches ${status} from nothing (${PATHS.get(status)?.join(" → ")})`, () => {
      if (!PATHS.has(status)) throw new Error(`${status} is unreachable`);
    });
});

describe.each(TYPES)("recording %s", (type) => {
  const t = TRANSITIONS[type];
  for (const status of STATUSES) {
    const before = historyTo(status);
    const when = recordOf(type, "2020-06-01");
    if (t.from.includes(status)) {
      it(`is recorded on ${an(status)} pair (${t.to === "unchanged" ? "status unchanged" : `→ ${t.to}`})`, () =>
        given(before)
          .when(when)
          .then([ev(type, "2020-06-01")]));
    } else if (t.to === status && setterOf(status) === type) {
      it(`on a pair it already made ${status} is a no-op: nothing recorded, no error`, () =>
        given(before).when(when).then([]));
    } else {
      it(`is rejected on ${an(status)} pair: "${ruleText(status, type)}"`, () =>
        given(before)
          .when(when)
          .then({
            code: "TRANSITION_FORBIDDEN",
            from: status,
            eventType: type,
            rule: ruleText(status, type),
          }));
    }
  }

  if (t.from.includes("none")) {
    it("dated before the establishment is accepted (an earlier establishment makes the later one a repeat)", () =>
      given([est("2000")])
        .when(recordOf(type, "1990"))
        .then([ev(type, "1990")]));
  } else {
    it(`dated before the establishment is rejected: "${ruleText("none", type)}"`, () =>
      given([est("2000")])
        .when(recordOf(type, "1990"))
        .then({ code: "TRANSITION_FORBIDDEN", from: "none", eventType: type, rule: ruleText("none", type) }));
  }

  if (t.to !== "unchanged") {
    const to = t.to;
    const from = t.from.find((f): f is Status => f !== "none");
    const setUp: EventSpec[] =
      type === "established"
        ? [est("2000", { actor: { side: CHICAGO_ID } })]
        : [...historyTo(from as Status), ev(type, "2015", { actor: { side: CHICAGO_ID } })];
    it(`repeated by the same side after it made the pair ${to} is a no-op`, () =>
      given(setUp)
        .when(recordOf(type, "2020", { actor: { side: CHICAGO_ID } }))
        .then([]));
    it(`repeated by the other side after it made the pair ${to} is recorded as a concurring decision`, () =>
      given(setUp)
        .when(recordOf(type, "2020", { actor: { side: MOSCOW_ID } }))
        .then([ev(type, "2020", { actor: { side: MOSCOW_ID } })]));
    it(`repeated after both sides made the pair ${to} is a no-op, whoever repeats it`, () =>
      given([
        ...setUp.slice(0, -1),
        { ...setUp.at(-1), data: { ...setUp.at(-1)?.data, actor: { side: "both" } } } as EventSpec,
      ])
        .when(recordOf(type, "2020", { actor: { side: MOSCOW_ID } }))
        .then([]));
  }
});
