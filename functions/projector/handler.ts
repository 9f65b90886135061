/** Lambda entry for the projector (DynamoDB stream of the events table → read model). */
import { Logger } from "@aws-lambda-powertools/logger";
import { buildStores } from "../composition.js";
import { loadConfig } from "../config.js";
import { createStreamHandler } from "./handler-core.js";
import { createProjector } from "./projector.js";

const logger = new Logger({ serviceName: "ledger-projector" });
const stores = buildStores(loadConfig());

export const handler = createStreamHandler(createProjector(stores), logger);
