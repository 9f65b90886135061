/**
 * Generators of malformed, oversized, wrongly typed and hostile HTTP requests for the ledger app,
 * and the checks every answer must pass. Write requests are built so that none can be valid
 * (a definitely-invalid field, no identity, a stale If-Match, an existing pair, not JSON …): any
 * change to the ledger afterwards is a finding, as is any 5xx.
 */
import fc from "fast-check";
import { expect } from "vitest";

export const TOKEN = "hostile-token-0123456789abcdef";

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
  /** What makes a write invalid, for the failure message. */
  readonly why: string;
}

/** Strings a header may carry (fetch's Headers refuse CR, LF and NUL; so does Node's HTTP parser). */
const headerSafe = (s: string) => s.replace(/[\r\n\0]/g, "").replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");

const nasty = fc.constantFrom(
  "",
  " ",
  "\u202e\u0644\u0627",
  "\u200b\u200d\ufeff",
  "\ud83d\ude00".repeat(50),
  "\ud800",
  "\udfff\ud800",
  "Z\u0351\u0360\u036b\u0343\u036a\u0302",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9007199254740993",
  "0x10",
  "null",
  "undefined",
  "true",
  "[object Object]",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "../../etc/passwd",
  "%00",
  "%0d%0aX-Injected: yes",
  "\\r\\nX-Injected: yes",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${7*7}",
  "{{7*7}}",
  "$idem#key",
  "PAIR#x",
  "IDX#ALL",
  "STATS",
);

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => "x".repeat(n)) },
);

/** Any JSON value, with hostile keys and numbers. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.1 + 0.2, 2 ** 31, -(2 ** 63)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.nat({ max: 3000 }).map((d) => deepArray(d)),
);

function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

type Kind = "string" | "array" | "object" | "enum" | "date" | "number";

/** Paths into a valid body with the type each must have. */
const REGISTER_PATHS: [string[], Kind, boolean][] = [
  [["cityA"], "object", true],
  [["cityB"], "object", true],
  [["cityA", "name"], "string", true],
  [["cityA", "country"], "enum", true],
  [["cityA", "region"], "enum", false],
  [["cityB", "name"], "string", true],
  [["cityB", "country"], "enum", true],
  [["cityB", "aliases"], "array", false],
  [["relationship"], "enum", false],
  [["effectiveDate"], "date", true],
  [["actor"], "object", true],
  [["actor", "side"], "enum", true],
  [["sources"], "array", true],
  [["sources", "0"], "object", true],
  [["sources", "0", "url"], "enum", false],
  [["note"], "string", false],
  [["authority"], "object", false],
];

const CHANGE_PATHS: [string[], Kind, boolean][] = [
  [["type"], "enum", true],
  [["effectiveDate"], "date", true],
  [["actor"], "object", true],
  [["actor", "side"], "enum", true],
  [["sources"], "array", true],
  [["sources", "0"], "object", true],
  [["sources", "0", "citation"], "string", false],
  [["wording"], "string", false],
  [["note"], "string", false],
  [["proposed"], "enum", true],
];

const wrongTypeFor = (kind: Kind): fc.Arbitrary<unknown> =>
  hostileValue.filter((v) => {
    if (kind === "string" || kind === "enum" || kind === "date") return typeof v !== "string";
    if (kind === "array") return !Array.isArray(v);
    if (kind === "object") return v === null || typeof v !== "object" || Array.isArray(v);
    return typeof v !== "number";
  });

const badFormatFor = (kind: Kind, path: string[]): fc.Arbitrary<unknown> => {
  const last = path.at(-1);
  if (kind === "date")
    return fc.constantFrom(
      "2022-02-30",
      "2022-13",
      "99999",
      "\uff12\uff10\uff12\uff12",
      "2022-1-1",
      "0999",
      "2022-03-09T00:00:00Z",
      "",
    );
  // Codes are accepted in either case ("us", "us-or" are stored as US, US-OR), so a lower-case
  // code is no bad value; a code that is no code at all is.
  if (last === "country") return fc.constantFrom("u5", "XX", "\uff35\uff33", "USA", "", "U");
  if (last === "region") return fc.constantFrom("US", "RU-MOW", "us_or", "US-ORXX", "");
  if (last === "url")
    return fc.constantFrom(
      "javascript:alert(1)",
      "http://",
      "ftp://example.org",
      "file:///etc/passwd",
      "x".repeat(3000),
    );
  if (last === "side") return fc.constantFrom("", "BOTH", "nobody", "xx-unknown-city", "__proto__");
  if (kind === "enum") return fc.constantFrom("", "SISTER-CITY", "unknown", "__proto__", "constructor");
  // A name in another script is a name (transliterated for the id); a look-alike mix, an invisible
  // character, an empty or an over-long name is not.
  if (last === "name")
    return fc.constantFrom("", "   ", "Chicag\u043e", "Chi\u200bcago", "Mos\u202ecow", "x".repeat(201));
  if (last === "note") return fc.constant("x".repeat(4001));
  if (last === "citation") return fc.constantFrom("   ", "x".repeat(1001));
  if (last === "wording") return fc.constant("x".repeat(301));
  if (kind === "array") return fc.constant([]);
  return wrongTypeFor(kind);
};

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let cur: Record<string, unknown> = obj;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string, unknown>;
  const last = path.at(-1) as string;
  if (value === DELETE) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
}
const DELETE = Symbol("delete");

