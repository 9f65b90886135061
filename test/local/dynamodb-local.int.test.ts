import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTables } from "../../infra/local/create-tables.js";
import {
  createDynamoClients,
  type DynamoDbLocal,
  startDynamoDbLocal,
} from "../../infra/local/dynamodb-local.js";
import { startStreamPoller } from "../../infra/local/stream-poller.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dynamodb-local-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Running, as opposed to gone or a zombie waiting for a reaper (orphans are reparented). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Waits (bounded) for a process to go away; a SIGKILL takes effect asynchronously. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

/** Starts DynamoDB Local in a separate Node process that then dies the way `ending` says. */
function runDoomedParent(
  ending: "throw" | "SIGINT" | "SIGTERM",
): Promise<{ jvmPid: number; code: number | null; signal: string | null }> {
  const script = `
    const { startDynamoDbLocal } = await import("./infra/local/dynamodb-local.ts");
    const local = await startDynamoDbLocal();
    console.log("jvm-pid", local.pid);
    const ending = process.argv[1];
    setInterval(() => {}, 1000);
    setTimeout(() => {
      if (ending === "throw") throw new Error("crash on purpose");
      process.kill(process.pid, ending);
    }, 10);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, ending], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const jvmPid = Number(/jvm-pid (\d+)/.exec(out)?.[1]);
      if (!jvmPid) reject(new Error(`the parent never started DynamoDB Local: ${out}`));
      else resolve({ jvmPid, code, signal });
    });
  });
}

/** Runs `fn` with a started DynamoDB Local, always stopping it. */
async function withLocal<T>(
  dataDir: string | undefined,
  fn: (local: DynamoDbLocal) => Promise<T>,
): Promise<T> {
  const local = await startDynamoDbLocal(dataDir === undefined ? {} : { dataDir });
  try {
    return await fn(local);
  } finally {
    await local.stop();
  }
}

describe("DynamoDB Local process", () => {
  it("runs the JVM itself as the child and leaves no process behind after stop", async () => {
    const local = await startDynamoDbLocal();
    const command = spawnSync("ps", ["-o", "args=", "-p", String(local.pid)], { encoding: "utf8" }).stdout;
    const { dynamodb } = createDynamoClients(local.endpoint);
    const answer = await dynamodb.send(new ListTablesCommand({}));
    dynamodb.destroy();
    await local.stop();

    expect(command).toMatch(/java .*DynamoDBLocal\.jar/);
    expect(answer.TableNames).toEqual([]);
    expect(isAlive(local.pid)).toBe(false);
  });

  it.each(["throw", "SIGINT", "SIGTERM"] as const)(
    "kills the JVM when its Node parent ends by %s",
    async (ending) => {
      const { jvmPid } = await runDoomedParent(ending);

      expect(await gone(jvmPid)).toBe(true);
    },
  );

  it("runs two instances side by side on different free ports", async () => {
    const [a, b] = await Promise.all([startDynamoDbLocal(), startDynamoDbLocal()]);
    await Promise.all([a.stop(), b.stop()]);

    expect(a.port).not.toBe(b.port);
  });

  it("reports a missing java clearly instead of hanging", async () => {
    const path = process.env.PATH;
    process.env.PATH = dir; // an empty folder: no java on PATH
    try {
      await expect(startDynamoDbLocal()).rejects.toMatchObject({ code: "JAVA_NOT_FOUND" });
    } finally {
      process.env.PATH = path;
    }
  });

  it("keeps tables and items in the data folder across a restart, and ensureTables is then a no-op", async () => {
    const dataDir = join(dir, "persist");
    const names = { events: "events-persist", readModel: "read-model-persist" };
    await withLocal(dataDir, async (local) => {
      const { dynamodb } = createDynamoClients(local.endpoint);
      await ensureTables(dynamodb, names);
      await dynamodb.send(
        new PutItemCommand({ TableName: names.events, Item: { pairId: { S: "p" }, version: { N: "1" } } }),
      );
    });

    const tables = await withLocal(dataDir, async (local) => {
      const { dynamodb } = createDynamoClients(local.endpoint);
      await ensureTables(dynamodb, names);
      return (await dynamodb.send(new ListTablesCommand({}))).TableNames;
    });

    expect(tables).toEqual([names.events, names.readModel].sort());
  });

  it("resumes the stream after DynamoDB Local restarts on the same data folder, without redelivering what was handled before", async () => {
    const dataDir = join(dir, "stream-restart");
    const checkpointFile = join(dataDir, "checkpoints", "events.json");
    const names = { events: "events-restart", readModel: "read-model-restart" };
    const delivered: number[] = [];
    const handler = async (event: DynamoDBStreamEvent) => {
      delivered.push(...event.Records.map((r) => Number(r.dynamodb?.NewImage?.version?.N)));
    };
    const runOnce = (versions: number[]) =>
      withLocal(dataDir, async (local) => {
        const { dynamodb, streams } = createDynamoClients(local.endpoint);
        await ensureTables(dynamodb, names);
        for (const version of versions) {
          await dynamodb.send(
            new PutItemCommand({
              TableName: names.events,
              Item: { pairId: { S: "p" }, version: { N: String(version) } },
            }),
          );
        }
        const poller = startStreamPoller({
          streams,
          dynamodb,
          tableName: names.events,
          handler,
          checkpointFile,
          pollIntervalMs: 50,
          onError: () => {},
        });
        try {
          await poller.idle();
        } finally {
          await poller.stop();
        }
      });

    await runOnce([1, 2]);
    await runOnce([3]);

    expect(delivered).toEqual([1, 2, 3]);
  });
});
