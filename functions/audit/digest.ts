/**
 * Taking and publishing ledger digests. The digest is computed from a scan of the events table
 * (never from the read model: an auditor trusts only the chain), and published outside that
 * table: a folder locally, an Object Lock bucket in AWS, where nobody can rewrite it later.
 */
import { digestOf, type LedgerDigest, type StreamHead } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { scanStreams, type ScanProgress } from "./stream-scan.js";

export async function takeDigest(
  store: EventStore,
  options: {
    readonly clock?: () => Date;
    readonly segments?: number;
    readonly maxEvents?: number;
    readonly onProgress?: (p: ScanProgress) => void;
  } = {},
): Promise<LedgerDigest> {
  const result = await scanStreams<StreamHead[]>(
    store,
    {
      initial: () => [],
      ...(options.segments ? { segments: options.segments } : {}),
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    ({ pairId, events }, heads) => {
      const last = events.at(-1);
      if (last) heads.push({ pairId, version: last.version, hash: last.hash });
    },
  );
  const takenAt = (options.clock ?? (() => new Date()))().toISOString();
  return digestOf(
    result.segments.flatMap((s) => s.acc),
    takenAt,
    { events: result.events },
  );
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
