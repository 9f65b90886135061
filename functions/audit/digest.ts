/**
 * Taking and publishing ledger digests. The digest is computed from a scan of the events table
 * (never from the read model: an auditor trusts only the chain), and published outside that
 * table: a folder locally, an Object Lock bucket in AWS, where nobody can rewrite it later.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { digestOf, DIGEST_FORMAT_VERSION, type LedgerDigest, type StreamHead } from "../../domain/index.js";
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

export interface PublishedDigest {
  /** Where it went: a file path or an s3:// URL. */
  readonly location: string;
}

export interface DigestPublisher {
  publish(digest: LedgerDigest): Promise<PublishedDigest>;
}

/** File name of a digest: its time, safe on every file system ("2026-11-28T21-00-00.000Z.json"). */
export const digestFileName = (d: Pick<LedgerDigest, "takenAt">) => `${d.takenAt.replace(/:/g, "-")}.json`;

/** Locally: `<dir>/<takenAt>.json`, never overwritten (the `wx` flag), the folder kept outside the table. */
export function createDirectoryPublisher(dir: string): DigestPublisher {
  return {
    async publish(digest) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, digestFileName(digest));
      await writeFile(path, `${JSON.stringify(digest, null, 2)}\n`, { flag: "wx" });
      return { location: path };
    },
  };
}

/**
 * In AWS: `digests/<takenAt>.json` in the Object Lock bucket; the bucket's default retention
 * (compliance mode, set by CDK) applies. Object Lock requires an integrity checksum on the put.
 */
export function createS3Publisher(s3: S3Client, bucket: string, prefix = "digests/"): DigestPublisher {
  return {
    async publish(digest) {
      const key = `${prefix}${digestFileName(digest)}`;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(digest),
          ContentType: "application/json",
          ChecksumAlgorithm: "SHA256",
          // Two digests in the same millisecond would collide; the second is refused, not merged.
          IfNoneMatch: "*",
        }),
      );
      return { location: `s3://${bucket}/${key}` };
    },
  };
}

/** Read a digest file (for `verify --against`), checking it is one. */
export async function readDigestFile(path: string): Promise<LedgerDigest> {
  const parsed = JSON.parse(await readFile(path, "utf8")) as Partial<LedgerDigest>;
  if (
    typeof parsed.root !== "string" ||
    typeof parsed.takenAt !== "string" ||
    typeof parsed.formatVersion !== "number" ||
    !Array.isArray(parsed.heads)
  )
    throw new Error(`${path} is not a ledger digest with heads (format ${DIGEST_FORMAT_VERSION})`);
  return parsed as LedgerDigest;
}
