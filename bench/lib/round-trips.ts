/** Counts DynamoDB requests (attempts included) through an SDK client, per operation. */
import type { MiddlewareStack } from "@smithy/types";

type AnyStack = MiddlewareStack<any, any>;

export function countRoundTrips(client: { middlewareStack: AnyStack }) {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "unknown");
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "deserialize", name: "benchRoundTripCounter", priority: "high", override: true },
  );
  return {
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    byOperation: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
  };
}
