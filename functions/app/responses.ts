/**
 * Typed answers for what hono cannot type from a route's declaration. A route handler must return
 * one of the answers its route declares; JSON and problem+json are typed by hono and by
 * sendProblem (problem.ts). A streamed non-JSON body (NDJSON) is not, so `streamed` is the one
 * place that says: this Response is the route's declared 200.
 */
import type { RouteConfig, RouteConfigToTypedResponse } from "@hono/zod-openapi";

export function streamed<R extends RouteConfig>(
  _route: R,
  response: Response,
): RouteConfigToTypedResponse<R> {
  return response as unknown as RouteConfigToTypedResponse<R>;
}
