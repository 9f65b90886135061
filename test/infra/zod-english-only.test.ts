/**
 * The module Lambda bundles get for "zod" (infra/constructs/zod-english-only): zod's API, binding
 * for binding, with English as the only locale. Sound only while nothing selects another locale,
 * which the last test checks in the source.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as zod from "zod";
import { describe, expect, it } from "vitest";
import { BUNDLE_ALIASES, repoRoot } from "../../infra/constructs/ledger-function.js";
import * as lean from "../../infra/constructs/zod-english-only/index.js";

const sortedKeys = (o: object) => Object.keys(o).sort();

describe("zod for bundles, English only", () => {
  it("is the module the bundling alias points at", () => {
    expect(BUNDLE_ALIASES.zod).toBe("./infra/constructs/zod-english-only/index.ts");
  });

  it("exports every name zod exports, each the same binding except the locale namespaces", () => {
    expect(sortedKeys(lean)).toEqual(sortedKeys(zod));
    for (const key of Object.keys(zod) as (keyof typeof zod)[]) {
      if (key === "z" || key === "default" || key === "core" || key === "locales") continue;
      expect(lean[key], key).toBe(zod[key]);
    }
    expect(lean.z).toBe(lean.default);
    expect(sortedKeys(lean.z)).toEqual(sortedKeys(zod.z));
    expect(sortedKeys(lean.core)).toEqual(sortedKeys(zod.core));
    for (const key of Object.keys(zod.core) as (keyof typeof zod.core)[]) {
      if (key !== "locales") expect(lean.core[key], `core.${key}`).toBe(zod.core[key]);
    }
  });

  it("keeps zod's own English locale, in both namespaces", () => {
    expect(Object.keys(lean.locales)).toEqual(["en"]);
    expect(lean.locales.en).toBe(zod.locales.en);
    expect(lean.core.locales.en).toBe(zod.locales.en);
  });

  it("still produces zod's English messages", () => {
    const result = lean.z.object({ name: lean.z.string() }).safeParse({ name: 1 });
    expect(result.error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
  });

  it("is sound: no source selects a zod locale (only English exists in a bundle)", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === "node_modules" || name === "zod-english-only") continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx|mts)$/.test(name)) {
          const text = readFileSync(path, "utf8");
          if (
            /\blocales\s*\.\s*[a-zA-Z]|["']zod(\/v4)?\/locales|\.config\s*\(\s*[a-zA-Z.]*locales/.test(text)
          )
            offenders.push(path.slice(repoRoot.length));
        }
      }
    };
    for (const dir of ["domain", "functions", "infra"]) walk(join(repoRoot, dir));
    expect(offenders).toEqual([]);
  });
});
