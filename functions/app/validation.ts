/** Validation failures from zod-openapi become 422 problem+json with a pointer per field. */
import type { Hook } from "@hono/zod-openapi";
import { type FieldLocation, fieldErrors, sendProblem, validationProblem } from "./problem.js";

const LOCATIONS: Record<string, FieldLocation> = {
  json: "body",
  query: "query",
  header: "header",
  param: "path",
};

// biome-ignore lint/suspicious/noExplicitAny: hono's Hook is generic over every route's env, path and input; the hook serves them all
export const defaultHook: Hook<unknown, any, any, any> = (result, c) => {
  if (result.success) return;
  const location = LOCATIONS[result.target] ?? "body";
  const where =
    location === "body" ? "request body" : location === "path" ? "path" : `${location} parameters`;
  return sendProblem(c, validationProblem(fieldErrors(result.error.issues, location), where));
};
