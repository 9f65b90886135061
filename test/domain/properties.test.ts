/**
 * Property tests: random command sequences, keeping what the decider accepts, then checking that
 * every way of looking at the result agrees. FC_RUNS raises the number of runs (default 200).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  TRANSITIONS,
  buildTimeline,
  decide,
  decideFromWholeTimeline,
  docOf,
  evolve,
  foldTimeline,
  headerOf,
  initialState,
  latestDay,
  summarizeEvent,
  viewOf,
  type Command,
  type DomainEvent,
  type PairState,
  type TimelineEventType,
} from "../../domain/index.js";
import {
  CHICAGO_ID,
  MOSCOW_ID,
  PAIR_ID,
  dataOf,
  recordedAtOf,
  register,
  retract,
} from "../support/builders.js";

const runs = Number(process.env.FC_RUNS ?? 200);
const TYPES = Object.keys(TRANSITIONS) as TimelineEventType[];

/** Dates of every precision in a narrow range, so back-dating and same-day ties are common. */
const dateArb = fc.oneof(
  fc.integer({ min: 1995, max: 2024 }).map(String),
  fc
    .record({ y: fc.integer({ min: 1995, max: 2024 }), m: fc.integer({ min: 1, max: 12 }) })
    .map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`),
  fc
    .record({
      y: fc.integer({ min: 1995, max: 2024 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
);
const sideArb = fc.constantFrom(CHICAGO_ID, MOSCOW_ID, "both", "operator");

type Intent =
  | {
      readonly kind: "record";
      readonly type: TimelineEventType;
      readonly date: string;
      readonly side: string;
    }
  | { readonly kind: "retract"; readonly pick: number };

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("record" as const),
      type: fc.constantFrom(...TYPES),
      date: dateArb,
      side: sideArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retract" as const), pick: fc.nat() }) },
);

const commandOf = (intent: Intent, state: PairState): Command =>
  intent.kind === "retract"
    ? retract(1 + (intent.pick % Math.max(1, state.version)))
    : ({
        kind: "record",
        type: intent.type,
        data: dataOf(intent.type, intent.date, { actor: { side: intent.side } }),
      } as Command);

/** Run the intents through the decider from a registration; keep the accepted events. */
function play(
  establishedOn: string,
  intents: readonly Intent[],
): { events: DomainEvent[]; state: PairState } {
  let state = initialState(PAIR_ID);
  const events: DomainEvent[] = [];
  for (const command of [register(establishedOn), ...intents.map((i) => (s: PairState) => commandOf(i, s))]) {
    const c = typeof command === "function" ? command(state) : command;
    const version = state.version + 1;
    const r = decide(c, state, {
      recordedAt: recordedAtOf(version),
      recordedBy: "prop",
      eventId: `e${version}`,
    });
    if (!r.ok) continue;
    for (const e of r.value) {
      const event = { ...e, pairId: PAIR_ID, version: state.version + 1 } as unknown as DomainEvent;
      events.push(event);
      state = evolve(state, event);
    }
  }
  return { events, state };
}

const historyArb = fc
  .record({
    establishedOn: fc.integer({ min: 1990, max: 2000 }).map(String),
    intents: fc.array(intentArb, { maxLength: 25 }),
  })
  .map(({ establishedOn, intents }) => play(establishedOn, intents));

const header = (events: DomainEvent[]) =>
  headerOf(events[0] as Extract<DomainEvent, { type: "established" }>);
/** Status, since and latest of `events`, under the header of the whole stream. */
const statusOf = (events: DomainEvent[], query = {}, all = events) => {
  const v = viewOf(header(all), events.map(summarizeEvent), query);
  return { status: v.status, since: v.since, latest: v.latest };
};

describe("for random valid command sequences", () => {
  it("the fold of the decider's state equals the read-model view", () => {
    fc.assert(
      fc.property(historyArb, ({ events, state }) => {
        const folded = foldTimeline(buildTimeline(state.events).entries);
        expect(folded.ok).toBe(true);
        const doc = docOf(events);
        expect(doc?.view).toEqual(viewOf(state.header ?? header(events), state.events));
        if (folded.ok) {
          expect(doc?.view.status).toBe(folded.value.status);
          expect(doc?.view.since).toBe(folded.value.setBy?.effectiveDate);
        }
        expect(doc?.view.version).toBe(state.version);
      }),
      { numRuns: runs },
    );
  });

  it("asOf a date equals folding only the events effective by then", () => {
    fc.assert(
      fc.property(historyArb, dateArb, ({ events }, date) => {
        const day = latestDay(date);
        const effectiveByThen = events.filter(
          (e) => e.type === "retracted" || latestDay(e.data.effectiveDate) <= day,
        );
        expect(statusOf(events, { asOf: date })).toEqual(statusOf(effectiveByThen, {}, events));
      }),
      { numRuns: runs },
    );
  });

  it("a retraction followed by a fold equals never having recorded the event", () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), ({ events, state }, pick) => {
        const retracted = new Set(events.flatMap((e) => (e.type === "retracted" ? [e.data.retracts] : [])));
        const candidates = events.filter(
          (e) => e.version > 1 && e.type !== "retracted" && !retracted.has(e.version),
        );
        const target = candidates[pick % Math.max(1, candidates.length)];
        if (!target) return;
        const without = events.filter((e) => e.version !== target.version);
        const withoutFolds = foldTimeline(buildTimeline(without.map(summarizeEvent)).entries).ok;
        const r = decide(retract(target.version), state, {
          recordedAt: recordedAtOf(state.version + 1),
          recordedBy: "prop",
          eventId: "r",
        });
        // The decider accepts the retraction exactly when the timeline without the event is valid.
        expect(r.ok).toBe(withoutFolds);
        if (!r.ok) return;
        const after = [
          ...events,
          ...r.value.map(
            (e) => ({ ...e, pairId: PAIR_ID, version: state.version + 1 }) as unknown as DomainEvent,
          ),
        ];
        const a = statusOf(after);
        const b = statusOf(without);
        expect({ status: a.status, since: a.since }).toEqual({ status: b.status, since: b.since });
      }),
      { numRuns: runs },
    );
  });

  it("knownAt a time equals the view of only the events recorded by then", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 1, max: 30 }), fc.boolean(), ({ events }, v, between) => {
        const knownAt = new Date(Date.parse(recordedAtOf(v)) + (between ? 30_000 : 0)).toISOString();
        const recorded = events.filter((e) => Date.parse(e.recordedAt) <= Date.parse(knownAt));
        const full = viewOf(header(events), events.map(summarizeEvent), { knownAt });
        expect(full).toEqual(viewOf(header(events), recorded.map(summarizeEvent)));
      }),
      { numRuns: runs },
    );
  });

  it("never leaves a timeline that does not fold, and never records a repeat by the same side", () => {
    fc.assert(
      fc.property(historyArb, ({ events, state }) => {
        expect(() => docOf(events)).not.toThrow();
        for (let i = 1; i < state.events.length; i++) {
          const folded = foldTimeline(buildTimeline(state.events.slice(0, i + 1)).entries);
          expect(folded.ok).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  });

  it("decides each next command as deciding on the whole timeline does, in any order of dates", () => {
    // In effective order (the decider then works from the state's carried tail), and as random.
    const inOrder = fc
      .array(intentArb, { minLength: 1, maxLength: 12 })
      .map((intents) =>
        intents.map((intent, i) =>
          intent.kind === "record" ? { ...intent, date: String(2001 + i) } : intent,
        ),
      );
    fc.assert(
      fc.property(
        historyArb,
        fc.oneof(inOrder, fc.array(intentArb, { maxLength: 12 })),
        ({ state }, next) => {
          let s = state;
          for (const intent of next) {
            const command = commandOf(intent, s);
            const meta = {
              recordedAt: recordedAtOf(s.version + 1),
              recordedBy: "prop",
              eventId: `n${s.version}`,
            };
            const decided = decide(command, s, meta);
            expect(decided).toEqual(decideFromWholeTimeline(command, s, meta));
            // A copy of the state carries no tail: it is built from the whole timeline.
            expect(decide(command, { ...s }, meta)).toEqual(decided);
            if (decided.ok)
              for (const e of decided.value)
                s = evolve(s, { ...e, pairId: PAIR_ID, version: s.version + 1 } as unknown as DomainEvent);
            // The same command again (a repeat: same type, day and side) is decided alike too.
            const again = { ...meta, recordedAt: recordedAtOf(s.version + 1), eventId: `r${s.version}` };
            expect(decide(command, s, again)).toEqual(decideFromWholeTimeline(command, s, again));
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
