/**
 * Lists from the read model: every filter is served by a Query on one index partition (ALL,
 * COUNTRY#, CITY#, STATUS#), never a Scan. Each entry says the version it reflects; pages are in
 * pair-id order and resume after the last id, so they stay stable while pairs are written.
 */
import { OpenAPIHono, createRoute } from "@hono/zod-openapi";
import type * as z from "zod";
import type { Context } from "hono";
import { isInvalidCursor, type PairFilter, type ReadModelReader } from "../../ports/read-model.js";
import { latestDay } from "../../../domain/index.js";
import type { AppEnv } from "../auth.js";
import { problem, sendProblem } from "../problem.js";
import {
  CityIdParam,
  CityListQuerySchema,
  ListQuerySchema,
  PairListSchema,
  commonErrors,
  problemResponse,
} from "../schemas/index.js";
import { jsonContent, lazyRequest } from "../schemas/lazy.js";
import { defaultHook } from "../validation.js";

const listResponses = {
  200: {
    description: "a page of pairs; `cursor` and `next` lead to the next page",
    content: jsonContent(PairListSchema),
  },
  400: problemResponse("a cursor this API did not hand out", 400),
  422: problemResponse("invalid query (one pointer each), e.g. a limit over the cap", 422),
  ...commonErrors,
};

const listRoute = createRoute({
  method: "get",
  path: "/pairs",
  operationId: "listPairs",
  summary: "List pairs: filter by country (either side), city, status or name",
  tags: ["queries"],
  request: lazyRequest({ query: ListQuerySchema }),
  responses: listResponses,
});

const cityRoute = createRoute({
  method: "get",
  path: "/cities/{cityId}/pairs",
  operationId: "listCityPairs",
  summary: "A city's pairs (either side), with the same filters and pages as /pairs",
  tags: ["queries"],
  request: lazyRequest({ params: CityIdParam, query: CityListQuerySchema }),
  responses: { ...listResponses, 422: problemResponse("invalid city id or query", 422) },
});

type ListQuery = z.infer<ReturnType<typeof ListQuerySchema>>;

async function answerList(c: Context<AppEnv>, readModel: ReadModelReader, path: string, query: ListQuery) {
  const { limit, cursor, asOf, ...rest } = query;
  const filter: PairFilter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  try {
    const page = await readModel.list(filter, { limit, cursor, ...(asOf ? { asOf: latestDay(asOf) } : {}) });
    const params = (next: string) => {
      const { city: _city, ...own } = filter;
      const shown = path.startsWith("/cities/") ? own : filter;
      return new URLSearchParams({ ...shown, ...(asOf ? { asOf } : {}), limit: String(limit), cursor: next });
    };
    return c.json(
      {
        items: [...page.items],
        ...(page.cursor ? { cursor: page.cursor, next: `${path}?${params(page.cursor)}` } : {}),
      },
      200,
    );
  } catch (e) {
    if (!isInvalidCursor(e)) throw e;
    return sendProblem(c, problem("bad-cursor", "use the cursor from a previous page, unchanged"));
  }
}

export function queryRoutes(deps: { readonly readModel: ReadModelReader }) {
  return new OpenAPIHono<AppEnv>({ defaultHook })
    .openapi(listRoute, (c) => answerList(c, deps.readModel, "/pairs", c.req.valid("query")))
    .openapi(cityRoute, (c) => {
      const { cityId } = c.req.valid("param");
      return answerList(c, deps.readModel, `/cities/${cityId}/pairs`, {
        ...c.req.valid("query"),
        city: cityId,
      });
    });
}
