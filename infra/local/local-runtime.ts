/**
 * The embedded default: DynamoDB Local (AWS's own, a JVM) with the tables from the shared
 * definitions, a stream poller feeding the SAME projector handler that Lambda runs, the seed
 * data when the ledger is empty, and the same Hono app on a local HTTP server.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { eventOfRecord } from "../../functions/adapters/dynamodb/stream-records.js";
import { createApp } from "../../functions/app/app.js";
import { createDirectoryPublisher } from "../../functions/audit/digest.js";
import { type LedgerChecks, startLedgerChecks } from "../../functions/audit/ledger-checks.js";
import { DEFAULT_VERIFY_INTERVAL_MINUTES } from "../../functions/config.js";
import { answerClientErrors } from "../../functions/http/client-errors.js";
import { buildLedger, buildStores } from "../../functions/composition.js";
import type { LedgerConfig } from "../../functions/config.js";
import { deadLetterFile } from "../../functions/projector/dead-letters.js";
import { createStreamHandler } from "../../functions/projector/handler-core.js";
import { createProjector } from "../../functions/projector/projector.js";
import { loadSeed } from "./seed/load-seed.js";
import { ensureTables } from "./create-tables.js";
import { createDynamoClients, startDynamoDbLocal } from "./dynamodb-local.js";
import { startStreamPoller } from "./stream-poller.js";

export const LOCAL_TABLES = { events: "ledger-events", readModel: "ledger-read-model" } as const;

export interface LocalOptions {
  /** Where DynamoDB Local keeps its files, checkpoints and the token. */
  readonly dataDir: string;
  /** HTTP port; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  /** The write token; generated (and kept in the data folder) when absent. */
  readonly token?: string;
  readonly seed: boolean;
  readonly log?: (line: string) => void;
  /** Minutes between verifications of the whole ledger (VERIFY_INTERVAL_MINUTES; 0: never). */
  readonly verifyIntervalMinutes?: number;
}

export interface LocalRuntime {
  readonly url: string;
  readonly token: string;
  readonly tokenGenerated: boolean;
  readonly dynamodbEndpoint: string;
  readonly config: LedgerConfig;
  readonly seeded?: { pairs: number; events: number };
  /** The interval verification of the ledger (the same check the digest job runs). */
  readonly checks: LedgerChecks;
  /** Resolves when the projector has caught up with the events table's stream. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The file the CLI reads to find a running local ledger. */
export const runtimeFile = (dataDir: string) => join(dataDir, "runtime.json");

async function tokenFor(dataDir: string, given?: string): Promise<{ token: string; generated: boolean }> {
  if (given) return { token: given, generated: false };
  const file = join(dataDir, "token");
  const kept = await readFile(file, "utf8").catch(() => "");
  if (kept.trim().length >= 16) return { token: kept.trim(), generated: true };
  const token = randomBytes(24).toString("base64url");
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, generated: true };
}

export async function startLocal(options: LocalOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const { token, generated } = await tokenFor(dataDir, options.token);

  const ddb = await startDynamoDbLocal({ dataDir: join(dataDir, "dynamodb") });
  const stops: (() => Promise<void>)[] = [() => ddb.stop()];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    await rm(runtimeFile(dataDir), { force: true });
  };
  try {
    log(`DynamoDB Local on ${ddb.endpoint} (data in ${join(dataDir, "dynamodb")})`);
    const clients = createDynamoClients(ddb.endpoint);
    await ensureTables(clients.dynamodb, LOCAL_TABLES);

    const config: LedgerConfig = {
      eventsTable: LOCAL_TABLES.events,
      readModelTable: LOCAL_TABLES.readModel,
      dynamodb: { endpoint: ddb.endpoint, region: "us-east-1" },
      auth: { mode: "token", token },
      digest: { dir: join(dataDir, "digests") },
      idempotencyTtlSeconds: 24 * 3600,
    };
    const doc = DynamoDBDocumentClient.from(clients.dynamodb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const stores = buildStores(config, doc);
    const ledger = buildLedger(stores.eventStore, config);

    const poller = startStreamPoller({
      streams: clients.streams,
      dynamodb: clients.dynamodb,
      tableName: LOCAL_TABLES.events,
      handler: createStreamHandler(createProjector(stores), eventOfRecord),
      checkpointFile: join(dataDir, "stream-checkpoints.json"),
      deadLetterFile: deadLetterFile(dataDir),
      pollIntervalMs: 100,
      onError: (e) => log(`projector: ${e instanceof Error ? e.message : String(e)}`),
    });
    stops.push(() => poller.stop());

    let seeded: { pairs: number; events: number } | undefined;
    if (options.seed) {
      const empty = await isEmpty(stores.eventStore);
      if (empty) {
        const r = await loadSeed(ledger, { recordedBy: "seed:domain-facts" });
        seeded = { pairs: r.pairs, events: r.events };
        log(`seeded ${r.pairs} pairs, ${r.events} events (from the seed article and domain facts)`);
      }
    }

    const digests = createDirectoryPublisher(join(dataDir, "digests"));
    const checks = startLedgerChecks({
      store: stores.eventStore,
      archive: digests,
      intervalMs: (options.verifyIntervalMinutes ?? DEFAULT_VERIFY_INTERVAL_MINUTES) * 60_000,
      onCheck: (c) => {
        if (!c.ok)
          log(
            `verification: ${c.breaks} breaks; run \`npm run ledger -- verify\` (${c.findings[0]?.message})`,
          );
      },
      onError: (e) => log(`verification could not run: ${e instanceof Error ? e.message : String(e)}`),
    });
    stops.push(async () => checks.stop());

    const app = createApp({
      ...stores,
      ledger,
      auth: config.auth,
      idempotencyTtlHours: config.idempotencyTtlSeconds / 3600,
      audit: { publisher: digests, checks },
      onUnexpectedError: (e) => log(`error: ${String(e)}`),
    });
    const host = options.host ?? "127.0.0.1";
    const server = await listen(app.fetch, options.port, host);
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host}:${port}`;
    await writeFile(
      runtimeFile(dataDir),
      `${JSON.stringify({ url, dynamodbEndpoint: ddb.endpoint, tables: LOCAL_TABLES, pid: process.pid }, null, 2)}\n`,
    );
    return {
      url,
      token,
      tokenGenerated: generated,
      dynamodbEndpoint: ddb.endpoint,
      config,
      ...(seeded ? { seeded } : {}),
      checks,
      idle: () => poller.idle(),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function isEmpty(eventStore: {
  scan: (o: { pageSize: number; segments: number }) => AsyncIterable<{ events: readonly unknown[] }>;
}) {
  for await (const page of eventStore.scan({ pageSize: 25, segments: 1 }))
    if (page.events.length > 0) return false;
  return true;
}

function listen(fetch: (r: Request) => Response | Promise<Response>, port: number, hostname: string) {
  return new Promise<ServerType>((resolveServer, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolveServer(server));
    answerClientErrors(server as Server);
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(`port ${port} is in use: set PORT to another port (PORT=0 picks a free one)`)
          : e,
      ),
    );
  });
}
