/**
 * What an operator watches: alarms to one SNS topic and a dashboard. Every alarm is a state an
 * operator must act on (the projector is stuck or dropping records, a function fails or is
 * throttled), none is informational.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC } from "../../functions/shared/metrics.js";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./ledger-function.js";

/**
 * The application metrics the functions emit as EMF, named once in functions/shared/metrics.ts;
 * each carries the `service` dimension.
 */
export const APP_METRICS = METRIC;

export interface OperationsProps {
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly projector: lambda.IFunction;
  readonly onFailureQueue: sqs.IQueue;
  readonly api: apigwv2.HttpApi;
  readonly dashboardName?: string;
  readonly alarmEmail?: string;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, "AlarmTopic", {
      displayName: "Sister City Ledger alarms",
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const period = Duration.minutes(5);
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      a.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    alarm(
      "OnFailureQueueNotEmpty",
      props.onFailureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
      0,
      "Stream records the projector gave up on are in the on-failure queue: the read model is missing events. Fix the cause, then run replay.",
    );
    alarm(
      "ProjectorIteratorAge",
      props.projector.metric("IteratorAge", { period, statistic: "Maximum" }),
      Duration.minutes(5).toMilliseconds(),
      "The projector is more than 5 minutes behind the events stream (stream records expire after 24 h).",
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period, statistic: "Sum" }), 0, `${name} function errors.`);
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period, statistic: "Sum" }),
        0,
        `${name} function throttles.`,
      );
    }
    const app = (name: string, statistic = "Sum", label?: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service: SERVICE_NAME },
        statistic,
        period,
        ...(label ? { label } : {}),
      });
    // The hourly digest job verified the ledger and found it broken: it published nothing.
    const breaks = app(APP_METRICS.verificationBreaks, "Maximum");
    alarm(
      "LedgerVerificationBreaks",
      breaks,
      0,
      "The scheduled verification found the ledger broken (a chain does not verify, or the ledger no longer extends the last published digest): no digest was published. The findings are in the digest function's log and under breaks/ in the digest bucket; run `ledger verify` and `ledger verify-digests`.",
    );
    alarm(
      "Api5xx",
      props.api.metricServerError({ period, statistic: "Sum" }),
      5,
      "The HTTP API returned more than 5 server errors in 5 minutes.",
    );

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      ...(props.dashboardName ? { dashboardName: props.dashboardName } : {}),
      defaultInterval: Duration.hours(3),
    });
    const fns = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "API requests and errors",
        left: [props.api.metricCount({ period })],
        right: [props.api.metricClientError({ period }), props.api.metricServerError({ period })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "API latency (p50, p99)",
        left: [
          props.api.metricLatency({ period, statistic: "p50" }),
          props.api.metricLatency({ period, statistic: "p99" }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Projector iterator age (ms)",
        left: [props.projector.metric("IteratorAge", { period, statistic: "Maximum" })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: "On-failure queue depth",
        left: [
          props.onFailureQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: "Maximum" }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Function errors",
        left: fns.map(([name, fn]) => fn.metricErrors({ period, label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Function throttles",
        left: fns.map(([name, fn]) => fn.metricThrottles({ period, label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Function duration p99 (ms)",
        left: fns.map(([name, fn]) => fn.metricDuration({ period, statistic: "p99", label: name })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Writes: events appended, conflicts, idempotent replays",
        left: [
          app(APP_METRICS.eventsAppended, "Sum", "events appended"),
          app(APP_METRICS.writeConflicts, "Sum", "write conflicts"),
          app(APP_METRICS.idempotentReplays, "Sum", "idempotent replays"),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Projector: applied, gap-filled, lag (ms)",
        left: [
          app(APP_METRICS.projectorApplied, "Sum", "applied"),
          app(APP_METRICS.projectorGapFilled, "Sum", "gap-filled"),
        ],
        right: [app(APP_METRICS.projectorLag, "p99", "lag p99 (ms)")],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Ledger verification: breaks, verifications, digests published",
        left: [app(APP_METRICS.verificationBreaks, "Maximum", "verification breaks")],
        right: [
          app(APP_METRICS.ledgerVerified, "Sum", "verifications"),
          app(APP_METRICS.digestsPublished, "Sum", "digests published"),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms: this.alarms, width: 24 }),
    );
  }
}
