/**
 * Which methods a path answers to, read from the app's own route table. Hono answers 404 for a
 * known path with a wrong method; with this the app answers 405 and an Allow header instead, and
 * applies body checks (415) only to requests that a route will take.
 */

export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

interface Matcher {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

/** `/pairs/:pairId` → /^\/pairs\/[^/]+$/; `:name{re}` keeps its own pattern. */
export function patternOf(path: string): RegExp {
  const parts = path.split("/").map((part) => {
    const param = /^:[\w-]+(?:\{(.+)\})?(\?)?$/.exec(part);
    if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return `(?:${param[1] ?? "[^/]+"})${param[2] ?? ""}`;
  });
  return new RegExp(`^${parts.join("/")}/?$`);
}

/**
 * Endpoints only: middleware is registered for all methods ("ALL") or on wildcard paths, and
 * neither makes a path answer to a method.
 */
export function createMethodIndex(routes: () => readonly RouteEntry[]) {
  let built: { size: number; matchers: Matcher[] } | undefined;

  function matchers(): Matcher[] {
    const all = routes();
    if (built?.size === all.length) return built.matchers;
    const byPath = new Map<string, Set<string>>();
    for (const r of all) {
      if (r.method === "ALL" || r.path.includes("*")) continue;
      const methods = byPath.get(r.path) ?? new Set<string>();
      methods.add(r.method.toUpperCase());
      if (r.method.toUpperCase() === "GET") methods.add("HEAD"); // Hono answers HEAD from GET
      byPath.set(r.path, methods);
    }
    const list = [...byPath].map(([path, methods]) => ({ pattern: patternOf(path), methods }));
    built = { size: all.length, matchers: list };
    return list;
  }

  return {
    /** The methods some route accepts at this path, sorted; empty when no route has the path. */
    allowed(path: string): string[] {
      const methods = new Set<string>();
      for (const m of matchers()) if (m.pattern.test(path)) for (const x of m.methods) methods.add(x);
      return [...methods].sort();
    },
  };
}
