/**
 * Compute and the front door: the four Lambdas (HTTP, projector, replay, digest), the projector's
 * stream subscription, the HTTP API, alarms and the dashboard. Holds no data of its own except the
 * on-failure queue, so it can be destroyed and redeployed at will.
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sources from "aws-cdk-lib/aws-lambda-event-sources";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { ENV } from "../../functions/config.js";
import { LedgerApi } from "../constructs/ledger-api.js";
import { type DigestBucketRef, LedgerFunction } from "../constructs/ledger-function.js";
import { Operations } from "../constructs/operations.js";
import type { StageSettings } from "./stage.js";

/** Handler entry files, relative to the repository root; each exports `handler`. */
export const ENTRIES = {
  http: "functions/http/handler.ts",
  board: "functions/http/board-handler.ts",
  projector: "functions/projector/handler.ts",
  replay: "functions/replay/handler.ts",
  digest: "functions/digest/handler.ts",
} as const;

export type FunctionName = keyof typeof ENTRIES;

export interface StatelessStackProps extends StackProps {
  readonly settings: StageSettings;
  readonly eventsTable: dynamodb.ITable;
  readonly readModelTable: dynamodb.ITable;
  /** Export names of the digest bucket's name and ARN in the stateful stack. */
  readonly digestBucketExports: { readonly name: string; readonly arn: string };
}

/** Projector stream settings, exported so tests and docs state the same numbers. */
export const PROJECTOR_STREAM = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(1),
  retryAttempts: 5,
  maxRecordAge: Duration.days(1),
  /**
   * Lambda's maximum: up to 10 batches of a shard at once, records with one partition key (one
   * pair) always in the same one, in order; the projector needs no more than that.
   */
  parallelizationFactor: 10,
} as const;

export class StatelessStack extends Stack {
  readonly functions: Record<FunctionName, LedgerFunction>;
  readonly api: LedgerApi;
  readonly onFailureQueue: sqs.Queue;
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    const { settings } = props;
    super(scope, id, props);
    const logRetention = settings.isProd ? logs.RetentionDays.ONE_YEAR : logs.RetentionDays.TWO_WEEKS;
    const logRemovalPolicy = settings.isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const common = { logRetention, logRemovalPolicy } as const;
    const digestBucket: DigestBucketRef = {
      bucketName: Fn.importValue(props.digestBucketExports.name),
      bucketArn: Fn.importValue(props.digestBucketExports.arn),
      arnExportName: props.digestBucketExports.arn,
    };

    const http = new LedgerFunction(this, "Http", {
      ...common,
      entry: ENTRIES.http,
      description: "Sister City Ledger HTTP API (Hono)",
      memorySize: 1024,
      timeout: Duration.seconds(15),
      environment: { [ENV.authMode]: "aws", [ENV.idempotencyTtlHours]: "24" },
    })
      // Appends events (conditional put, idempotency record in the same transaction): never deletes.
      .bindTable(props.eventsTable, ENV.eventsTable, "append")
      .bindTable(props.readModelTable, ENV.readModelTable, "read")
      // Serves the published digests under /audit.
      .bindDigestBucket(digestBucket, "read");

    // The status board: its own function, so the API's bundle and cold start carry only the API.
    // Reads only: pair pages fold the events, lists and the CSV come from the read model.
    const board = new LedgerFunction(this, "Board", {
      ...common,
      entry: ENTRIES.board,
      description: "Sister City Ledger status board (server-rendered pages and CSV)",
      memorySize: 1024,
      timeout: Duration.seconds(15),
    })
      .bindTable(props.eventsTable, ENV.eventsTable, "read")
      .bindTable(props.readModelTable, ENV.readModelTable, "read");

    // The projector reads events (to fill gaps) and writes the read model: it cannot write events.
    const projector = new LedgerFunction(this, "Projector", {
      ...common,
      entry: ENTRIES.projector,
      description: "Sister City Ledger projector (events stream to read model)",
      memorySize: 512,
      timeout: Duration.seconds(60),
    })
      .bindTable(props.eventsTable, ENV.eventsTable, "read")
      .bindTable(props.readModelTable, ENV.readModelTable, "project");

