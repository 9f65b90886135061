/**
 * A ledger on fresh tables with its projector running as `npm start` runs it: the local stream
 * poller (poll interval as the local runtime's) feeding the Lambda-shaped stream handler. Used by
 * the sections that time what the read model sees after an append or an import.
 */
import { eventOfRecord } from "../../functions/adapters/dynamodb/stream-records.js";
import { buildLedger, buildStores, createDocumentClient } from "../../functions/composition.js";
import { createStreamHandler } from "../../functions/projector/handler-core.js";
import { createProjector } from "../../functions/projector/projector.js";
import { createDynamoClients } from "../../infra/local/dynamodb-local.js";
import { startStreamPoller } from "../../infra/local/stream-poller.js";
import { REGION, type BenchContext } from "./context.js";

/** The local runtime's setting (infra/local/local-runtime.ts). */
export const POLL_INTERVAL_MS = 100;

export async function projectingLedger(ctx: BenchContext, name: string) {
  const tables = await ctx.freshTables(name);
  const doc = createDocumentClient({ endpoint: ctx.endpoint, region: REGION });
  const stores = buildStores(
    {
      dynamodb: { endpoint: ctx.endpoint, region: REGION },
      eventsTable: tables.events,
      readModelTable: tables.readModel,
    },
    doc,
  );
  const ledger = buildLedger(stores.eventStore, { idempotencyTtlSeconds: 86_400 });
  const { dynamodb, streams } = createDynamoClients(ctx.endpoint);
  const errors: unknown[] = [];
  const poller = startStreamPoller({
    streams,
    dynamodb,
    tableName: tables.events,
    handler: createStreamHandler(createProjector(stores), eventOfRecord),
    pollIntervalMs: POLL_INTERVAL_MS,
    onError: (e) => errors.push(e),
  });
  return {
    stores,
    ledger,
    poller,
    /** Stop the poller and the clients; say how many errors the poller reported. */
    async close() {
      await poller.stop();
      dynamodb.destroy();
      streams.destroy();
      doc.destroy();
      if (errors.length)
        ctx.log(`${name}: the poller reported ${errors.length} error(s), first: ${String(errors[0])}`);
    },
  };
}
