/** A document client that records every command sent through it (name and input), then sends it. */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

export function recordingClient(doc: DynamoDBDocumentClient) {
  const sent: SentCommand[] = [];
  const client = new Proxy(doc, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return (command: { constructor: { name: string }; input?: unknown }, ...rest: unknown[]) => {
        sent.push({
          name: command.constructor.name,
          input: (command.input ?? {}) as Record<string, unknown>,
        });
        return (target.send as (...args: unknown[]) => unknown)(command, ...rest);
      };
    },
  });
  return { client, sent, names: () => sent.map((c) => c.name) };
}
