/**
 * `npm start` as a process supervisor sees it: a SIGTERM to npm's own pid stops the ledger and its
 * DynamoDB Local JVM. npm runs the script through `sh -c`, which would not forward the signal; the
 * script `exec`s node so that it does (docs/maintaining.md#child-processes).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const started: ChildProcess[] = [];
const dataDirs: string[] = [];

/** Every process in a process group (the group `npm start` leads: it is spawned detached). */
function groupMembers(pgid: number): { pid: number; cmd: string }[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null && Number(m[2]) === pgid)
    .map((m) => ({ pid: Number(m[1]), cmd: m[3] ?? "" }));
}

async function until(probe: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterAll(() => {
  for (const child of started) {
    // Whatever the test saw, nothing it started may outlive it.
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // The group is already gone.
      }
    }
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start under a supervisor", () => {
  it("stops the server and its JVM when npm's own process gets SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ledger-npm-start-"));
    dataDirs.push(dataDir);
    const npm = spawn("npm", ["start"], {
      cwd: process.cwd(),
      env: { ...process.env, PORT: "0", LEDGER_SEED: "0", LEDGER_DATA_DIR: dataDir },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(npm);
    let output = "";
    npm.stdout?.on("data", (b) => {
      output += String(b);
    });
    npm.stderr?.on("data", (b) => {
      output += String(b);
    });
    const pgid = npm.pid as number;
    await until(() => /ready in/.test(output), 170_000, `npm start to be ready; output so far:\n${output}`);
    expect(groupMembers(pgid).some((p) => /DynamoDBLocal\.jar/.test(p.cmd))).toBe(true);

    process.kill(pgid, "SIGTERM");
    await until(() => groupMembers(pgid).length === 0, 30_000, "every process of npm start to end");
    expect(groupMembers(pgid)).toEqual([]);
  }, 240_000);
});
