/** The problem+json schema (RFC 9457) and the documented error answers built on it. */
// zod as a namespace import (never `{ z }` from @hono/zod-openapi): the Lambda bundle then keeps
// only the parts of zod in use (BENCHMARKS.md). The import before it adds `.openapi()`.
import "@hono/zod-openapi";
import * as z from "zod";
import { problemExamples } from "./examples.js";
import { once } from "./lazy.js";

// Built on first use: only the OpenAPI generator reads it (answers are typed by problem.ts): lazy.ts.
export const ProblemSchema = once(() =>
  z
    .object({
      type: z.string().openapi({ description: "a URI naming the kind of problem" }),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      instance: z.string().optional().openapi({ description: "the request path" }),
      code: z.string().optional().openapi({ description: "the ledger's error code, for programs" }),
      errors: z
        .array(
          z.object({
            in: z.enum(["body", "query", "header", "path"]),
            pointer: z
              .string()
              .openapi({ description: "JSON Pointer (RFC 6901) into the body, or /name of a parameter" }),
            detail: z.string(),
          }),
        )
        .optional(),
    })
    .passthrough()
    .openapi("Problem", {
      description: "RFC 9457 problem details",
      example: {
        type: "https://sister-city-ledger.dev/problems/validation",
        title: "The request is not valid",
        status: 422,
        detail: "1 invalid field(s) in the request body",
        instance: "/pairs",
        errors: [
          {
            in: "body",
            pointer: "/cityA/country",
            detail: "must be an ISO 3166-1 alpha-2 code in capitals, e.g. US",
          },
        ],
      },
    }),
);

/** A documented problem+json answer, with an example for its status. */
export const problemResponse = (description: string, status?: number) => ({
  description,
  content: {
    "application/problem+json": {
      get schema() {
        return ProblemSchema();
      },
      example: { ...(problemExamples[status ?? 0] ?? problemExamples[400]), ...(status ? { status } : {}) },
    },
  },
});

/** Errors any route can answer. */
export const commonErrors = {
  500: problemResponse("unexpected error: nothing was written unless a version was returned", 500),
};
