/**
 * The README's every curl, run as written: its shell blocks in order, in one bash session, with
 * the real curl, against the app as a fresh `npm start` serves it (the seed loaded, a projector
 * applied after each write) over in-memory stores. Each curl must answer with the status the
 * README implies (a write 201, a read 200), and what its comment says: `"key": "value"` and
 * `key N` are fields of the answer, "the same" is the previous answer.
 *
 * A shell block holding a curl is skipped only behind an explicit marker on the line before it,
 * `<!-- readme-curls: skip: <reason> -->` (e.g. a call signed for a deployed API).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSeed } from "../../infra/local/seed/load-seed.js";
import { memoryApp, TEST_TOKEN } from "../support/memory-app.js";

interface Curl {
  readonly line: number;
  readonly text: string;
  readonly method: string;
  /** What the comment on its line says it answers. */
  readonly comment?: string;
}

interface Block {
  readonly line: number;
  readonly code: string;
  readonly skip?: string;
  readonly curls: readonly Curl[];
}

const MARKER = /^<!-- readme-curls: skip: (.+) -->$/;

/** The README's shell blocks that hold a curl, with each curl and the comment on its line. */
function curlBlocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "```sh") continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]?.trim() !== "```"; i++) body.push(lines[i] as string);
    const curls = body.flatMap((l, k): Curl[] => {
      if (!/^curl\s/.test(l)) return [];
      const method = /-X (\w+)/.exec(l)?.[1] ?? "GET";
      const comment = /\s#\s+(.*)$/.exec(l)?.[1];
      return [{ line: start + 2 + k, text: l, method, ...(comment ? { comment } : {}) }];
    });
    if (curls.length === 0) continue;
    const skip = MARKER.exec(lines[start - 1]?.trim() ?? "")?.[1];
    blocks.push({ line: start + 1, code: body.join("\n"), curls, ...(skip ? { skip } : {}) });
  }
  return blocks;
}

/** What a comment promises about the answer, as [field, value] pairs. */
function promises(comment: string | undefined): [string, unknown][] {
  if (!comment) return [];
  const out: [string, unknown][] = [];
  for (const m of comment.matchAll(/"(\w+)": "([^"]*)"/g)) out.push([m[1] as string, m[2]]);
  for (const m of comment.matchAll(/\b(eventCount|version) (\d+)\b/g))
    out.push([m[1] as string, Number(m[2])]);
  if (/^"not-established"/.test(comment)) out.push(["status", "not-established"]);
  return out;
}

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = curlBlocks(readme);
const run = blocks.filter((b) => !b.skip);

let server: ServerType | undefined;
let url = "";

beforeAll(async () => {
  const m = memoryApp();
  await loadSeed(m.ledger);
  await m.project();
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve(
      {
        fetch: async (req) => {
          const res = await m.app.fetch(req);
          // The projector follows the stream, as npm start's poller does: lists see each write.
          if (req.method !== "GET") await m.project();
          return res;
        },
        port: 0,
        hostname: "127.0.0.1",
      },
      resolve,
    );
  });
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Every block in one bash session (variables carry over); each curl's body and status, in order. */
function runBlocks(): Promise<{ status: number; body: string }[]> {
  const script = [
    "set -e",
    // The README's own curl, wrapped only to tell the answers apart.
    `curl() { printf '\\n@@BEGIN\\n'; command curl -w '\\n@@STATUS %{http_code}\\n' "$@"; }`,
    ...run.map((b) => b.code),
  ].join("\n");
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      ["-c", script],
      { env: { ...process.env, URL: url, TOKEN: TEST_TOKEN }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const answers = stdout
          .split("\n@@BEGIN\n")
          .slice(1)
          .map((chunk) => {
            const m = /\n@@STATUS (\d+)\n$/.exec(chunk);
            return { status: Number(m?.[1]), body: m ? chunk.slice(0, m.index) : chunk };
          });
        resolve(answers);
      },
    );
  });
}

describe("the README's curls", () => {
  it("finds them, and skips a block only behind a marker that gives the reason", () => {
    const curls = run.flatMap((b) => b.curls);
    expect(curls.length).toBeGreaterThanOrEqual(10);
    // The comments the test reads: the status today, as of a day, known at an instant, "the same".
    expect(curls.flatMap((c) => promises(c.comment)).length).toBeGreaterThanOrEqual(5);
    expect(curls.some((c) => c.comment?.startsWith("the same"))).toBe(true);
    for (const b of blocks.filter((x) => x.skip))
      expect(b.skip?.length, `README.md:${b.line}`).toBeGreaterThan(10);
  });

  it("each works as written against the seeded app, with the status and fields the README implies", async () => {
    const answers = await runBlocks();
    const curls = run.flatMap((b) => b.curls);
    expect(answers).toHaveLength(curls.length);
    let previous: unknown;
    curls.forEach((curl, i) => {
      const where = `README.md:${curl.line}: ${curl.text.trim().slice(0, 90)}`;
      const answer = answers[i] as { status: number; body: string };
      expect(answer.status, `${where}\n${answer.body.slice(0, 500)}`).toBe(
        curl.method === "POST" ? 201 : 200,
      );
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      for (const [field, value] of promises(curl.comment))
        expect(body[field], `${where}: ${field}`).toEqual(value);
      if (curl.comment?.startsWith("the same")) expect(body, where).toEqual(previous);
      if (Array.isArray(body.items))
        expect(body.items.length, `${where}: an empty list shows nothing`).toBeGreaterThan(0);
      previous = body;
    });
  });
});
