/**
 * A fault-injecting DynamoDB client: middleware on the SDK client's stack that throws throttling
 * and server errors for chosen calls, either before the request is sent (DynamoDB never saw it)
 * or after the real call returned (the write landed but the response was "lost").
 *
 * The middleware sits in the `deserialize` step, i.e. inside the SDK's retry middleware
 * (`finalizeRequest`), so every injected fault is seen — and retried with backoff — by the SDK's
 * standard retry strategy exactly as a real one would be. Each attempt is one call here.
 */
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { MiddlewareStack } from "@smithy/types";
import type { PairDoc } from "../../domain/index.js";

export type FaultKind =
  | "ProvisionedThroughputExceededException"
  | "InternalServerError"
  | "ThrottlingException"
  /** A transaction cancelled because another one held an item (AWS; DynamoDB Local never says so). */
  | "TransactionConflict";

export interface Fault {
  readonly kind: FaultKind;
  /** "before": the request is never sent. "after": it is sent and applied, the answer is lost. */
  readonly when: "before" | "after";
}

export interface CallInfo {
  /** 0-based number of this attempt among all attempts through the client. */
  readonly index: number;
  /** 0-based number of this attempt among attempts of the same operation since the plan was set. */
  readonly indexOfCommand: number;
  /** The operation, e.g. "PutItemCommand", "TransactWriteItemsCommand". */
  readonly command: string;
  /** The SDK's attempt number for this request (1 = first try), from its amz-sdk-request header. */
  readonly attempt: number;
  /** The operation's input as sent (marshalled attribute values). */
  readonly input: Record<string, unknown>;
}

export interface CallRecord extends CallInfo {
  readonly fault?: Fault;
  /** The call reached DynamoDB Local (no fault, or an "after" fault). */
  readonly sent: boolean;
}

export type FaultPlan = (call: CallInfo) => Fault | undefined;

export interface FaultLog {
  readonly calls: CallRecord[];
  /** Calls that carried an injected fault. */
  readonly injected: () => CallRecord[];
  /** Replace the plan (e.g. to stop injecting before the assertions read the table). */
  setPlan(plan: FaultPlan | undefined): void;
}

export function faultError(kind: FaultKind, call: CallInfo): Error {
  const message = `injected ${kind} on ${call.command} (attempt #${call.indexOfCommand})`;
  switch (kind) {
    case "ProvisionedThroughputExceededException":
      return new ProvisionedThroughputExceededException({ message, $metadata: { httpStatusCode: 400 } });
    case "ThrottlingException":
      return new ThrottlingException({ message, $metadata: { httpStatusCode: 400 } });
    case "InternalServerError":
      return new InternalServerError({ message, $metadata: { httpStatusCode: 500 } });
    case "TransactionConflict": {
      const items = (call.input.TransactItems as unknown[] | undefined)?.length ?? 1;
      return new TransactionCanceledException({
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict] (${message})`,
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: Array.from({ length: items }, (_, i) =>
          i === 0
            ? { Code: "TransactionConflict", Message: "Transaction is ongoing for the item" }
            : { Code: "None" },
        ),
      });
    }
  }
}

type AnyStack = MiddlewareStack<any, any>;

/** Adds the fault middleware to a client (DynamoDBClient or DynamoDBDocumentClient: one stack). */
export function injectFaults(client: { middlewareStack: AnyStack }, plan?: FaultPlan): FaultLog {
  let current = plan;
  const calls: CallRecord[] = [];
  const perCommand = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "unknown");
      const indexOfCommand = perCommand.get(command) ?? 0;
      perCommand.set(command, indexOfCommand + 1);
      const header = (args.request as { headers?: Record<string, string> } | undefined)?.headers?.[
        "amz-sdk-request"
      ];
      const info: CallInfo = {
        index: calls.length,
        indexOfCommand,
        command,
        attempt: Number(/attempt=(\d+)/.exec(header ?? "")?.[1] ?? 1),
        input: (args.input ?? {}) as Record<string, unknown>,
      };
      const fault = current?.(info);
      calls.push({ ...info, ...(fault ? { fault } : {}), sent: fault?.when !== "before" });
      if (fault?.when === "before") throw faultError(fault.kind, info);
      const out = await next(args);
      if (fault?.when === "after") throw faultError(fault.kind, info);
      return out;
    },
    { step: "deserialize", name: "faultInjection", priority: "high", override: true },
  );
  return {
    calls,
    injected: () => calls.filter((c) => c.fault !== undefined),
    setPlan(next) {
      current = next;
      perCommand.clear();
    },
  };
}

/** A plan from a list: the n-th attempt of `command` gets the fault (each at most once). */
export function faultsAt(
  entries: readonly { command: string; indexOfCommand: number; fault: Fault }[],
): FaultPlan {
  return (call) =>
    entries.find((e) => e.command === call.command && e.indexOfCommand === call.indexOfCommand)?.fault;
}

/**
 * A seeded pseudo-random plan: each attempt faults with probability `rate` (deterministic per
 * seed), never on an attempt numbered above `maxFaultedAttempt` — so the SDK's 5 attempts always
 * end in a clean one and a test sees retried faults, not exhausted retries.
 */
export function randomFaults(
  seed: number,
  rate: number,
  kinds: readonly FaultKind[],
  options: { commands?: readonly string[]; maxFaultedAttempt?: number } = {},
): FaultPlan {
  const maxAttempt = options.maxFaultedAttempt ?? 3;
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: reproducible, no dependency.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
  return (call) => {
    const roll = next();
    const pick = next();
    const when = next() < 0.5 ? "before" : "after";
    if (options.commands && !options.commands.includes(call.command)) return undefined;
    if (roll >= rate || call.attempt > maxAttempt) return undefined;
    return { kind: kinds[Math.floor(pick * kinds.length)] as FaultKind, when };
  };
}

/**
 * Overwrite a pair's read-model document behind the projector's back (the item as the DynamoDB
 * adapter stores it, its version left as it was): a corrupted document for replay to find.
 */
export function overwriteDoc(doc: DynamoDBDocumentClient, table: string, corrupted: PairDoc) {
  return doc.send(
    new PutCommand({
      TableName: table,
      Item: {
        pk: `PAIR#${corrupted.view.pairId}`,
        sk: "DOC",
        version: corrupted.view.version,
        doc: corrupted,
      },
    }),
  );
}
