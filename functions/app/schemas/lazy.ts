/**
 * A value built on its first use, then kept. The audit routes' answer schemas go through it: only
 * the OpenAPI document reads them (generated at build time beside the Lambda bundle, and by the
 * full @hono/zod-openapi locally), so the Lambda's cold start does not build them (BENCHMARKS.md,
 * "Issue 12").
 */
export function once<T>(build: () => T): () => T {
  let built: { readonly value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** A JSON body whose schema is built when first read (by the OpenAPI generator). */
export const jsonContent = <S>(schema: () => S) => ({
  "application/json": {
    get schema() {
      return schema();
    },
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
