/**
 * Helpers to build the CDK app in tests: templates without bundling (fast), and a synthesized
 * assembly with bundling whose Lambda assets can be loaded and invoked (deploy fidelity).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { build } from "esbuild";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { repoRoot } from "../../infra/constructs/ledger-function.js";
import { type BuildAppOptions, buildApp, type LedgerApp } from "../../infra/stacks/build-app.js";
import type { FunctionName } from "../../infra/stacks/stateless-stack.js";

/**
 * cdk.json's context (stage default, feature flags). The CLI passes it to the app; a test that
 * builds the App directly must too, or it tests different defaults (e.g. S3 access-log ACLs).
 */
export const CDK_JSON_CONTEXT: Record<string, unknown> = (
  JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")) as { context: Record<string, unknown> }
).context;

/** Context that skips esbuild for every stack (STACK.md trap 6). */
export const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] } as const;

export interface Templates extends LedgerApp {
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/** Build the app with `context` (no bundling, no nag unless asked) and its two templates. */
export function templatesFor(
  context: Record<string, unknown> = {},
  options: BuildAppOptions = {},
): Templates {
  const built = buildApp({
    nag: false,
    ...options,
    context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, ...context },
  });
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}

export interface FunctionBundle {
  readonly name: FunctionName;
  /** Directory of the asset CDK built (what is zipped and uploaded). */
  readonly dir: string;
  /** The entry module: `<dir>/index.mjs`. */
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** Environment variables from the template; values CloudFormation resolves at deploy become `test-<NAME>`. */
  readonly environment: Record<string, string>;
}

/**
 * Synthesize the app WITH bundling into a fresh directory under node_modules/.cache (inside the
 * repository, so a bundle's external `@aws-sdk/*` imports resolve as the Lambda runtime would
 * provide them) and describe each function's asset. Takes ~2-3 s per function.
 */
export function synthesizeBundles(context: Record<string, unknown> = {}): {
  readonly outdir: string;
  readonly bundles: Record<FunctionName, FunctionBundle>;
} {
  const cache = join(repoRoot, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, "ledger-cdk-out-"));
  try {
    return { outdir, bundles: describeBundles(outdir, context) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

function describeBundles(
  outdir: string,
  context: Record<string, unknown>,
): Record<FunctionName, FunctionBundle> {
  const { app, stateless } = buildApp({ nag: false, outdir, context: { ...CDK_JSON_CONTEXT, ...context } });
  const assembly = app.synth();
  const template = assembly.getStackByName(stateless.stackName).template as {
    Resources: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const bundles = {} as Record<FunctionName, FunctionBundle>;
  for (const [name, construct] of Object.entries(stateless.functions) as [
    FunctionName,
    { fn: { node: { defaultChild: unknown } } },
  ][]) {
    const logicalId = stateless.getLogicalId(construct.fn.node.defaultChild as CfnFunction);
    const resource = template.Resources[logicalId];
    // The code's S3 key is `<asset hash>.zip`; the assembly holds the same files in `asset.<hash>`.
    const s3Key = (resource?.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
    if (typeof s3Key !== "string") throw new Error(`no code asset for ${name} (${logicalId})`);
    const dir = join(outdir, `asset.${s3Key.replace(/\.zip$/, "")}`);
    const file = join(dir, "index.mjs");
    const variables =
      (resource?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ??
      {};
    const environment = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, typeof v === "string" ? v : `test-${k}`]),
    );
    bundles[name] = {
      name,
      dir,
      file,
      bytes: statSync(file).size,
      mapBytes: statSync(`${file}.map`).size,
      environment,
    };
  }
  return bundles;
}

/**
 * Module specifiers a bundle imports (static `import` and `import()`), as esbuild parses them.
 * In Lambda only Node built-ins and the runtime's AWS SDK exist; anything else fails at cold start.
 */
export async function externalImports(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    external: ["*"],
    logLevel: "silent",
  });
  const found = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) found.add(imported.path);
  }
  return [...found].sort();
}

/**
 * Copy a bundle to a directory outside the repository whose only node_modules entry is the AWS
 * SDK, as in the Lambda runtime, so importing it proves it needs nothing else.
 */
export function isolateBundle(bundle: FunctionBundle): {
  readonly file: string;
  readonly dispose: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${bundle.name}-`));
  cpSync(bundle.dir, join(dir, "task"), { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoRoot, "node_modules", "@aws-sdk"), join(dir, "node_modules", "@aws-sdk"), "dir");
  return {
    file: join(dir, "task", "index.mjs"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
