/**
 * RFC 9457 problem details: the one shape of every 4xx/5xx answer, and the one place where
 * domain and ledger errors become HTTP statuses (an exhaustive switch).
 */
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";
import type { z } from "zod";
import type { LedgerError } from "../application/ledger.js";
import { type Issue, issueText } from "./issue-text.js";
import type { ProblemSchema } from "./schemas/problems.js";
import { PROBLEM_TYPE_BASE, PROBLEMS, type ProblemSlug, type StatusOf } from "./problem-catalogue.js";

export { PROBLEM_TYPE_BASE };

export type FieldLocation = "body" | "query" | "header" | "path";

export interface FieldError {
  /** Where the field is: the JSON body or a parameter. */
  readonly in: FieldLocation;
  /** JSON Pointer (RFC 6901) into the body, or `/name` of the parameter. */
  readonly pointer: string;
  readonly detail: string;
}

export interface Problem<S extends number = number> {
  readonly type: string;
  readonly title: string;
  readonly status: S;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extra: string]: unknown;
}

/** A problem of a kind in the catalogue: its status and title come from there. */
export function problem<K extends ProblemSlug>(
  slug: K,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem<StatusOf<K>> {
  const { status, title } = PROBLEMS[slug];
  return { type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail, ...extra };
}

/** What a problem+json answer carries, as the routes' declared answers type it. */
export type ProblemBody = JSONParsed<z.infer<ReturnType<typeof ProblemSchema>>>;

export type ProblemResponse<S extends number> = Response &
  TypedResponse<ProblemBody, S & ContentfulStatusCode, "json">;

/**
 * The one typed answer for problems: a problem+json body whose status is the problem's, typed so
 * that a route handler may return it for any status the route declares (the compiler checks the
 * status; the conformance test checks the body against the document).
 */
export function sendProblem<S extends number>(
  c: Context,
  p: Problem<S>,
  headers: Record<string, string> = {},
): ProblemResponse<S> {
  const response = c.body(JSON.stringify({ ...p, instance: c.req.path }), p.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
    ...headers,
  });
  // hono types c.body() as untyped; the body is JSON of ProblemBody, as the route declares.
  return response as unknown as ProblemResponse<S>;
}

const SERVER_SET = new Set(["recordedAt", "recordedBy"]);

/** Zod issues as field errors with JSON pointers: one per field, its messages joined. */
export function fieldErrors(
  issues: readonly (Issue & { readonly keys?: readonly string[] })[],
  location: FieldLocation = "body",
): FieldError[] {
  const pointer = (path: readonly PropertyKey[]) =>
    path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
  const all: FieldError[] = issues.flatMap((i) =>
    i.code === "unrecognized_keys" && i.keys
      ? i.keys.map((k) => ({
          in: location,
          pointer: pointer([...i.path, k]),
          detail: SERVER_SET.has(k)
            ? `${k} is set by the server (from the clock and your identity), never by the body`
            : `unknown ${location === "body" ? "field" : "parameter"} "${k}"`,
        }))
      : [{ in: location, pointer: pointer(i.path), detail: issueText(i) }],
  );
  const byField = new Map<string, FieldError>();
  for (const e of all) {
    const seen = byField.get(e.pointer);
    byField.set(e.pointer, seen ? { ...seen, detail: `${seen.detail}; ${e.detail}` } : e);
  }
  return [...byField.values()];
}

export function validationProblem(errors: FieldError[], where = "request body"): Problem<422> {
  return problem("validation", `${errors.length} invalid field(s) in the ${where}`, { errors });
}

/** Each ledger error's kind of problem (exhaustive: a new error code must be given one). */
const LEDGER_PROBLEMS = {
  PAIR_NOT_FOUND: "pair-not-found",
  PAIR_ALREADY_REGISTERED: "pair-already-registered",
  SAME_CITY: "invalid-pair",
  OTHER_CITIES: "invalid-pair",
  UNKNOWN_ACTOR: "invalid-pair",
  DATE_TOO_FAR_AHEAD: "validation",
  TRANSITION_FORBIDDEN: "transition-forbidden",
  TIMELINE_CONFLICT: "timeline-conflict",
  RETRACTION_INVALID: "retraction-invalid",
  VERSION_MISMATCH: "version-mismatch",
  CONCURRENCY_CONFLICT: "concurrency-conflict",
  IDEMPOTENCY_KEY_REUSED: "idempotency-key-reused",
  EVENT_TOO_LARGE: "event-too-large",
  PAIR_FULL: "pair-full",
} as const satisfies Record<LedgerError["code"], ProblemSlug>;

/** What a program needs beside the message: the rule, the versions, the limit. */
function ledgerErrorFields(e: LedgerError): Record<string, unknown> {
  switch (e.code) {
    case "PAIR_NOT_FOUND":
      return { pairId: e.pairId };
    case "PAIR_ALREADY_REGISTERED":
      return { pairId: e.pairId, pair: `/pairs/${e.pairId}` };
    case "SAME_CITY":
    case "OTHER_CITIES":
    case "UNKNOWN_ACTOR":
    case "IDEMPOTENCY_KEY_REUSED":
      return {};
    case "DATE_TOO_FAR_AHEAD":
      return { errors: [{ in: "body", pointer: "/effectiveDate", detail: e.message }], latest: e.latest };
    case "TRANSITION_FORBIDDEN":
      return { rule: e.rule, from: e.from, eventType: e.eventType };
    case "TIMELINE_CONFLICT":
      return { rule: e.rule, conflictsWith: e.conflictsWith };
    case "RETRACTION_INVALID":
      return { retracts: e.retracts };
    case "VERSION_MISMATCH":
      return { expectedVersion: e.expected, currentVersion: e.current };
    case "CONCURRENCY_CONFLICT":
      return { currentVersion: e.current };
    case "PAIR_FULL":
      return { pairId: e.pairId, limit: e.limit };
    case "EVENT_TOO_LARGE":
      return { size: e.size, limit: e.limit };
    default: {
      const never: never = e;
      throw new Error(`unmapped ledger error ${JSON.stringify(never)}`);
    }
  }
}

/** A ledger error as a problem; its status type follows the error's code (narrow it to narrow this). */
export function ledgerErrorProblem<E extends LedgerError>(e: E) {
  const slug: (typeof LEDGER_PROBLEMS)[E["code"]] = LEDGER_PROBLEMS[e.code as E["code"]];
  return problem(slug, e.message, { code: e.code, ...ledgerErrorFields(e) });
}
