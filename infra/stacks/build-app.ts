/**
 * Builds the CDK app: both stacks for one stage, and the cdk-nag AwsSolutions checks. A function so
 * tests can build the same app with their own context (and without bundling).
 */
import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { readStageSettings, type StageSettings } from "./stage.js";
import { StatefulStack } from "./stateful-stack.js";
import { StatelessStack } from "./stateless-stack.js";

export interface BuildAppOptions {
  /** CDK context (merged over cdk.json's when run by the CLI). */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /** Run cdk-nag during synth (default true): findings make synth fail. */
  readonly nag?: boolean;
}

export interface LedgerApp {
  readonly app: App;
  readonly settings: StageSettings;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function buildApp(options: BuildAppOptions = {}): LedgerApp {
  const props: AppProps = {
    // Defaults under cdk.json and -c values. Strong references: CloudFormation refuses to delete
    // or replace a table or bucket while the stateless stack still imports it.
    context: { "@aws-cdk/core:defaultCrossStackReferences": "strong", ...options.context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  };
  const app = new App(props);
  const settings = readStageSettings(app.node);
  // Environment-agnostic unless the CLI knows an account: synth needs no credentials.
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const env = account && region ? { account, region } : undefined;
  const prefix = `SisterCityLedger-${settings.stage}`;
  const tags = { project: "sister-city-ledger", stage: settings.stage };

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    settings,
    description: `Sister City Ledger ${settings.stage}: tables and digest bucket (data)`,
    tags,
    ...(env ? { env } : {}),
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    settings,
    description: `Sister City Ledger ${settings.stage}: functions, API, alarms`,
    tags,
    ...(env ? { env } : {}),
    eventsTable: stateful.eventsTable,
    readModelTable: stateful.readModelTable,
    digestBucketExports: stateful.digestBucketExports,
  });
  // Explicit: the bucket is referenced by export name, which CDK does not see as a dependency.
  stateless.addStackDependency(stateful);

  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, settings, stateful, stateless };
}