    // Rebuilds or compares the read model from a full scan of the events table.
    const replay = new LedgerFunction(this, "Replay", {
      ...common,
      entry: ENTRIES.replay,
      description: "Sister City Ledger replay (rebuild and verify the read model)",
      memorySize: 1024,
      timeout: Duration.minutes(15),
    })
      .bindTable(props.eventsTable, ENV.eventsTable, "read")
      .bindTable(props.readModelTable, ENV.readModelTable, "readWrite");

    // Verifies every chain against the last published digest (reads the bucket), then publishes the
    // Merkle root of every stream head; reads the read model only to list the streams.
    const digest = new LedgerFunction(this, "Digest", {
      ...common,
      entry: ENTRIES.digest,
      description: "Sister City Ledger digest publisher (hourly)",
      memorySize: 512,
      timeout: Duration.minutes(5),
    })
      .bindTable(props.eventsTable, ENV.eventsTable, "read")
      .bindTable(props.readModelTable, ENV.readModelTable, "read")
      .bindDigestBucket(digestBucket, "put")
      .bindDigestBucket(digestBucket, "read");

    this.functions = { http, board, projector, replay, digest };

    // Records the projector gave up on (after retries and bisection) land here with their shard
    // and sequence numbers, kept for the 14-day maximum so an operator can replay.
    this.onFailureQueue = new sqs.Queue(this, "ProjectorOnFailure", {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      removalPolicy: settings.isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    Validations.of(this.onFailureQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the dead-letter destination of the projector's stream mapping; its messages are pointers for an operator, watched by an alarm.",
    });

    projector.fn.addEventSource(
      new sources.DynamoEventSource(props.eventsTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: PROJECTOR_STREAM.batchSize,
        maxBatchingWindow: PROJECTOR_STREAM.maxBatchingWindow,
        retryAttempts: PROJECTOR_STREAM.retryAttempts,
        maxRecordAge: PROJECTOR_STREAM.maxRecordAge,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // Batches of a shard side by side; the records of one pair (partition key) stay in order.
        parallelizationFactor: PROJECTOR_STREAM.parallelizationFactor,
        onFailure: new sources.SqsDlq(this.onFailureQueue),
      }),
    );
    Validations.of(projector.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "dynamodb:ListStreams has no resource-level permissions; CDK's stream grant needs it on '*'.",
    });

    new events.Rule(this, "HourlyDigest", {
      description: "Publish a ledger digest every hour",
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(digest.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });

    this.api = new LedgerApi(this, "Api", { handler: http.fn, boardHandler: board.fn, settings, ...common });

    this.operations = new Operations(this, "Operations", {
      functions: {
        Http: http.fn,
        Board: board.fn,
        Projector: projector.fn,
        Replay: replay.fn,
        Digest: digest.fn,
      },
      projector: projector.fn,
      onFailureQueue: this.onFailureQueue,
      api: this.api.api,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output("ApiUrl", this.api.stage.url, "Base URL of the HTTP API");
    output("EventsTableName", props.eventsTable.tableName, "Events table (the ledger)");
    output("ReadModelTableName", props.readModelTable.tableName, "Read-model table");
    output("DigestBucketName", digestBucket.bucketName, "Bucket of published ledger digests (Object Lock)");
    output("OnFailureQueueUrl", this.onFailureQueue.queueUrl, "Stream records the projector gave up on");
    output("ReplayFunctionName", replay.fn.functionName, "Invoke to rebuild or verify the read model");
    output("AlarmTopicArn", this.operations.topic.topicArn, "Subscribe to receive alarms");
    if (this.api.writerPolicy) {
      output(
        "WriterPolicyArn",
        this.api.writerPolicy.managedPolicyArn,
        "Attach to identities that may write (SigV4)",
      );
    }
  }
}
