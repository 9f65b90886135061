/** Validation failures from zod-openapi become 422 problem+json with a pointer per field. */
import type { Hook } from "@hono/zod-openapi";
import { fieldErrors, sendProblem, validationProblem } from "./problem.js";

export const defaultHook: Hook<unknown, any, any, any> = (result, c) => {
  if (result.success) return;
  const where = result.target === "json" ? "request body" : `${result.target}`;
  const prefix = result.target === "json" ? "" : `#${result.target}`;
  return sendProblem(c, validationProblem(fieldErrors(result.error.issues, prefix), where));
};
