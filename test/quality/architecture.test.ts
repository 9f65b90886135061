/**
 * The architecture, checked: dependencies point inward and the domain stays pure. (A small test
 * over the imports instead of a dependency-graph tool.) Formatting, lint, types and file sizes are
 * checked in toolchain.e2e.test.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/**
 * Every module specifier a file imports, as the compiler reads them: static and type imports,
 * side-effect imports (`import "x"`), re-exports (`export … from "x"`) and dynamic `import("x")`;
 * never a specifier inside a comment or a string.
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Project-relative path an import resolves to, or the package name. */
function target(file: string, spec: string): string {
  return spec.startsWith(".") ? relative(ROOT, resolve(ROOT, file, "..", spec)) : spec;
}

describe("architecture", () => {
  it("keeps the domain pure: it imports only itself, zod, canonicalize, node:crypto, and any-ascii on first use", () => {
    // city.ts loads any-ascii through node:module's require on the first non-Latin name (its table
    // would cost every cold start ~6 ms); that is the one use of node:module the domain has.
    const lazy = "domain/city.ts";
    const offending = sources("domain").flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter(
          (t) =>
            !t.startsWith("domain/") &&
            !["zod", "canonicalize", "node:crypto"].includes(t) &&
            !(file === lazy && t === "node:module"),
        )
        .map((t) => `${file} → ${t}`),
    );
    expect(offending).toEqual([]);
    expect(readFileSync(join(ROOT, lazy), "utf8")).toMatch(
      /createRequire\(import\.meta\.url\)\("any-ascii"\)/,
    );
  });

  it("keeps the domain free of clocks, randomness and the environment", () => {
    const offending = sources("domain").filter((file) =>
      /\b(Date\.now|new Date\(\)|Math\.random|process\.env|randomUUID|setTimeout)\b/.test(
        readFileSync(join(ROOT, file), "utf8"),
      ),
    );
    expect(offending).toEqual([]);
  });

  it("lets functions/ depend on domain/ but never on infra/ or test/", () => {
    const offending = sources("functions").flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter((t) => t.startsWith("infra/") || t.startsWith("test/"))
        .map((t) => `${file} → ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it("sees side-effect imports, re-exports and dynamic imports, and nothing in comments", () => {
    const seen = ts
      .preProcessFile(
        'import "./a.js";\nexport * from "./b.js";\nexport { c } from "./c.js";\nawait import("./d.js");\n// import "./e.js"\n',
        true,
        true,
      )
      .importedFiles.map((f) => f.fileName);
    expect(seen).toEqual(["./a.js", "./b.js", "./c.js", "./d.js"]);
  });

  it("lets only the composition roots inside functions/ import an adapter; the rest import ports and the domain", () => {
    // Where adapters are chosen and wired: the composition module, the Lambda entry points, the
    // HTTP and CLI entry points, and the adapters themselves.
    const roots = [
      /^functions\/composition\.ts$/,
      /^functions\/[^/]+\/handler\.ts$/,
      /^functions\/http\//,
      /^functions\/cli\//,
      /^functions\/adapters\//,
    ];
    const offending = sources("functions")
      .filter((file) => !roots.some((r) => r.test(file)))
      .flatMap((file) =>
        importsOf(file)
          .map((spec) => target(file, spec))
          .filter((t) => t.startsWith("functions/adapters/"))
          .map((t) => `${file} → ${t}`),
      );
    expect(offending).toEqual([]);
  });

  it("keeps the read model's write code out of its reading half (what the HTTP and board bundles carry)", () => {
    // Every project module the reader reaches, import by import.
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const spec of importsOf(file).filter((s) => s.startsWith(".")))
        visit(target(file, spec).replace(/\.js$/, ".ts"));
    };
    visit("functions/adapters/dynamodb/dynamodb-read-model-reader.ts");
    expect(reached.has("functions/adapters/dynamodb/read-model-keys.ts")).toBe(true);
    expect([...reached].filter((f) => /read-model-writes|dynamodb-read-model\.ts$/.test(f))).toEqual([]);
  });

  it("lets the CDK stacks import from functions/ only the table definitions, config and metric names, and bundling data", () => {
    const allowed = [
      "functions/adapters/dynamodb/tables.js",
      "functions/config.js",
      "functions/shared/metrics.js",
      "functions/app/docs-assets.js",
    ];
    const offending = [...sources("infra/stacks"), ...sources("infra/constructs")].flatMap((file) =>
      importsOf(file)
        .map((spec) => target(file, spec))
        .filter((t) => t.startsWith("functions/") && !allowed.includes(t))
        .map((t) => `${file} → ${t}`),
    );
    expect(offending).toEqual([]);
  });

  it("reads process.env only in entry points and the config module", () => {
    const allowed = [/^functions\/config\.ts$/, /^functions\/cli\//, /^infra\//];
    const offending = sources("functions").filter(
      (file) =>
        !allowed.some((a) => a.test(file)) && /process\.env/.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(offending).toEqual([]);
  });
});