const KNOWN_KEYS = new Set([
  "cityA",
  "cityB",
  "relationship",
  "effectiveDate",
  "actor",
  "authority",
  "sources",
  "wording",
  "note",
  "type",
  "condition",
  "proposed",
  "retracts",
  "reason",
  "name",
  "country",
  "region",
  "wikidataId",
  "aliases",
  "side",
  "url",
  "citation",
  "retrievedOn",
  "body",
  "instrument",
  "vote",
]);

/** One mutation that alone makes the body invalid. */
const invalidating = (paths: [string[], Kind, boolean][], objects: string[][]) =>
  fc.oneof(
    // An unknown key (every object is strict), often a prototype-pollution name; placed anywhere.
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(
            "__proto__",
            "constructor",
            "prototype",
            "recordedBy",
            "recordedAt",
            "hash",
            "version",
            "pairId",
          ),
          hostileString,
        ),
        hostileValue,
        fc.constantFrom(...objects),
      )
      .filter(([k]) => !KNOWN_KEYS.has(k))
      .map(([key, value, at]) => ({
        what: `unknown key ${JSON.stringify(key)} at /${at.join("/")}`,
        path: [...at, key],
        value,
      })),
    fc
      .constantFrom(...paths)
      .chain(([path, kind]) =>
        wrongTypeFor(kind).map((value) => ({ what: `wrong type at /${path.join("/")}`, path, value })),
      ),
    fc
      .constantFrom(...paths.filter(([, , required]) => required))
      .map(([path]) => ({ what: `missing /${path.join("/")}`, path, value: DELETE as unknown })),
    fc
      .constantFrom(...paths)
      .chain(([path, kind]) =>
        badFormatFor(kind, path).map((value) => ({ what: `bad value at /${path.join("/")}`, path, value })),
      ),
  );

/** A valid-typed but hostile string somewhere (never enough alone to make a body invalid). */
const companion = (paths: [string[], Kind, boolean][]) =>
  fc
    .tuple(fc.constantFrom(...paths.filter(([p, kind]) => kind === "string" && p.at(-1) === "note")), nasty)
    .map(([[path], value]) => ({ what: "hostile note", path, value }));

function mutatedBody(
  valid: () => Record<string, unknown>,
  paths: [string[], Kind, boolean][],
  objects: string[][],
) {
  return fc
    .tuple(invalidating(paths, objects), fc.option(companion(paths), { nil: undefined }))
    .map(([m, extra]) => {
      const body = structuredClone(valid());
      // Companion first: the invalidating mutation may remove the object it lives in.
      if (extra && m.path[0] !== extra.path[0]) setPath(body, extra.path, extra.value);
      try {
        setPath(body, m.path, m.value);
      } catch {
        // The parent is gone (e.g. sources replaced): the body is still invalid through it.
      }
      return { text: JSON.stringify(body), why: m.what };
    });
}

