/**
 * Taking and publishing ledger digests. The digest is computed from a scan of the events table
 * (never from the read model: an auditor trusts only the chain), and published outside that
 * table: a folder locally, an Object Lock bucket in AWS, where nobody can rewrite it later.
 */
import { digestOf, type LedgerDigest, type StreamHead } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { type CollectOptions, collectStreams } from "./stream-scan.js";

export async function takeDigest(
  store: EventStore,
  options: CollectOptions & { readonly clock?: () => Date } = {},
): Promise<LedgerDigest> {
  const result = await collectStreams<StreamHead>(store, options, ({ pairId, events }) => {
    const last = events.at(-1);
    return last ? { pairId, version: last.version, hash: last.hash } : undefined;
  });
  const takenAt = (options.clock ?? (() => new Date()))().toISOString();
  return digestOf(result.items, takenAt, { events: result.events });
}

export {
  createDirectoryPublisher,
  createS3Publisher,
  type DigestArchive,
  type DigestPublisher,
  digestFileName,
  type PublishedDigest,
  readDigestFile,
} from "./digest-archive.js";
