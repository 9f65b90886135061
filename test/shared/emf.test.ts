/** The HTTP function's hand-written EMF: the line Powertools Metrics writes, counted per invocation. */
import { describe, expect, it } from "vitest";
import { METRIC, METRICS_NAMESPACE, createEmfSink } from "../../functions/shared/metrics.js";

describe("EMF written by hand", () => {
  it("adds up the counts of one invocation into one line with the namespace and the service dimension", () => {
    const lines: string[] = [];
    const sink = createEmfSink({ service: "sister-city-ledger", write: (l) => lines.push(l), now: () => 42 });
    sink.count(METRIC.eventsAppended, 2);
    sink.count(METRIC.eventsAppended);
    sink.count(METRIC.writeConflicts);
    sink.flush();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      _aws: {
        Timestamp: 42,
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [["service"]],
            Metrics: [
              { Name: "EventsAppended", Unit: "Count" },
              { Name: "WriteConflicts", Unit: "Count" },
            ],
          },
        ],
      },
      service: "sister-city-ledger",
      EventsAppended: 3,
      WriteConflicts: 1,
    });
  });

  it("prints nothing for an invocation that recorded nothing, and starts afresh after a flush", () => {
    const lines: string[] = [];
    const sink = createEmfSink({ service: "s", write: (l) => lines.push(l) });
    sink.flush();
    expect(lines).toEqual([]);
    sink.count(METRIC.idempotentReplays);
    sink.flush();
    sink.flush();
    expect(lines).toHaveLength(1);
  });
});
