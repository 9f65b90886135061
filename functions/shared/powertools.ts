/**
 * Powertools for the Lambda entry points that are not on the API's cold path (projector, replay,
 * digest): Metrics as the MetricSink, and a handler wrapper with injectLambdaContext.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { METRICS_NAMESPACE, type MetricSink } from "./metrics.js";

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
  tools: { readonly logger: Logger; readonly metrics: Metrics },
): LambdaHandler<E, R> {
  const flushing: LambdaHandler<E, R> = async (event, context) => {
    try {
      return await handler(event, context);
    } finally {
      if (tools.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
    }
  };
  const { logger } = tools;
  const descriptor: TypedPropertyDescriptor<LambdaHandler<E, R>> = { value: flushing };
  logger.injectLambdaContext({ resetKeys: true })(
    { handler: flushing } as never,
    "handler",
    descriptor as never,
  );
  const withContext = descriptor.value as LambdaHandler<E, R>;
  return (event, context) => (context ? withContext(event, context) : flushing(event, context));
}
