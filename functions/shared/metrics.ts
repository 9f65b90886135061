/**
 * Operational metrics as CloudWatch EMF (Powertools Metrics): one JSON line on stdout per
 * invocation, which Lambda's log pipeline turns into metrics, no API calls. The names here are the
 * ones the dashboard and the alarms use (infra/constructs/operations.ts states them again; the
 * template test checks that both agree). Entry points and handler wrappers emit from outcomes that
 * already exist: the ledger's WriteOutcome, the projector's ApplyOutcome, a verification's findings.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import type { Ledger } from "../application/ledger.js";
import type { ApplyOutcome, Projector } from "../projector/projector.js";

/** CloudWatch namespace (POWERTOOLS_METRICS_NAMESPACE in CDK says the same). */
export const METRICS_NAMESPACE = "SisterCityLedger";

export const METRIC = {
  eventsAppended: "EventsAppended",
  writeConflicts: "WriteConflicts",
  idempotentReplays: "IdempotentReplays",
  projectorApplied: "ProjectorApplied",
  projectorGapFilled: "ProjectorGapFilled",
  projectorLag: "ProjectorLag",
  verificationBreaks: "VerificationBreaks",
  ledgerVerified: "LedgerVerified",
  digestsPublished: "DigestsPublished",
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Where code records a metric; the Powertools sink in Lambda, nothing locally. */
export interface MetricSink {
  count(name: MetricName, value?: number): void;
  milliseconds(name: MetricName, value: number): void;
}

export const noMetrics: MetricSink = { count() {}, milliseconds() {} };

/** A Powertools Metrics instance; the service name comes from POWERTOOLS_SERVICE_NAME (set by CDK). */
export const createMetrics = (options: { readonly serviceName?: string } = {}) =>
  new Metrics({ namespace: METRICS_NAMESPACE, ...options });

export function metricSink(metrics: Metrics): MetricSink {
  return {
    count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value),
    milliseconds: (name, value) => metrics.addMetric(name, MetricUnit.Milliseconds, value),
  };
}

/** A Lambda handler: the event, and the context Lambda passes (absent when a test calls it bare). */
type LambdaHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/**
 * A Lambda handler with Powertools' `injectLambdaContext` (request id, function name, cold start
 * in every log line; temporary keys reset after each invocation) and its metrics flushed as EMF
 * when the invocation ends, thrown or not. Both are Powertools' own method decorators' behaviour,
 * applied to the handler function (no Middy, no classes). An invocation that recorded nothing
 * prints nothing.
 */
export function instrument<E, R>(
  // biome-ignore lint/suspicious/noExplicitAny: handlers type their context in several ways (hono, aws-lambda)
  handler: (event: E, context: any) => Promise<R>,
  tools: { readonly logger?: Logger; readonly metrics: Metrics },
): LambdaHandler<E, R> {
  const flushing: LambdaHandler<E, R> = async (event, context) => {
    try {
      return await handler(event, context);
    } finally {
      if (tools.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
    }
  };
  // Without a logger (the HTTP function logs with console in Lambda's JSON format, which already
  // carries the request id), only the metrics are flushed.
  const { logger } = tools;
  if (!logger) return flushing;
  const descriptor: TypedPropertyDescriptor<LambdaHandler<E, R>> = { value: flushing };
  logger.injectLambdaContext({ resetKeys: true })(
    { handler: flushing } as never,
    "handler",
    descriptor as never,
  );
  const withContext = descriptor.value as LambdaHandler<E, R>;
  return (event, context) => (context ? withContext(event, context) : flushing(event, context));
}

/** The ledger, counting what each write did: events appended, conflicts, idempotent replays. */
export function withWriteMetrics(ledger: Ledger, sink: MetricSink): Ledger {
  return {
    ...ledger,
    async execute(pairId, command, ctx) {
      const outcome = await ledger.execute(pairId, command, ctx);
      if (outcome.ok) {
        if (outcome.value.replayed) sink.count(METRIC.idempotentReplays);
        else if (outcome.value.events.length > 0)
          sink.count(METRIC.eventsAppended, outcome.value.events.length);
      } else if (outcome.error.code === "VERSION_MISMATCH" || outcome.error.code === "CONCURRENCY_CONFLICT")
        sink.count(METRIC.writeConflicts);
      return outcome;
    },
  };
}

/**
 * The projector, counting what each apply did and how far behind the event's recording it ran
 * (lag: now minus recordedAt, for events applied or gap-filled).
 */
export function withProjectorMetrics(
  projector: Projector,
  sink: MetricSink,
  clock: () => Date = () => new Date(),
): Projector {
  const counted: Partial<Record<ApplyOutcome, MetricName>> = {
    applied: METRIC.projectorApplied,
    "gap-filled": METRIC.projectorGapFilled,
  };
  return {
    ...projector,
    async apply(event) {
      const outcome = await projector.apply(event);
      const name = counted[outcome];
      if (name) {
        sink.count(name);
        const lag = clock().getTime() - Date.parse(event.recordedAt);
        if (Number.isFinite(lag)) sink.milliseconds(METRIC.projectorLag, Math.max(0, lag));
      }
      return outcome;
    },
  };
}
