/**
 * The transition table: which event moves a pair from which status to which. Data, not ifs: the
 * decider, the validation messages, the docs table and the tests all read it.
 */
export const STATUSES = ["active", "suspended", "dormant", "terminated"] as const;
export type Status = (typeof STATUSES)[number];

/** What each status means, for the docs. */
export const STATUS_MEANINGS: Readonly<Record<Status, string>> = {
  active: "the tie stands (established, reinstated or reactivated)",
  suspended: "formally paused by a decision, often with a reinstatement condition",
  dormant: "inactive in fact, without a decision (self-reported or inferred)",
  terminated: "revoked, severed or ended; a new establishment renews it",
};

export const EVENT_TYPES = [
  "established",
  "suspended",
  "reinstated",
  "terminated",
  "marked-dormant",
  "reactivated",
  "reaffirmed",
  "retained",
  "change-proposed",
  "motion-failed",
  "retracted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Every event type that is decided by the transition table (all but retractions). */
export type TimelineEventType = Exclude<EventType, "retracted">;

/** "none" stands for a pair that has no establishment on its timeline yet. */
export type From = Status | "none";

export interface Transition {
  /** Past-tense verb for messages: "a terminated pair cannot be reinstated". */
  readonly verb: string;
  /** Statuses the event may be recorded in. */
  readonly from: readonly From[];
  /** The status after the event; "unchanged" for decisions that keep the status. */
  readonly to: Status | "unchanged";
  /** What to do instead, per forbidden status. */
  readonly hints?: Partial<Record<From, string>>;
  /** What the event means, for the docs. */
  readonly meaning: string;
}

const LIVE: readonly Status[] = ["active", "suspended", "dormant"];
const ANY: readonly From[] = ["active", "suspended", "dormant", "terminated"];

export const TRANSITIONS: Readonly<Record<TimelineEventType, Transition>> = {
  established: {
    verb: "established",
    from: ["none", "terminated"],
    to: "active",
    hints: {
      active: "it is already established; record a reaffirmation instead",
      suspended: "it is suspended; record a reinstatement instead",
      dormant: "it is dormant; record a reactivation instead",
    },
    meaning: "an agreement signed; also a new agreement after a termination",
  },
  suspended: {
    verb: "suspended",
    from: ["active", "dormant"],
    to: "suspended",
    hints: { terminated: "retract the termination if it was recorded in error" },
    meaning: "a formal pause, often with a reinstatement condition",
  },
  reinstated: {
    verb: "reinstated",
    from: ["suspended"],
    to: "active",
    hints: {
      active: "only a suspended pair can be reinstated",
      dormant: "record a reactivation for a dormant pair",
      terminated:
        "renew it with a new establishment (record an `established` event on the pair, naming its two cities) or retract the termination",
    },
    meaning: "a suspension lifted",
  },
  terminated: {
    verb: "terminated",
    from: ["active", "suspended", "dormant"],
    to: "terminated",
    meaning: "the tie revoked, severed or ended",
  },
  "marked-dormant": {
    verb: "marked dormant",
    from: ["active"],
    to: "dormant",
    hints: {
      suspended: "a suspended pair is already inactive by decision",
      terminated: "retract the termination if it was recorded in error",
    },
    meaning: "inactive in fact, without a decision (self-reported or inferred)",
  },
  reactivated: {
    verb: "reactivated",
    from: ["dormant"],
    to: "active",
    hints: {
      active: "only a dormant pair can be reactivated",
      suspended: "record a reinstatement for a suspended pair",
      terminated:
        "renew it with a new establishment (record an `established` event on the pair, naming its two cities) or retract the termination",
    },
    meaning: "activity resumed after dormancy",
  },
  reaffirmed: {
    verb: "reaffirmed",
    from: LIVE,
    to: "unchanged",
    hints: { terminated: "record a new establishment to renew a terminated tie" },
    meaning: "a resolution, re-signing or anniversary that confirms the tie",
  },
  retained: {
    verb: "retained",
    from: LIVE,
    to: "unchanged",
    hints: { terminated: "record a new establishment to renew a terminated tie" },
    meaning: "a decision not to change the tie after a proposal to",
  },
  "change-proposed": {
    verb: "the subject of a proposal",
    from: ANY,
    to: "unchanged",
    meaning: "a motion or proposal to change the status (the status does not change)",
  },
  "motion-failed": {
    verb: "the subject of a failed motion",
    from: ANY,
    to: "unchanged",
    meaning: "a motion to change the status failed or lapsed (the status does not change)",
  },
};

export type Step =
  | { readonly kind: "moved"; readonly to: Status }
  | { readonly kind: "kept" }
  | { readonly kind: "repeated" }
  | { readonly kind: "forbidden"; readonly rule: string };

/**
 * One step of the table. `lastType` is the event type that set the current status: repeating it
 * (suspending a pair that a suspension made suspended) is "repeated". Whether a repeat is a no-op
 * or a concurring decision of the other side is the timeline's call (it knows who acted): see
 * applyStep in timeline.ts. Reinstating an active pair that a reinstatement did not make active
 * (it was never suspended) is not a repeat: it is forbidden, with the rule in words.
 */
export function step(from: From, type: TimelineEventType, lastType?: TimelineEventType): Step {
  const t = TRANSITIONS[type];
  if (t.to !== "unchanged" && from === t.to && lastType === type) return { kind: "repeated" };
  if (!t.from.includes(from)) return { kind: "forbidden", rule: ruleText(from, type) };
  return t.to === "unchanged" ? { kind: "kept" } : { kind: "moved", to: t.to };
}

/** "a suspended pair", "an active pair". */
const withArticle = (word: string) => `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;

export function ruleText(from: From, type: TimelineEventType): string {
  const t = TRANSITIONS[type];
  const subject = from === "none" ? "a pair that is not established" : `${withArticle(from)} pair`;
  const hint = t.hints?.[from] ?? (from === "none" ? "record its establishment first" : undefined);
  return `${subject} cannot be ${t.verb}${hint ? `; ${hint}` : ""}`;
}

/** The table as Markdown, for the docs (generated, never hand-edited). */
export function transitionTableMarkdown(): string {
  const cols: From[] = ["none", ...STATUSES];
  const header = `| event | ${cols.join(" | ")} | meaning |\n|---|${cols.map(() => "---").join("|")}|---|`;
  const cell = (t: Transition, c: From) =>
    t.from.includes(c) ? (t.to === "unchanged" ? "=" : `→ ${t.to}`) : t.to === c ? "↺" : "✗";
  const rows = (Object.keys(TRANSITIONS) as TimelineEventType[]).map((type) => {
    const t = TRANSITIONS[type];
    return `| \`${type}\` | ${cols.map((c) => cell(t, c)).join(" | ")} | ${t.meaning} |`;
  });
  const legend = [
    "",
    "`→ s`: moves the pair to status s. `=`: recorded, the status does not change. `✗`: forbidden (the error names the rule).",
    "`↺`: a repeat. When the same kind of event set the current status, repeating it changes nothing: no event is",
    "recorded (a no-op, not an error), unless another side acts (a concurring decision, recorded with the status and its",
    "date unchanged). When another kind of event set the status (reinstating a pair that was never suspended), it is forbidden.",
  ];
  return [header, ...rows, ...legend].join("\n");
}
