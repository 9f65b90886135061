/**
 * `x-content-type-options: nosniff` on every answer of the API and the board. Set on the answer's
 * own headers after the handler, as hono's secureHeaders does: `c.header` after the answer is made
 * rebuilds it, which on the local server (@hono/node-server) turns its light Response into a full
 * fetch Response with a stream body, about a third of a GET's CPU there (BENCHMARKS.md, "Issue 12").
 */
import type { MiddlewareHandler } from "hono";

export const noSniff: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("x-content-type-options", "nosniff");
};
