/**
 * The repository explains itself: a user's clone has nothing beside it, so no file may point to a
 * folder outside the repository or to a path of the machine it was written on, and every
 * `docs/maintaining.md#…` a comment cites names a heading that exists.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const TEXT = /\.(ts|tsx|js|mjs|json|md|sh|yml|yaml|csv|txt)$|^\.ci\/run$/;
const SKIP = new Set(["package-lock.json"]);

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && TEXT.test(f) && !SKIP.has(f) && !f.startsWith("bench/results/"))
  .filter((f) => existsSync(join(ROOT, f)));

const OUTSIDE = [
  // (functions/shared/ is ours: only the notes folder that once stood beside the repository counts.)
  {
    what: "a folder beside the repository",
    re: /\.\.\/shared\/(?:reference|data|seed|hooks|DESIGN|STACK|STYLE)/,
  },
  { what: "an absolute path of a build machine", re: /(?<![\w.])\/(?:work|home|root|Users)\/[\w.-]+/ },
  {
    what: "a notes file that is not in the repository",
    re: /\bSTACK(?:\.md)? trap\b|\bSTACK\.md\b|domain-facts\.md/,
  },
];

describe("a self-contained repository", () => {
  it("points nowhere outside itself", () => {
    const found: string[] = [];
    for (const file of tracked) {
      const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const { what, re } of OUTSIDE) if (re.test(line)) found.push(`${file}:${i + 1}: ${what}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("cites only headings that docs/maintaining.md has", () => {
    const doc = readFileSync(join(ROOT, "docs/maintaining.md"), "utf8");
    const anchors = new Set(
      [...doc.matchAll(/^#+\s+(.+)$/gm)].map((m) => (m[1] ?? "").trim().toLowerCase().replace(/\s+/g, "-")),
    );
    const cited = tracked.flatMap((file) =>
      [...readFileSync(join(ROOT, file), "utf8").matchAll(/docs\/maintaining\.md#([\w-]+)/g)].map((m) => ({
        file,
        anchor: m[1] ?? "",
      })),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((c) => !anchors.has(c.anchor)).map((c) => `${c.file} → #${c.anchor}`)).toEqual([]);
  });
});
