/**
 * Helpers to build the CDK app in tests: templates without bundling (fast), and a synthesized
 * assembly with bundling whose Lambda assets can be loaded and invoked (deploy fidelity).
 */
import { fork } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { build } from "esbuild";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { repoRoot } from "../../infra/constructs/ledger-function.js";
import { registerChild } from "../../infra/local/child-processes.js";
import { type BuildAppOptions, buildApp, type LedgerApp } from "../../infra/stacks/build-app.js";
import type { FunctionName } from "../../infra/stacks/stateless-stack.js";

/**
 * cdk.json's context (stage default, feature flags). The CLI passes it to the app; a test that
 * builds the App directly must too, or it tests different defaults (e.g. S3 access-log ACLs).
 */
export const CDK_JSON_CONTEXT: Record<string, unknown> = (
  JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")) as { context: Record<string, unknown> }
).context;

/** Context that skips esbuild for every stack (docs/maintaining.md#template-tests-skip-bundling). */
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

/** The part of a Lambda context that crosses the process boundary (the functions are rebuilt inside). */
export interface InvocationContext {
  readonly functionName?: string;
  readonly awsRequestId?: string;
  readonly memoryLimitInMB?: string;
  /** Milliseconds the invocation may run, for getRemainingTimeInMillis (default 60 s). */
  readonly timeoutMs?: number;
}

export interface BundleRuntime {
  /** Call the bundle's `handler` with `event` (as JSON, like Lambda) and resolve with its JSON result. */
  invoke<T = unknown>(event: unknown, context?: InvocationContext): Promise<T>;
  /** What the function printed so far (its logs), stdout and stderr interleaved. */
  output(): string;
  /** Kill the process and remove the isolated copy. */
  stop(): Promise<void>;
}

/**
 * A stand-in for the Lambda runtime, run with plain `node` (no test-runner transforms): imports the
 * bundle once (the cold start), then calls its handler for each invocation message. Written beside
 * the isolated copy so its own imports are Node built-ins only.
 */
const RUNTIME_SOURCE = `import { pathToFileURL } from "node:url";
const fail = (e) => ({ errorType: e?.name ?? "Error", errorMessage: String(e?.message ?? e), stack: String(e?.stack ?? "") });
process.on("disconnect", () => process.exit(0));
let handler;
try {
  const mod = await import(pathToFileURL(process.argv[2]).href);
  if (typeof mod.handler !== "function") throw new TypeError("the bundle exports no handler function");
  handler = mod.handler;
} catch (e) {
  process.send({ type: "init-error", error: fail(e) }, () => process.exit(1));
}
if (handler) {
  process.on("message", async ({ id, event, context }) => {
    const deadline = Date.now() + (context.timeoutMs ?? 60000);
    const ctx = {
      callbackWaitsForEmptyEventLoop: true, functionVersion: "$LATEST",
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:" + context.functionName,
      logGroupName: "/aws/lambda/" + context.functionName, logStreamName: "local",
      ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done() {}, fail() {}, succeed() {},
    };
    try {
      const result = await handler(event, ctx);
      process.send({ type: "result", id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
    } catch (e) {
      process.send({ type: "error", id, error: fail(e) });
    }
  });
  process.send({ type: "ready" });
}
`;

type RuntimeMessage =
  | { type: "ready" }
  | { type: "init-error"; error: LambdaError }
  | { type: "result"; id: number; result: unknown }
  | { type: "error"; id: number; error: LambdaError };

interface LambdaError {
  errorType: string;
  errorMessage: string;
  stack: string;
}

/** A handler's failure as Lambda reports it (errorType, errorMessage), as an Error. */
export class InvocationError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly remoteStack: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

/**
 * Start a bundle like the Lambda runtime: an isolated copy (only the AWS SDK beside it) imported
 * by a fresh `node` process whose environment is the runtime's variables, the template's and
 * `env` (nothing inherited from the test process but PATH). Resolves once the module has
 * initialized; rejects with the init error (e.g. a missing import) otherwise.
 */
export async function startBundle(
  bundle: FunctionBundle,
  env: Record<string, string> = {},
): Promise<BundleRuntime> {
  const isolated = isolateBundle(bundle);
  const root = join(dirname(isolated.file), "..");
  const runtime = join(root, "runtime.mjs");
  writeFileSync(runtime, RUNTIME_SOURCE);
  const functionName = `ledger-${bundle.name}`;
  const child = fork(runtime, [isolated.file], {
    cwd: dirname(isolated.file),
    execArgv: [],
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      TZ: ":UTC",
      LANG: "en_US.UTF-8",
      LAMBDA_TASK_ROOT: dirname(isolated.file),
      AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
      AWS_LAMBDA_LOG_FORMAT: "JSON",
      // The runtime is Node 22 in AWS; this is Node 20 (docs/maintaining.md#sdk-node-warning).
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...bundle.environment,
      ...env,
    },
  });
  const forget = registerChild(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    forget();
    isolated.dispose();
  };

  try {
    await new Promise<void>((resolve, reject) => {
      child.once("exit", (code, signal) =>
        reject(new Error(`${bundle.name} runtime exited (${signal ?? code}) during init:\n${output}`)),
      );
      child.once("message", (message: RuntimeMessage) => {
        if (message.type === "ready") resolve();
        else if (message.type === "init-error")
          reject(
            new InvocationError(
              message.error.errorType,
              `${bundle.name} init: ${message.error.errorMessage}`,
              message.error.stack,
            ),
          );
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  child.on("message", (message: RuntimeMessage) => {
    if (message.type !== "result" && message.type !== "error") return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === "result") waiter?.resolve(message.result);
    else
      waiter?.reject(
        new InvocationError(message.error.errorType, message.error.errorMessage, message.error.stack),
      );
  });
  child.on("exit", (code, signal) => {
    for (const waiter of pending.values())
      waiter.reject(new Error(`${bundle.name} runtime exited (${signal ?? code}):\n${output}`));
    pending.clear();
  });

  return {
    invoke: <T>(event: unknown, context: InvocationContext = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({
          id,
          event,
          context: { functionName, awsRequestId: `invocation-${id}`, memoryLimitInMB: "1024", ...context },
        });
      }),
    output: () => output,
    stop,
  };
}
