/**
 * The examples of the OpenAPI document: one story (Chicago and Moscow, 1997 to the suspension of
 * March 2022), and an example problem per status drawn from the problem catalogue. A test
 * validates every example against its schema.
 */
import { MAX_BODY_BYTES } from "../limits.js";
import { type Problem, problem } from "../problem.js";

export const exampleSources = [
  { url: "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow" },
];

export const chicago = {
  id: "us-il-chicago",
  name: "Chicago",
  country: "US",
  region: "US-IL",
  wikidataId: "Q1297",
};
export const moscow = {
  id: "ru-moscow",
  name: "Moscow",
  country: "RU",
  wikidataId: "Q649",
  aliases: ["Moskva"],
};

export const EXAMPLE_PAIR_ID = "ru-moscow--us-il-chicago";

export const storedEventExample = {
  pairId: EXAMPLE_PAIR_ID,
  version: 2,
  eventId: "0193a7c2-5b1e-7c3a-9f00-3d2b1e0c4a55",
  type: "suspended" as const,
  schemaVersion: 2,
  data: {
    effectiveDate: "2022-03-01",
    actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
    sources: exampleSources,
    wording: "suspend",
  },
  recordedAt: "2022-03-02T09:15:00.000Z",
  recordedBy: "token:local-operator",
  prevHash: "4f9c2b7a0d1e6c3b8a5f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b",
  hash: "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
};

export const pairExample = {
  pairId: EXAMPLE_PAIR_ID,
  cityA: chicago,
  cityB: moscow,
  relationship: "sister-city",
  status: "suspended" as const,
  since: "2022-03-01",
  establishedOn: "1997",
  latest: {
    type: "suspended",
    effectiveDate: "2022-03-01",
    version: 2,
    source: exampleSources[0]?.url,
    wording: "suspend",
  },
  version: 2,
  eventCount: 2,
};

export const counts = (active: number, suspended: number, dormant: number, terminated: number) => ({
  total: active + suspended + dormant + terminated,
  active,
  suspended,
  dormant,
  terminated,
});

/** The example cursor: the last pair id of a page, as the list hands it out. */
export const EXAMPLE_CURSOR = "djE6cnUtbW9zY293LS11cy1pbC1jaGljYWdv";

/** Named examples of RecordEvent, shown by the docs UI beside the schema example. */
export const recordEventExamples = {
  suspended: {
    summary: "A suspension, in the source's own words",
    value: {
      type: "suspended",
      effectiveDate: "2022-03-01",
      actor: { side: "us-il-chicago", name: "Mayor Lori Lightfoot" },
      sources: exampleSources,
      wording: "suspend",
    },
  },
  retained: {
    summary: "A decision to keep the tie (the status does not change)",
    value: {
      type: "retained",
      effectiveDate: "2022-03",
      actor: { side: "us-il-chicago" },
      authority: { body: "Chicago Sister Cities International" },
      sources: [{ citation: "Chicago Sister Cities International, statement of March 2022" }],
    },
  },
  retracted: {
    summary: "A correction: removes an earlier event from the timeline (history keeps both)",
    value: { type: "retracted", retracts: 2, reason: "the source reported a proposal, not a decision" },
  },
};

/** An example problem per status, so that every documented error answer has one. */
export const problemExamples: Readonly<Record<number, Problem>> = Object.fromEntries(
  [
    problem("malformed", "the body is not valid JSON"),
    problem("unauthenticated", "writes and audits need an identity: send Authorization: Bearer <token>"),
    problem("pair-not-found", `no pair ${EXAMPLE_PAIR_ID} is registered`, { code: "PAIR_NOT_FOUND" }),
    problem("transition-forbidden", "a terminated pair cannot be reinstated", {
      code: "TRANSITION_FORBIDDEN",
    }),
    problem("version-mismatch", "the pair is at version 3, not 2", {
      code: "VERSION_MISMATCH",
      expectedVersion: 2,
      currentVersion: 3,
    }),
    problem("body-too-large", `the limit is ${MAX_BODY_BYTES} bytes`, { limit: MAX_BODY_BYTES }),
    problem("unsupported-media-type", 'content-type must be application/json, not "text/plain"'),
    problem("validation", "1 invalid field(s) in the request body", {
      errors: [
        {
          in: "body",
          pointer: "/recordedBy",
          detail: "recordedBy is set by the server (from the clock and your identity), never by the body",
        },
      ],
    }),
    problem(
      "internal",
      "the ledger could not complete the request; nothing was written unless a version was returned",
    ),
    problem("no-digest-destination", "no digest destination is configured (DIGEST_DIR or DIGEST_BUCKET)"),
  ].map((p) => [p.status, p]),
);
