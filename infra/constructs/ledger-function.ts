/**
 * The one Lambda function construct: Node.js 22 on arm64, bundled by the local esbuild as minified
 * ESM with source maps, the AWS SDK left to the runtime, Powertools settings, its own log group and
 * role. Access to tables and buckets is granted only through bind* methods, which set the
 * environment variable and the least-privilege grant together so neither can be forgotten.
 */
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, type RemovalPolicy, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { DOCS_ASSET_DIR, DOCS_ASSET_FILES, DOCS_ASSET_PACKAGE } from "../../functions/app/docs-assets.js";
import { ENV } from "../../functions/config.js";
import { METRICS_NAMESPACE, METRICS_SERVICE } from "../../functions/shared/metrics.js";

/** Repository root: entries, package-lock.json and node_modules are resolved from here. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The service name every Powertools logger and metric carries. */
export const SERVICE_NAME = METRICS_SERVICE;
export { METRICS_NAMESPACE };

/**
 * ESM bundles have no `require`; CommonJS dependencies bundled into them call it (docs/maintaining.md#esm-require).
 * The alias avoids clashing with any `createRequire` import inside the bundle.
 */
export const REQUIRE_SHIM_BANNER =
  "import { createRequire as __ledgerCreateRequire } from 'node:module'; const require = __ledgerCreateRequire(import.meta.url);";

/**
 * esbuild aliases for every bundle. `zod` becomes the same API with English as its only locale:
 * @hono/zod-openapi's `import { z } from "zod"` otherwise keeps all 50 of zod's locales, ~260 KB
 * of the HTTP bundle (docs/maintaining.md#zod-locales; see zod-english-only/index.ts). Paths are relative to the
 * project root, the directory CDK runs esbuild in.
 */
export const BUNDLE_ALIASES = {
  zod: "./infra/constructs/zod-english-only/index.ts",
  // Routing and validation without the OpenAPI generator; the document is built beside the
  // bundle instead (functions/http/zod-openapi-lean.ts, BUILD_STEPS below).
  "@hono/zod-openapi": "./functions/http/zod-openapi-lean.ts",
} as const;

/**
 * By entry: commands run after esbuild, from the project root, given the bundle's folder. The HTTP
 * function's OpenAPI document is generated here, from the same route declarations.
 */
export const BUILD_STEPS: Readonly<Record<string, (outputDir: string) => readonly string[]>> = {
  "functions/http/handler.ts": (out) => [
    `node --import tsx functions/http/write-openapi.ts "${out}/openapi.json"`,
  ],
};

/** Files of an installed package that a bundle reads at run time, copied to `<bundle>/<into>/`. */
export interface FilesBesideBundle {
  readonly package: string;
  readonly files: readonly string[];
  readonly into: string;
}

/**
 * By entry: what the bundle reads from disk, since a Lambda has no node_modules. The HTTP app
 * serves the docs UI's assets from `swagger-ui/` beside its module (functions/app/docs-assets.ts).
 */
export const FILES_BESIDE_BUNDLE: Readonly<Record<string, readonly FilesBesideBundle[]>> = {
  "functions/http/handler.ts": [
    { package: DOCS_ASSET_PACKAGE, files: Object.keys(DOCS_ASSET_FILES), into: DOCS_ASSET_DIR },
  ],
};

/**
 * Packages left out of every bundle and shipped beside it as `node_modules/<name>` (Node resolves
 * them from the bundle's folder as from any other). any-ascii's table of every Unicode block is
 * 546 KB of string literals that only a name outside the Latin script needs: inside the bundle it
 * would more than double every function's index.mjs (BENCHMARKS.md, the HTTP bundle's bytes).
 */
export const SHIPPED_BESIDE_BUNDLE: readonly FilesBesideBundle[] = [
  {
    package: "any-ascii",
    files: ["package.json", "any-ascii.js", "block.js", "LICENSE"],
    into: "node_modules/any-ascii",
  },
];

/** A package's folder, also for packages whose `exports` hide their package.json. */
function packageDir(name: string): string {
  const require = createRequire(`${repoRoot}package.json`);
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return dirname(require.resolve(name));
  }
}

/** Shell commands (run by CDK after esbuild) that copy an entry's FILES_BESIDE_BUNDLE. */
function copyCommands(entry: string, inputDir: string, outputDir: string): string[] {
  const beside = [...SHIPPED_BESIDE_BUNDLE, ...(FILES_BESIDE_BUNDLE[entry] ?? [])];
  return beside.flatMap(({ package: name, files, into }) => {
    // Relative to the project root, so the same commands work where CDK mounts it elsewhere.
    const from = relative(repoRoot, packageDir(name));
    const to = `${outputDir}/${into}`;
    return [`mkdir -p "${to}"`, ...files.map((file) => `cp "${inputDir}/${from}/${file}" "${to}/${file}"`)];
  });
}

