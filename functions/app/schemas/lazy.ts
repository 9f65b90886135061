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
