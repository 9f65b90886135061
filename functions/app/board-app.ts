/**
 * The status board on its own (the board's Lambda function): its pages and the CSV export, with
 * the API's answers for what it does not serve (problem+json 404, 500).
 */
import { Hono } from "hono";
import type { AppEnv } from "./auth.js";
import { type BoardDeps, boardRoutes } from "./board/routes.js";
import { noSniff } from "./no-sniff.js";
import { problem, sendProblem } from "./problem.js";

export function createBoardApp(deps: BoardDeps & { readonly onUnexpectedError?: (error: unknown) => void }) {
  const app = new Hono<AppEnv>();
  app.use("*", noSniff);
  app.route("/", boardRoutes(deps));
  app.notFound((c) => sendProblem(c, problem("not-found", `no route ${c.req.method} ${c.req.path}`)));
  app.onError((error, c) => {
    deps.onUnexpectedError?.(error);
    return sendProblem(c, problem("internal", "the board could not be shown; try again"));
  });
  return app;
}
