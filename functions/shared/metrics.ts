/**
 * Operational metrics as CloudWatch EMF (Powertools Metrics, wired in ./powertools.ts; the HTTP
 * function writes the same lines with createEmfSink): one JSON line on stdout per
 * invocation, which Lambda's log pipeline turns into metrics, no API calls. The names here are the
 * ones the dashboard and the alarms use (infra/constructs/operations.ts states them again; the
 * template test checks that both agree). Entry points and handler wrappers emit from outcomes that
 * already exist: the ledger's WriteOutcome, the projector's ApplyOutcome, a verification's findings.
 */
import type { StoredEvent } from "../../domain/index.js";
import type { Ledger } from "../application/ledger.js";
import type { ApplyOutcome, Projector } from "../projector/projector.js";

/** The service dimension (POWERTOOLS_SERVICE_NAME in CDK says the same). */
export const METRICS_SERVICE = "sister-city-ledger";

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

/**
 * EMF written by hand, for the HTTP function only: the same JSON line Powertools Metrics writes
 * (namespace, a `service` dimension, one value per metric), without its ~15 KB in the bundle whose
 * cold start is the user's latency (BENCHMARKS.md). Counts of one name within an invocation add up.
 * `flush()` at the end of each invocation; an invocation that recorded nothing prints nothing.
 */
export function createEmfSink(options: {
  readonly service: string;
  readonly namespace?: string;
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}): MetricSink & { flush(): void } {
  const counts = new Map<MetricName, number>();
  const timings = new Map<MetricName, number[]>();
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    count: (name, value = 1) => counts.set(name, (counts.get(name) ?? 0) + value),
    milliseconds: (name, value) => timings.set(name, [...(timings.get(name) ?? []), value]),
    flush() {
      if (counts.size === 0 && timings.size === 0) return;
      const metrics = [
        ...[...counts.keys()].map((Name) => ({ Name, Unit: "Count" })),
        ...[...timings.keys()].map((Name) => ({ Name, Unit: "Milliseconds" })),
      ];
      write(
        JSON.stringify({
          _aws: {
            Timestamp: (options.now ?? Date.now)(),
            CloudWatchMetrics: [
              {
                Namespace: options.namespace ?? METRICS_NAMESPACE,
                Dimensions: [["service"]],
                Metrics: metrics,
              },
            ],
          },
          service: options.service,
          ...Object.fromEntries(counts),
          ...Object.fromEntries(timings),
        }),
      );
      counts.clear();
      timings.clear();
    },
  };
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
  const record = (outcome: ApplyOutcome | Error | undefined, last: StoredEvent | undefined) => {
    const name = outcome instanceof Error || outcome === undefined ? undefined : counted[outcome];
    if (!name || !last) return;
    sink.count(name);
    const lag = clock().getTime() - Date.parse(last.recordedAt);
    if (Number.isFinite(lag)) sink.milliseconds(METRIC.projectorLag, Math.max(0, lag));
  };
  return {
    ...projector,
    async apply(event) {
      const outcome = await projector.apply(event);
      record(outcome, event);
      return outcome;
    },
    // The stream handler's path: one count (and one lag, of the pair's last event) a pair.
    async applyPairs(pairs) {
      const outcomes = await projector.applyPairs(pairs);
      for (const events of pairs) {
        const last = events.at(-1);
        record(last && outcomes.get(last.pairId), last);
      }
      return outcomes;
    },
  };
}
