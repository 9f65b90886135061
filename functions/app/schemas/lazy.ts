/**
 * Schemas built on first use: only the OpenAPI document reads the answers' schemas (generated at
 * build time beside the Lambda bundle, and by the full @hono/zod-openapi locally), and a route's
 * request schemas are built on its first request, so the Lambda's cold start builds neither
 * (BENCHMARKS.md, "Issue 12"; docs/maintaining.md#lazy-schemas).
 */
import { once } from "../../shared/once.js";

export { once };

/** A JSON body whose schema is built when first read (by the OpenAPI generator), with the rest of its entry (an example). */
export const jsonContent = <S, E extends object = Record<never, never>>(schema: () => S, rest?: E) => ({
  "application/json": {
    get schema() {
      return schema();
    },
    ...(rest as E),
  },
});

/**
 * A route's request parts, each built when first read: by the route's first request in the
 * Lambda (its lean router builds validators then: functions/http/zod-openapi-lean.ts), or by the
 * OpenAPI generator and the full @hono/zod-openapi locally. Each part is a function returning its
 * schema (a `once` schema module export is one), and is built once.
 */
export function lazyRequest<R extends Record<string, unknown>>(
  parts: { readonly [K in keyof R]: () => R[K] },
): R {
  const request = {} as R;
  for (const key of Object.keys(parts) as (keyof R)[]) {
    const part = once(parts[key]);
    Object.defineProperty(request, key, { enumerable: true, get: part });
  }
  return request;
}
