/**
 * An unknown query parameter is refused (422), never ignored: `GET /pairs?asOf=2022` must not
 * answer with today's statuses as if the date had been applied, nor `?stauts=` with every pair.
 * The names each API route takes are read from its declaration (the same one the OpenAPI document
 * is generated from), so they cannot drift apart.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./auth.js";
import { type FieldError, sendProblem, validationProblem } from "./problem.js";
import { patternOf } from "./routing.js";

/** A declared route as the OpenAPI registry holds it: only what this guard reads. */
export interface DeclaredRoute {
  readonly method: string;
  /** OpenAPI form: `/pairs/{pairId}`. */
  readonly path: string;
  readonly request?: { readonly query?: unknown };
}

interface Entry {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

const namesOf = (query: unknown): string[] => {
  const shape = (query as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
};

/** Routes outside the registry that also take no (or fixed) parameters. */
const OTHER_ROUTES: readonly DeclaredRoute[] = [
  { method: "get", path: "/openapi.json" },
  { method: "get", path: "/docs" },
];

export function unknownQueryGuard(routes: () => readonly DeclaredRoute[]): MiddlewareHandler<AppEnv> {
  let index: { size: number; entries: Entry[] } | undefined;
  const entries = () => {
    const all = routes();
    if (index?.size === all.length) return index.entries;
    // A route's names are read from its query schema on its first request with a query string
    // (schemas are built on first use: functions/app/schemas/lazy.ts).
    const list = [...all, ...OTHER_ROUTES].map((r): Entry => {
      let names: string[] | undefined;
      return {
        method: r.method.toUpperCase(),
        pattern: patternOf(r.path.replace(/\{([^}]+)\}/g, ":$1")),
        get names() {
          names ??= namesOf(r.request?.query);
          return names;
        },
      };
    });
    index = { size: all.length, entries: list };
    return list;
  };
  return async (c, next) => {
    const url = c.req.url;
    if (!url.includes("?")) return next();
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const entry = entries().find((e) => e.method === method && e.pattern.test(c.req.path));
    if (!entry) return next();
    const given = [...new URL(url).searchParams.keys()];
    const unknown = [...new Set(given.filter((name) => !entry.names.includes(name)))];
    if (unknown.length === 0) return next();
    const takes =
      entry.names.length > 0
        ? `this route takes ${entry.names.join(", ")}`
        : "this route takes no query parameters";
    const errors: FieldError[] = unknown.map((name) => ({
      in: "query",
      pointer: `/${name}`,
      detail: `unknown query parameter "${name}": ${takes}`,
    }));
    return sendProblem(c, validationProblem(errors, "query parameters"));
  };
}
