/**
 * Every kind of problem the API answers: slug → status and title. problem.ts builds answers from
 * it, app.ts maps HTTP-level failures onto it, and the OpenAPI examples are drawn from it, so a
 * problem's status and title are written once.
 */
export const PROBLEMS = {
  malformed: { status: 400, title: "The request cannot be read" },
  "bad-if-match": { status: 400, title: "If-Match is not a version" },
  "bad-cursor": { status: 400, title: "The cursor is not valid" },
  unauthenticated: { status: 401, title: "Authentication required" },
  "not-found": { status: 404, title: "Not found" },
  "pair-not-found": { status: 404, title: "No such pair" },
  "replay-not-found": { status: 404, title: "No such replay" },
  "digest-not-found": { status: 404, title: "No such digest" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "pair-already-registered": { status: 409, title: "The pair is already registered" },
  "transition-forbidden": { status: 409, title: "The transition is not allowed" },
  "timeline-conflict": { status: 409, title: "The timeline would become invalid" },
  "retraction-invalid": { status: 409, title: "The retraction is not allowed" },
  "concurrency-conflict": { status: 409, title: "Too many concurrent writers" },
  "pair-full": { status: 409, title: "The pair holds the most events a pair may hold" },
  "pair-not-in-digest": { status: 409, title: "The digest predates the pair" },
  "ledger-diverged": { status: 409, title: "The ledger no longer reaches the digest's head" },
  "ledger-does-not-verify": { status: 409, title: "The ledger does not verify: no digest was published" },
  "replay-running": { status: 409, title: "A replay is already running" },
  "version-mismatch": { status: 412, title: "The pair has changed" },
  "body-too-large": { status: 413, title: "The request body is too large" },
  "event-too-large": { status: 413, title: "The event is too large to store" },
  "unsupported-media-type": { status: 415, title: "Send JSON" },
  validation: { status: 422, title: "The request is not valid" },
  "invalid-pair": { status: 422, title: "The request does not fit the pair" },
  "idempotency-key-reused": { status: 422, title: "The Idempotency-Key was used for another request" },
  "too-many-events": { status: 422, title: "The ledger is too large to check over HTTP" },
  "headers-too-large": { status: 431, title: "The request headers are too large" },
  internal: { status: 500, title: "Internal error" },
  "no-digest-destination": { status: 503, title: "Digests cannot be published here" },
  "no-digests": { status: 503, title: "No published digests here" },
} as const satisfies Record<string, { readonly status: number; readonly title: string }>;

export type ProblemSlug = keyof typeof PROBLEMS;
export type StatusOf<S extends ProblemSlug> = (typeof PROBLEMS)[S]["status"];

export const PROBLEM_TYPE_BASE = "https://sister-city-ledger.dev/problems/";
