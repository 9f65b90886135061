/**
 * Deploy fidelity: synthesize WITH bundling, exactly as `cdk deploy` would, then load each asset
 * CDK built. A bundle that imports something the Lambda runtime lacks, or that grew past its size
 * budget (the AWS SDK or zod's locales bundled by mistake), fails here rather than in AWS.
 * Invoking the bundles against DynamoDB Local builds on synthesizeBundles() from ./synth.ts.
 */
import { rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FunctionName } from "../../infra/stacks/stateless-stack.js";
import { externalImports, type FunctionBundle, synthesizeBundles } from "./synth.js";

const KB = 1024;
/** Goals from issue 5 (minified index.mjs, source map excluded); a hard failure at twice the goal. */
const GOAL_BYTES: Record<FunctionName, number> = {
  http: 250 * KB,
  projector: 150 * KB,
  replay: 250 * KB,
  digest: 250 * KB,
};

let outdir = "";
let bundles: Record<FunctionName, FunctionBundle>;
let synthMs = 0;

beforeAll(() => {
  const started = performance.now();
  ({ outdir, bundles } = synthesizeBundles({ stage: "prod" }));
  synthMs = performance.now() - started;
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const names = Object.keys(GOAL_BYTES) as FunctionName[];

describe("Lambda bundles built by cdk synth", () => {
  it("reports bundle sizes against their goals", () => {
    const rows = names.map((name) => ({
      function: name,
      "index.mjs KB": +(bundles[name].bytes / KB).toFixed(1),
      "goal KB": GOAL_BYTES[name] / KB,
      "source map KB": +(bundles[name].mapBytes / KB).toFixed(1),
      within: bundles[name].bytes <= GOAL_BYTES[name] ? "yes" : "NO",
    }));
    console.log(`synth with bundling: ${(synthMs / 1000).toFixed(1)} s`);
    console.table(rows);
    for (const name of names) {
      if (bundles[name].bytes > GOAL_BYTES[name]) console.warn(`${name} bundle is over its ${GOAL_BYTES[name] / KB} KB goal`);
      expect(bundles[name].bytes, `${name} bundle size`).toBeLessThanOrEqual(2 * GOAL_BYTES[name]);
    }
  });

  it.each(names)("%s imports only Node built-ins and the runtime's AWS SDK", (name) => {
    const allowed = (spec: string) =>
      spec.startsWith("node:") || builtinModules.includes(spec) || spec.startsWith("@aws-sdk/");
    expect(externalImports(bundles[name].file).filter((s) => !allowed(s))).toEqual([]);
  });

  it.each(names)("%s is an ESM bundle with the require shim and a source map", async (name) => {
    const { readFile } = await import("node:fs/promises");
    const code = await readFile(bundles[name].file, "utf8");
    expect(code.startsWith("import { createRequire as __ledgerCreateRequire }")).toBe(true);
    expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
  });

  it.each(names)("%s loads with the template's environment and exports a handler", async (name) => {
    const bundle = bundles[name];
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_REGION: "us-east-1" }, bundle.environment);
    try {
      const mod = (await import(pathToFileURL(bundle.file).href)) as { handler?: unknown };
      expect(typeof mod.handler).toBe("function");
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
