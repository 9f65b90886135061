/**
 * The lean router the HTTP Lambda bundles in place of @hono/zod-openapi (an esbuild alias): it
 * validates what a route declares, as the full package does, and builds a route's request schemas
 * on the route's first request (declared with lazyRequest), so a cold start builds only what the
 * request it answers needs. The bundle tests run it inside the bundle CDK builds; this runs it alone.
 */
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { lazyRequest } from "../../functions/app/schemas/lazy.js";
import { OpenAPIHono, createRoute } from "../../functions/http/zod-openapi-lean.js";

function countedRoute() {
  const built = { params: 0, query: 0, body: 0 };
  const counted =
    <T>(part: keyof typeof built, build: () => T) =>
    () => {
      built[part]++;
      return build();
    };
  const route = createRoute({
    method: "post",
    path: "/things/{id}",
    request: lazyRequest({
      params: counted("params", () => z.object({ id: z.string().regex(/^[a-z]+$/) })),
      query: counted("query", () => z.object({ dry: z.enum(["yes", "no"]).optional() })),
      body: counted("body", () => ({
        content: { "application/json": { schema: z.object({ n: z.number().int() }) } },
      })),
    }),
    responses: {},
  });
  const app = new OpenAPIHono({
    defaultHook: (
      result: { success: boolean; target: string },
      c: { json: (b: unknown, s: number) => unknown },
    ) => (result.success ? undefined : c.json({ invalid: result.target }, 422)),
  }).openapi(route, (c: { json: (b: unknown) => Response; req: { valid: (t: string) => unknown } }) =>
    c.json({ params: c.req.valid("param"), query: c.req.valid("query"), body: c.req.valid("json") }),
  );
  const post = (path: string, body: unknown, type = "application/json") =>
    app.request(path, { method: "POST", headers: { "content-type": type }, body: JSON.stringify(body) });
  return { built, post };
}

describe("the HTTP Lambda's lean router", () => {
  it("builds a route's request schemas on its first request, once", async () => {
    const { built, post } = countedRoute();
    expect(built).toEqual({ params: 0, query: 0, body: 0 });
    const ok = await post("/things/abc?dry=yes", { n: 1 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ params: { id: "abc" }, query: { dry: "yes" }, body: { n: 1 } });
    await post("/things/def", { n: 2 });
    expect(built).toEqual({ params: 1, query: 1, body: 1 });
  });

  it("answers each invalid part through the hook, and a body that is not JSON with 415", async () => {
    const { post } = countedRoute();
    expect(await (await post("/things/ABC", { n: 1 })).json()).toEqual({ invalid: "param" });
    expect(await (await post("/things/abc?dry=maybe", { n: 1 })).json()).toEqual({ invalid: "query" });
    const bad = await post("/things/abc", { n: 1.5 });
    expect([bad.status, await bad.json()]).toEqual([422, { invalid: "json" }]);
    expect((await post("/things/abc", { n: 1 }, "text/plain")).status).toBe(415);
  });
});
