/**
 * RFC 9457 problem details: the one shape of every 4xx/5xx answer, and the one place where
 * domain and ledger errors become HTTP statuses (an exhaustive switch).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { LedgerError } from "../application/ledger.js";

export const PROBLEM_TYPE_BASE = "https://sister-city-ledger.dev/problems/";

export type FieldLocation = "body" | "query" | "header" | "path";

export interface FieldError {
  /** Where the field is: the JSON body or a parameter. */
  readonly in: FieldLocation;
  /** JSON Pointer (RFC 6901) into the body, or `/name` of the parameter. */
  readonly pointer: string;
  readonly detail: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  readonly [extra: string]: unknown;
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return { type: `${PROBLEM_TYPE_BASE}${slug}`, title, status, detail, ...extra };
}

export function sendProblem(c: Context, p: Problem, headers: Record<string, string> = {}) {
  return c.body(JSON.stringify({ ...p, instance: c.req.path }), p.status as ContentfulStatusCode, {
    "content-type": "application/problem+json",
    ...headers,
  });
}

const SERVER_SET = new Set(["recordedAt", "recordedBy"]);

/** Zod issues as field errors with JSON pointers: one per field, its messages joined. */
export function fieldErrors(
  issues: readonly {
    path: readonly PropertyKey[];
    message: string;
    code?: string;
    keys?: readonly string[];
  }[],
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
            : `unknown field "${k}"`,
        }))
      : [{ in: location, pointer: pointer(i.path), detail: i.message }],
  );
  const byField = new Map<string, FieldError>();
  for (const e of all) {
    const seen = byField.get(e.pointer);
    byField.set(e.pointer, seen ? { ...seen, detail: `${seen.detail}; ${e.detail}` } : e);
  }
  return [...byField.values()];
}

export function validationProblem(errors: FieldError[], where = "request body"): Problem {
  return problem(
    422,
    "validation",
    "The request is not valid",
    `${errors.length} invalid field(s) in the ${where}`,
    {
      errors,
    },
  );
}

export function ledgerErrorProblem(e: LedgerError): Problem {
  switch (e.code) {
    case "PAIR_NOT_FOUND":
      return problem(404, "pair-not-found", "No such pair", e.message, { code: e.code, pairId: e.pairId });
    case "PAIR_ALREADY_REGISTERED":
      return problem(409, "pair-already-registered", "The pair is already registered", e.message, {
        code: e.code,
        pairId: e.pairId,
        pair: `/pairs/${e.pairId}`,
      });
    case "SAME_CITY":
    case "UNKNOWN_ACTOR":
      return problem(422, "invalid-pair", "The request does not fit the pair", e.message, { code: e.code });
    case "TRANSITION_FORBIDDEN":
      return problem(409, "transition-forbidden", "The transition is not allowed", e.message, {
        code: e.code,
        rule: e.rule,
        from: e.from,
        eventType: e.eventType,
      });
    case "TIMELINE_CONFLICT":
      return problem(409, "timeline-conflict", "The timeline would become invalid", e.message, {
        code: e.code,
        rule: e.rule,
        conflictsWith: e.conflictsWith,
      });
    case "RETRACTION_INVALID":
      return problem(409, "retraction-invalid", "The retraction is not allowed", e.message, {
        code: e.code,
        retracts: e.retracts,
      });
    case "VERSION_MISMATCH":
      return problem(412, "version-mismatch", "The pair has changed", e.message, {
        code: e.code,
        expectedVersion: e.expected,
        currentVersion: e.current,
      });
    case "CONCURRENCY_CONFLICT":
      return problem(409, "concurrency-conflict", "Too many concurrent writers", e.message, {
        code: e.code,
        currentVersion: e.current,
      });
    case "IDEMPOTENCY_KEY_REUSED":
      return problem(
        422,
        "idempotency-key-reused",
        "The Idempotency-Key was used for another request",
        e.message,
        {
          code: e.code,
        },
      );
    case "PAIR_FULL":
      return problem(409, "pair-full", "The pair holds the most events a pair may hold", e.message, {
        code: e.code,
        pairId: e.pairId,
        limit: e.limit,
      });
    case "EVENT_TOO_LARGE":
      return problem(413, "event-too-large", "The event is too large to store", e.message, {
        code: e.code,
        size: e.size,
        limit: e.limit,
      });
    default: {
      const never: never = e;
      throw new Error(`unmapped ledger error ${JSON.stringify(never)}`);
    }
  }
}