/**
 * DynamoDB actions per access level. Explicit lists instead of grantReadWriteData, which includes
 * DeleteItem: the ledger is append-only, so no function that writes events may delete one.
 */
const POINT_READS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
] as const;
const READS = [...POINT_READS, "dynamodb:Scan"] as const;

export const TABLE_ACTIONS = {
  /** Point reads, Query and Scan (replay, verify, export). */
  read: READS,
  /** Read plus conditional puts (TransactWriteItems needs the per-item actions): no update, no delete. */
  append: [...READS, "dynamodb:PutItem"],
  /**
   * The projector on the read model: item-by-item writes, including deletes (an index entry moves
   * when a pair's status changes); no Scan, no BatchWriteItem, which only the bulk rebuild needs.
   */
  project: [...POINT_READS, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
  /** A rebuildable view in bulk (replay): everything of `project` plus Scan and BatchWriteItem. */
  readWrite: [
    ...READS,
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
  ],
} as const satisfies Record<string, readonly string[]>;

export type TableAccess = keyof typeof TABLE_ACTIONS;
export type BucketAccess = "read" | "put";

/**
 * The digest bucket as the stateful stack exports it. An explicit export name (instead of CDK's
 * generated one) keeps the cdk-nag acknowledgement of the `<bucket>/*` grant stable.
 */
export interface DigestBucketRef {
  readonly bucketName: string;
  readonly bucketArn: string;
  /** The export name of the ARN, as cdk-nag renders an `Fn::ImportValue`. */
  readonly arnExportName: string;
}

/** Which environment variable names which table. */
export type TableEnv = typeof ENV.eventsTable | typeof ENV.readModelTable;

export interface LedgerFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/http/handler.ts`; exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Log retention; prod keeps longer. */
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
}

export class LedgerFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LedgerFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // An explicit role instead of the default one, which carries the AWSLambdaBasicExecutionRole
    // managed policy (logs on every log group of the account): this one writes to its own group.
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `${props.description} (execution role)`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new nodejs.NodejsFunction(this, "Function", {
      entry: `${repoRoot}${props.entry}`,
      handler: "handler",
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      description: props.description,
      // Always explicit (docs/maintaining.md#lambda-runtime): unset, the SDK would be bundled instead of external.
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? "INFO",
        POWERTOOLS_LOGGER_LOG_EVENT: "false",
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: "node22",
        platform: "node",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ["module", "main"],
        externalModules: ["@aws-sdk/*", ...SHIPPED_BESIDE_BUNDLE.map((p) => p.package)],
        banner: REQUIRE_SHIM_BANNER,
        esbuildArgs: { "--alias": Object.entries(BUNDLE_ALIASES).map(([from, to]) => `${from}=${to}`) },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            ...copyCommands(props.entry, inputDir, outputDir),
            ...(BUILD_STEPS[props.entry]?.(outputDir) ?? []).map((step) => `cd "${inputDir}" && ${step}`),
          ],
        },
        // Never Docker: synth must work offline; esbuild is a devDependency (docs/maintaining.md#offline-synth).
        forceDockerBundling: false,
      },
    });
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 22 is a supported LTS runtime (to 2027) and the version the bundles target; the move to 24 is a deliberate change, not an automatic one.",
    });
  }

  /** Set the table's name in `env` and grant exactly the actions of `access` on it. */
  bindTable(table: dynamodb.ITable, env: TableEnv, access: TableAccess): this {
    this.fn.addEnvironment(env, table.tableName);
    table.grant(this.fn, ...TABLE_ACTIONS[access]);
    return this;
  }

  /**
   * Set DIGEST_BUCKET and grant reads (get, list) or writes (PutObject only: no delete, no
   * retention change; Object Lock's default retention applies to every put).
   */
  bindDigestBucket(bucket: DigestBucketRef, access: BucketAccess): this {
    this.fn.addEnvironment(ENV.digestBucket, bucket.bucketName);
    const objects = `${bucket.bucketArn}/*`;
    if (access === "put") {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["s3:PutObject"], resources: [objects] }),
      );
    } else {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [objects] }),
      );
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }),
      );
    }
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${bucket.arnExportName}/*]`,
      reason:
        "Digest object keys are generated per digest (one per hour); the grant covers only the digest bucket's objects.",
    });
    return this;
  }

  addEnvironment(name: string, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }
}
