/** Lambda entry for the status board (API Gateway routes GET /, /board/… and /export.csv here). */
import { handle } from "hono/aws-lambda";
import { createBoardApp } from "../app/board-app.js";
import { buildReadingStores } from "../composition.js";
import { loadConfig } from "../config.js";

const app = createBoardApp({
  ...buildReadingStores(loadConfig()),
  onUnexpectedError: (error) => console.error("unexpected error", error),
});

export const handler = handle(app);
