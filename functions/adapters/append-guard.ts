/**
 * What both event-store adapters check before writing, the same way: the events continue the
 * stream in order, and each fits DynamoDB's item limit. Size is the UTF-8 length of the item's
 * JSON, which over-counts DynamoDB's own measure slightly (quotes, braces): an event that passes
 * here always fits.
 */
import type { StoredEvent } from "../../domain/index.js";
import { MAX_ITEM_BYTES, StoreError } from "../ports/event-store.js";

export function itemBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}

export function checkAppend(pairId: string, expectedVersion: number, events: readonly StoredEvent[]): void {
  events.forEach((e, i) => {
    if (e.pairId !== pairId || e.version !== expectedVersion + 1 + i)
      throw new Error(`append to ${pairId}@${expectedVersion}: events must continue the stream in order`);
    const size = itemBytes(e);
    if (size > MAX_ITEM_BYTES)
      throw new StoreError(
        "ITEM_TOO_LARGE",
        `event v${e.version} is ${size} bytes; the limit is ${MAX_ITEM_BYTES}`,
        {
          size,
          limit: MAX_ITEM_BYTES,
        },
      );
  });
}
