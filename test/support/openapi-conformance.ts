/**
 * Checks HTTP answers against the app's own OpenAPI document: the status is documented for the
 * operation, the content type is one the document names, the body validates against the
 * response schema (JSON Schema 2020-12, as OpenAPI 3.1 says), and required headers are present.
 * Unknown paths must answer 404 and known paths with an undocumented method 405 (with Allow),
 * both as problem+json. Also checks that every request and response has an example that
 * validates. The HTTP suites run every answer they get through `check`.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Json>>;
  readonly components?: Json;
  readonly [key: string]: unknown;
}

export interface Answer {
  readonly method: string;
  /** The request path, without the query string. */
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  /** The raw body text. */
  readonly text: string;
}

/** Paths that are for people, not for the API, and so not in the document (docs, the status board). */
const NOT_API = [/^\/docs(?:\/|$)/, /^\/openapi\.json$/, /^\/$/, /^\/board\//, /^\/export\.csv$/];

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

const DOC_ID = "urn:sister-city-ledger:openapi";

/** Local refs (#/components/...) point into the registered document. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema && typeof schema === "object") {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOC_ID}${v}` : rebase(v),
      ]),
    );
  }
  return schema;
}

const mediaType = (header: string | null) => (header ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  return new RegExp(`^${escaped}$`);
}

export function createConformance(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document as Json, DOC_ID);
  const compiled = new Map<unknown, ValidateFunction>();
  const validator = (schema: unknown) => {
    let v = compiled.get(schema);
    if (!v) {
      v = ajv.compile(rebase(schema) as Json);
      compiled.set(schema, v);
    }
    return v;
  };
  const problemSchema = { $ref: "#/components/schemas/Problem" };
  const templates = Object.keys(document.paths).map((t) => ({ template: t, pattern: templateRegex(t) }));
  const seen = new Set<string>();

  const errorsOf = (v: ValidateFunction) =>
    (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim()).join("; ");

  function checkJson(schema: unknown, text: string, where: string): string[] {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [`${where}: the body is not JSON: ${text.slice(0, 100)}`];
    }
    const v = validator(schema);
    return v(body) ? [] : [`${where}: the body does not match the schema: ${errorsOf(v)}`];
  }

  function checkProblem(a: Answer, where: string): string[] {
    const issues: string[] = [];
    if (mediaType(a.headers.get("content-type")) !== "application/problem+json")
      issues.push(`${where}: content type ${a.headers.get("content-type")}, not application/problem+json`);
    issues.push(...checkJson(problemSchema, a.text, where));
    try {
      const body = JSON.parse(a.text) as Json;
      if (body.status !== a.status)
        issues.push(`${where}: problem status ${body.status} is not the HTTP status`);
    } catch {
      // reported above
    }
    return issues;
  }

  /** Every way the answer departs from the document; empty when it conforms. */
  function check(a: Answer): string[] {
    const where = `${a.method} ${a.path} → ${a.status}`;
    if (NOT_API.some((p) => p.test(a.path))) return [];
    const match = templates.find((t) => t.pattern.test(a.path));
    if (!match)
      return a.status === 404
        ? checkProblem(a, where)
        : [`${where}: no documented path, so 404 was expected`];
    const item = document.paths[match.template] ?? {};
    const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
    const method = a.method.toUpperCase() === "HEAD" && !item.head ? "GET" : a.method.toUpperCase();
    const operation = item[method.toLowerCase()] as Json | undefined;
    if (!operation) {
      const issues =
        a.status === 405 ? checkProblem(a, where) : [`${where}: undocumented method, so 405 was expected`];
      const allow = (a.headers.get("allow") ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean);
      const expected = [...new Set([...documented, ...(documented.includes("GET") ? ["HEAD"] : [])])].sort();
      if (a.status === 405 && allow.sort().join(",") !== expected.join(","))
        issues.push(`${where}: Allow is "${allow.join(", ")}", the document says ${expected.join(", ")}`);
      return issues;
    }
    seen.add(`${method} ${match.template} ${a.status}`);
    const responses = (operation.responses ?? {}) as Record<string, Json>;
    const response =
      responses[String(a.status)] ?? responses[`${String(a.status)[0]}XX`] ?? responses.default;
    if (!response) return [`${where}: status ${a.status} is not documented for ${method} ${match.template}`];
    const issues: string[] = [];
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>))
      if (header.required && !a.headers.has(name))
        issues.push(`${where}: required header ${name} is missing`);
    const content = response.content as Record<string, Json> | undefined;
    if (!content) return issues;
    const type = mediaType(a.headers.get("content-type"));
    const media = content[type];
    if (!media)
      return [...issues, `${where}: content type ${type} is not one of ${Object.keys(content).join(", ")}`];
    if (method === "HEAD") return issues;
    if (type.endsWith("json")) issues.push(...checkJson(media.schema, a.text, where));
    if (type === "application/problem+json") issues.push(...checkProblem(a, where));
    return issues;
  }

  /** Documented operations (method and path) that no checked answer exercised. */
  function unexercised(): string[] {
    const hit = new Set([...seen].map((s) => s.split(" ").slice(0, 2).join(" ")));
    return Object.entries(document.paths).flatMap(([template, item]) =>
      METHODS.filter((m) => item[m])
        .map((m) => `${m.toUpperCase()} ${template}`)
        .filter((op) => !hit.has(op)),
    );
  }

  /** Operation and status pairs that answers exercised, e.g. "POST /pairs 201". */
  const exercised = () => [...seen].sort();

  /**
   * Every request body, parameter and response of every operation has an example, and every
   * example validates against its schema.
   */
  function exampleIssues(): string[] {
    const issues: string[] = [];
    const schemaOf = (s: unknown): Json | undefined => {
      const ref = (s as Json | undefined)?.$ref;
      if (typeof ref !== "string") return s as Json | undefined;
      const name = ref.split("/").at(-1) ?? "";
      return ((document.components?.schemas ?? {}) as Record<string, Json>)[name];
    };
    const examplesOf = (media: Json): unknown[] => {
      const named = Object.values((media.examples ?? {}) as Record<string, Json>).map((e) => e.value);
      const own = "example" in media ? [media.example] : [];
      const fromSchema = schemaOf(media.schema)?.example;
      return [...own, ...named, ...(fromSchema === undefined ? [] : [fromSchema])];
    };
    const checkMedia = (media: Json, where: string) => {
      const examples = examplesOf(media);
      if (examples.length === 0) issues.push(`${where}: no example`);
      const v = validator(media.schema);
      examples.forEach((e, i) => {
        if (!v(e)) issues.push(`${where}: example ${i} does not validate: ${errorsOf(v)}`);
      });
    };
    for (const [template, item] of Object.entries(document.paths))
      for (const m of METHODS) {
        const op = item[m] as Json | undefined;
        if (!op) continue;
        const at = `${m.toUpperCase()} ${template}`;
        for (const p of (op.parameters ?? []) as Json[]) {
          const example = p.example ?? (p.schema as Json | undefined)?.example;
          if (example === undefined) issues.push(`${at} parameter ${p.name}: no example`);
          else if (!validator(p.schema)(example))
            issues.push(`${at} parameter ${p.name}: example does not validate`);
        }
        const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
        for (const [type, media] of Object.entries(body ?? {})) checkMedia(media, `${at} request ${type}`);
        for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>))
          for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>))
            checkMedia(media, `${at} ${status} ${type}`);
      }
    return issues;
  }

  return { check, unexercised, exercised, exampleIssues };
}

export type Conformance = ReturnType<typeof createConformance>;
