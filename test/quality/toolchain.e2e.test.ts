/**
 * The toolchain over the whole repository: formatted and linted (Biome, its recommended rules and a
 * cognitive-complexity limit, biome.json), type-checked (tsc, strict), and no source file past its
 * size limit. An e2e test: it runs the compiler.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

function runs(bin: string, args: string[]): () => void {
  return () => {
    try {
      execFileSync(join(ROOT, "node_modules/.bin", bin), args, { cwd: ROOT, stdio: "pipe" });
    } catch (e) {
      const out = e as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(
        `${bin} ${args.join(" ")}:\n${String(out.stdout ?? "")}${String(out.stderr ?? "")}`.slice(0, 6000),
      );
    }
  };
}

/** Lines a file may have: code stays small; data and generated files are what they are. */
const LIMITS: readonly { readonly match: RegExp; readonly lines: number | undefined }[] = [
  { match: /\.generated\.ts$|^infra\/local\/seed\/seed-data\.ts$/, lines: undefined },
  { match: /^(domain|functions|infra)\//, lines: 500 },
  { match: /^(test|bench|scripts)\//, lines: 650 },
];

describe("code hygiene", () => {
  it("is formatted (biome format)", runs("biome", ["format", "."]));

  it(
    "passes the linter (biome lint: recommended rules, complexity limit)",
    runs("biome", ["lint", "--error-on-warnings", "."]),
  );

  it("type-checks (tsc --noEmit, strict)", runs("tsc", ["--noEmit", "-p", "."]), 300_000);

  it("keeps every source file within its line limit", () => {
    const files = execFileSync("git", ["ls-files", "*.ts", "*.tsx"], { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const over = files.flatMap((file) => {
      const limit = LIMITS.find((l) => l.match.test(file))?.lines;
      if (limit === undefined) return [];
      const lines = readFileSync(join(ROOT, file), "utf8").split("\n").length;
      return lines > limit ? [`${file}: ${lines} lines (limit ${limit})`] : [];
    });
    expect(over).toEqual([]);
  });
});
