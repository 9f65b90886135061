/**
 * The ledger's size limits, defined once. They are enforced at the edge (the event schemas and
 * the decider), so that nothing accepted can later fail to be stored or projected: a read-model
 * document keeps a fixed-size entry per event (see views/pair-view.ts), so its size is bounded by
 * `eventsPerPair` whatever the events say.
 */
export const LIMITS = {
  /** Events in one pair's stream (retractions included); the next one is refused (PAIR_FULL). */
  eventsPerPair: 1000,
  /** Field lengths, in characters. */
  url: 2000,
  citation: 1000,
  sourcesPerEvent: 20,
  authorityBody: 300,
  authorityInstrument: 300,
  authorityVote: 200,
  actorName: 300,
  wording: 300,
  note: 4000,
  condition: 2000,
  reason: 2000,
  cityName: 200,
  aliasesPerCity: 20,
  /** What the read model keeps of the first source and the wording of an event it shows. */
  shownSource: 500,
  shownWording: 300,
} as const;

/**
 * The largest event the schemas admit, in UTF-8 bytes of its data (every field at its limit,
 * four bytes a character): well under DynamoDB's 400 KB item limit, with room for the envelope.
 */
export const MAX_EVENT_DATA_BYTES =
  4 *
  (LIMITS.sourcesPerEvent * (LIMITS.url + LIMITS.citation + 10) +
    LIMITS.authorityBody +
    LIMITS.authorityInstrument +
    LIMITS.authorityVote +
    LIMITS.actorName +
    LIMITS.wording +
    LIMITS.note +
    LIMITS.condition +
    2 * LIMITS.cityName * (1 + LIMITS.aliasesPerCity));
