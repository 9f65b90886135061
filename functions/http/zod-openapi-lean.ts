/**
 * What the HTTP Lambda bundle gets for `import ... from "@hono/zod-openapi"` (an esbuild alias
 * set in infra/constructs/ledger-function.ts): the same routing and validation, without the
 * OpenAPI generator. The document is generated at build time from the very same route
 * declarations (functions/http/write-openapi.ts) and shipped beside the bundle as openapi.json;
 * here `getOpenAPI31Document` reads that file. What this saves is @asteasolutions/zod-to-openapi
 * and the parts of zod only it uses (JSON Schema conversion): see BENCHMARKS.md.
 *
 * Behaviour kept from @hono/zod-openapi 1.6, which tests and local runs use: each declared
 * request part (query, params, headers, cookies, JSON body) is validated by @hono/zod-validator
 * with the route's hook or the app's default hook; a route is registered in `openAPIRegistry`
 * (the unknown-query guard reads it); sub-apps mounted with `route()` pass their routes up.
 */
import { readFileSync } from "node:fs";
import { zValidator } from "@hono/zod-validator";
// hono/tiny: Hono with its PatternRouter, the smallest of its routers (about 6 KB less than the
// default SmartRouter of RegExpRouter and TrieRouter); the API's few dozen routes do not need more.
import { Hono } from "hono/tiny";
import { every } from "hono/combine";
import { HTTPException } from "hono/http-exception";
import { ZodType } from "zod";

/** Where the build step writes the document: beside the bundle's index.mjs. */
export const OPENAPI_FILE = "openapi.json";

// `.openapi(...)` only carries documentation; at run time it is the schema itself.
const proto = ZodType.prototype as unknown as { openapi?: unknown };
proto.openapi ??= function (this: unknown) {
  return this;
};

// Re-exported as a namespace, never taken as a value: esbuild then keeps only the parts of zod
// that are used, instead of all of it.
export * as z from "zod";

// biome-ignore lint/suspicious/noExplicitAny: the real package's types are used at compile time.
type Any = any;

export const createRoute = (route: Any) =>
  Object.defineProperty({ ...route }, "getRoutingPath", {
    enumerable: false,
    value: () => route.path.replaceAll(/\/{(.+?)}/g, "/:$1"),
  });

const JSON_MEDIA = /^application\/([a-z-.]+\+)?json/i;

class Registry {
  readonly definitions: Any[] = [];
  registerPath(route: Any) {
    this.definitions.push({ type: "route", route });
  }
  registerComponent(componentType: string, name: string, component: Any) {
    this.definitions.push({ type: "component", componentType, name, component });
  }
}

let built: { paths: Any; components: Any } | undefined;
function builtDocument() {
  built ??= JSON.parse(readFileSync(new URL(`./${OPENAPI_FILE}`, import.meta.url), "utf8"));
  return built as { paths: Any; components: Any };
}

export class OpenAPIHono extends Hono<Any> {
  readonly openAPIRegistry = new Registry();
  defaultHook: Any;
  parentApp: OpenAPIHono | undefined;

  constructor(init?: Any) {
    super(init);
    this.defaultHook = init?.defaultHook;
  }

  private hook(): Any {
    for (let app: OpenAPIHono | undefined = this; app; app = app.parentApp)
      if (app.defaultHook) return app.defaultHook;
    return undefined;
  }

  openapi = ({ middleware, hide, ...route }: Any, handler: Any, hook?: Any) => {
    if (!hide) this.openAPIRegistry.registerPath(route);
    const effective = hook ?? ((result: Any, c: Any) => this.hook()?.(result, c));
    // The validators, and with them the request schemas (which routes declare with getters:
    // functions/app/schemas/lazy.ts), are built on the route's first request: a cold start builds
    // only what the request it answers needs.
    let validators: Any;
    const validate = (c: Any, next: Any) => {
      validators ??= every(...validatorsOf(route.request ?? {}, effective));
      return validators(c, next);
    };
    const mw = middleware ? (Array.isArray(middleware) ? middleware : [middleware]) : [];
    this.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")], ...mw, validate, handler);
    return this;
  };

  override route(path: string, app: Any): Any {
    super.route(path, app);
    if (!(app instanceof OpenAPIHono)) return this;
    app.parentApp ??= this;
    for (const def of app.openAPIRegistry.definitions) {
      if (def.type === "route")
        this.openAPIRegistry.registerPath({ ...def.route, path: join(path, def.route.path) });
      else this.openAPIRegistry.definitions.push(def);
    }
    return this;
  }

  /** The built document's paths and schemas, under the configuration given at run time. */
  getOpenAPI31Document = (config: Any) => {
    const { paths, components } = builtDocument();
    const registered: Record<string, Record<string, unknown>> = {};
    for (const def of this.openAPIRegistry.definitions)
      if (def.type === "component") {
        const components = registered[def.componentType] ?? {};
        components[def.name] = def.component;
        registered[def.componentType] = components;
      }
    const merged = { ...components };
    for (const [kind, entries] of Object.entries(registered)) merged[kind] = { ...merged[kind], ...entries };
    return { ...config, paths, components: merged };
  };
}

/** What @hono/zod-openapi validates of a request: each declared part, and a JSON body's type. */
function validatorsOf(request: Any, hook: Any): Any[] {
  const validators: Any[] = [];
  if (request.query) validators.push(zValidator("query", request.query, hook));
  if (request.params) validators.push(zValidator("param", request.params, hook));
  if (request.headers) validators.push(zValidator("header", request.headers, hook));
  if (request.cookies) validators.push(zValidator("cookie", request.cookies, hook));
  const content = request.body?.content ?? {};
  const json = Object.keys(content).find((m) => JSON_MEDIA.test(m) && content[m]?.schema?.safeParse);
  if (json) {
    validators.push(async (c: Any, next: Any) => {
      const type = c.req.header("content-type");
      if (type ? !JSON_MEDIA.test(type) : c.req.raw.body !== null)
        throw new HTTPException(415, { message: "Unsupported Media Type" });
      await next();
    });
    validators.push(zValidator("json", content[json].schema, hook));
  }
  return validators;
}

const join = (base: string, path: string) =>
  base === "/" || base === "" ? path : `${base.replace(/\/$/, "")}${path}`;

export const extendZodWithOpenApi = () => {};