const brokenJson = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "}",
    "[",
    "{'a':1}",
    '{"a":1,}',
    '{"a":01}',
    '{"a":NaN}',
    '{"a":1e999}',
    "null",
    "true",
    "1",
    '"string"',
    "[]",
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    "\ufeff{}",
    '{"a":"\\ud800"}',
    "123456789012345678901234567890",
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.nat({ max: 200_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  fc.nat({ max: 50_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  fc.nat({ max: 50_000 }).map((n) => `${"[".repeat(n)}`),
);

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/problem+json",
  "application/vnd.api+json",
  "application/json, text/plain",
  "application/jsonx",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/octet-stream",
  "json",
  "",
];

export interface Target {
  /** A registered pair (v2 after setup). */
  readonly pairId: string;
  /** The register body of that pair (registering it again is a conflict). */
  readonly registerBody: () => Record<string, unknown>;
  readonly changeBody: () => Record<string, unknown>;
}

const query = fc
  .dictionary(
    fc.constantFrom(
      "asOf",
      "knownAt",
      "limit",
      "cursor",
      "country",
      "city",
      "status",
      "q",
      "__proto__",
      "constructor",
      "prototype",
    ),
    fc.oneof(
      hostileString,
      fc.constantFrom(
        "-1",
        "0",
        "101",
        "1e309",
        "2022-02-30",
        "1944",
        "2022-03-09T00:00:00Z",
        "US",
        "active",
      ),
      fc.base64String({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? "").toString("base64url")),
    ),
    { maxKeys: 4 },
  )
  .map((q) => {
    const s = new URLSearchParams(q as Record<string, string>).toString();
    return s ? `?${s}` : "";
  });

const pathSegment = fc.oneof(
  hostileString.map((s) => encodeURIComponent((s as string & { toWellFormed(): string }).toWellFormed())),
  fc.constantFrom(
    "%",
    "%zz",
    "%00",
    "..",
    "%2e%2e",
    "a--b",
    "us-or-portland--ru-khabarovsk",
    "x".repeat(5000),
    "%C0%AF",
  ),
);

const pathFor = (t: Target) =>
  fc.oneof(
    fc.constantFrom(
      "/pairs",
      `/pairs/${t.pairId}`,
      `/pairs/${t.pairId}/events`,
      "/stats",
      "/health",
      "/openapi.json",
      "/",
      "/docs",
    ),
    pathSegment.map((s) => `/pairs/${s}`),
    pathSegment.map((s) => `/pairs/${s}/events`),
    pathSegment.map((s) => `/${s}`),
    fc.constantFrom(
      "//pairs",
      "/pairs/",
      "/PAIRS",
      `/pairs/${t.pairId}/events/1`,
      `/pairs/${t.pairId}//events`,
      "/pairs/../stats",
    ),
  );

const headerValue = fc
  .oneof(
    hostileString,
    fc.constantFrom('"1"', '"2"', "*", 'W/"2"', '"1", "2"', "2", "-1", '"99999999999999999999"'),
  )
  .map(headerSafe);

export function hostileRequest(t: Target): fc.Arbitrary<HostileRequest> {
  const auth = fc.oneof(
    { weight: 10, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "Bearer",
        `Bearer ${TOKEN}x`,
        `bearer  ${TOKEN}`,
        `Basic ${TOKEN}`,
        `Bearer ${TOKEN} extra`,
      ),
    },
    { weight: 1, arbitrary: hostileString.map((s) => headerSafe(`Bearer ${s}`)) },
  );
  const someHeaders = fc.record(
    {
      "if-match": headerValue,
      "idempotency-key": headerValue,
      "x-forwarded-for": headerValue,
      accept: headerValue,
      "content-length": fc.constantFrom("0", "-1", "99999999999"),
    },
    { requiredKeys: [] },
  );
  const extraHeaders = fc.oneof(
    { weight: 3, arbitrary: fc.constant({} as Partial<Record<string, string>>) },
    { weight: 1, arbitrary: someHeaders },
  );
  // Mostly JSON, so most requests get past the content-type check to the validators.
  const contentType = fc
    .tuple(fc.nat({ max: 9 }), fc.constantFrom(...CONTENT_TYPES))
    .map(([roll, other]) =>
      roll < 8 ? (roll % 2 ? "application/json; charset=utf-8" : "application/json") : other,
    );
  const writeBody = fc.oneof(
    mutatedBody(t.registerBody, REGISTER_PATHS, [[], ["cityA"], ["cityB"], ["actor"], ["sources", "0"]]).map(
      (b) => ({ path: "/pairs", ...b }),
    ),
    mutatedBody(t.changeBody, CHANGE_PATHS, [[], ["actor"], ["sources", "0"]]).map((b) => ({
      path: `/pairs/${t.pairId}/events`,
      ...b,
    })),
    brokenJson.map((text) => ({ path: `/pairs/${t.pairId}/events`, text, why: "not a JSON object" })),
    brokenJson.map((text) => ({ path: "/pairs", text, why: "not a JSON object" })),
    fc.constant({
      path: "/pairs",
      text: JSON.stringify({ ...t.registerBody(), note: "x".repeat(300_000) }),
      why: "too large",
    }),
    // Valid bodies that must still be refused: the pair exists, or the If-Match is stale.
    fc.constant({ path: "/pairs", text: JSON.stringify(t.registerBody()), why: "pair already registered" }),
  );
  const write = fc
    .record({
      w: writeBody,
      auth,
      type: fc.constantFrom(...CONTENT_TYPES),
      extra: extraHeaders,
      method: fc.constantFrom("POST", "post"),
    })
    .map(({ w, auth, type, extra, method }) => ({
      method,
      path: w.path,
      headers: {
        ...extra,
        ...(auth ? { authorization: auth } : {}),
        ...(type ? { "content-type": type } : {}),
      },
      body: w.text,
      why: w.why,
    }));
  const staleWrite = fc.record({ auth, extra: extraHeaders }).map(({ auth, extra }) => ({
    method: "POST",
    path: `/pairs/${t.pairId}/events`,
    headers: { ...extra, authorization: auth, "content-type": "application/json", "if-match": '"1"' },
    body: JSON.stringify(t.changeBody()),
    why: "stale If-Match",
  }));
  const valid = { ...t.changeBody() };
  const anonymousWrite = fc.constant({
    method: "POST",
    path: `/pairs/${t.pairId}/events`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(valid),
    why: "no identity",
  });
  const binaryWrite = fc.uint8Array({ maxLength: 300 }).map((bytes) => ({
    method: "POST",
    path: `/pairs/${t.pairId}/events`,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: bytes,
    why: "binary garbage",
  }));
  const other = fc
    .record({
      method: fc.constantFrom("GET", "HEAD", "OPTIONS", "DELETE", "PUT", "PATCH", "PROPFIND", "FOO", "get"),
      path: pathFor(t),
      q: query,
      auth,
      type: contentType,
      extra: extraHeaders,
      body: fc.option(fc.oneof(brokenJson, hostileString), { nil: undefined }),
    })
    .map(({ method, path, q, auth, type, extra, body }) => {
      const hasBody = !["GET", "HEAD", "get"].includes(method) && body !== undefined;
      return {
        method,
        path: `${path}${q}`,
        headers: { ...extra, authorization: auth, ...(type ? { "content-type": type } : {}) },
        ...(hasBody ? { body } : {}),
        why: "read or unsupported method",
      };
    });
  return fc.oneof(
    { weight: 6, arbitrary: write },
    { weight: 1, arbitrary: staleWrite },
    { weight: 1, arbitrary: anonymousWrite },
    { weight: 1, arbitrary: binaryWrite },
    { weight: 4, arbitrary: other },
  );
}

/** Builds the Request the app sees; content-length is left to fetch (a wrong one never gets that far). */
export function toRequest(r: HostileRequest, base = "http://localhost"): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(r.headers)) if (k !== "content-length") headers.set(k, v);
  return new Request(`${base}${r.path}`, {
    method: r.method,
    headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/** The answer to a hostile request: never 5xx; a 4xx is problem+json; a write never succeeds. */
export async function expectRefusedOrRead(r: HostileRequest, res: Response) {
  const label = `${r.method} ${r.path.slice(0, 200)} (${r.why}) → ${res.status}`;
  expect(res.status, label).toBeLessThan(500);
  const method = r.method.toUpperCase();
  if (!READ_METHODS.has(method)) expect(res.status, label).toBeGreaterThanOrEqual(400);
  for (const [k, v] of res.headers)
    expect(/[\r\n]/.test(v) || /injected/i.test(k), `${label}: header ${k}`).toBe(false);
  // The status board (issue 7) answers people with HTML pages, its errors included.
  const board =
    READ_METHODS.has(method) &&
    /^\/(?:board\/|[?#]|$)/.test(
      new URL(res.url || `http://x${r.path}`).pathname.replace(/^\/pairs\/(?:%2e|\.){2}/i, "/"),
    );
  if (res.status >= 400 && !(board && res.headers.get("content-type")?.startsWith("text/html"))) {
    expect(res.headers.get("content-type"), label).toBe("application/problem+json");
    if (method !== "HEAD") {
      const body = (await res.json()) as Record<string, unknown>;
      expect(body, label).toMatchObject({
        status: res.status,
        type: expect.any(String),
        title: expect.any(String),
      });
    }
  } else {
    await res.arrayBuffer();
  }
}

/**
 * Send `runs` hostile requests to the app; every answer below 500 must pass expectRefusedOrRead.
 * The 5xx answers are collected, one example per cause (what the app's error handler recorded in
 * `unexpected`), so that one run reports every distinct one: cause → request.
 */
export async function serverErrorsOf(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  target: Target,
  unexpected: readonly unknown[],
  runs: number,
): Promise<Record<string, string>> {
  const serverErrors = new Map<string, string>();
  await fc.assert(
    fc.asyncProperty(hostileRequest(target), async (r) => {
      const seen = unexpected.length;
      const res = await app.fetch(toRequest(r));
      if (res.status >= 500) {
        const cause = unexpected[seen];
        const key = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        serverErrors.set(key, `${r.method} ${r.path.slice(0, 200)}`);
        return;
      }
      await expectRefusedOrRead(r, res);
    }),
    { numRuns: runs },
  );
  return Object.fromEntries(serverErrors);
}
