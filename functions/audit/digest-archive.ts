/**
 * Where published digests live, outside the events table: a folder locally, the Object Lock
 * bucket in AWS. Both publish (never overwriting), list in time order, read one back, and keep a
 * record of a verification that refused to publish. A digest's id is its file name without
 * `.json` ("2026-11-28T21-00-00.000Z"), which sorts in time order.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { DIGEST_FORMAT_VERSION, type LedgerDigest } from "../../domain/index.js";

export interface PublishedDigest {
  /** Where it went: a file path or an s3:// URL (for operators; never sent to HTTP clients). */
  readonly location: string;
  readonly id: string;
}

export interface DigestPublisher {
  publish(digest: LedgerDigest): Promise<PublishedDigest>;
}

/** What a verification found when it refused to publish: kept beside the digests. */
export interface BreakRecord {
  readonly checkedAt: string;
  readonly against?: { readonly id: string; readonly takenAt: string; readonly root: string };
  readonly findings: readonly { readonly kind: string; readonly pairId?: string; readonly message: string }[];
}

export interface DigestArchive extends DigestPublisher {
  /** Where the archive is (a folder or s3://bucket/prefix), for messages. */
  readonly where: string;
  /** Every digest id, oldest first. */
  list(): Promise<string[]>;
  /** One digest, or undefined when there is none with that id. */
  get(id: string): Promise<LedgerDigest | undefined>;
  /** Keep a record of a verification that refused to publish; returns where it went. */
  recordBreak(record: BreakRecord): Promise<string>;
}

/** A digest id: the time it was taken, with ":" replaced so it is a file name everywhere. */
export const DIGEST_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z$/;
export const digestIdOf = (d: Pick<LedgerDigest, "takenAt">) => d.takenAt.replace(/:/g, "-");
/** File name of a digest: "2026-11-28T21-00-00.000Z.json". */
export const digestFileName = (d: Pick<LedgerDigest, "takenAt">) => `${digestIdOf(d)}.json`;

/** The newest digest of an archive, with its id. */
export async function latestDigest(
  archive: DigestArchive,
): Promise<{ readonly id: string; readonly digest: LedgerDigest } | undefined> {
  const id = (await archive.list()).at(-1);
  if (!id) return undefined;
  const digest = await archive.get(id);
  return digest ? { id, digest } : undefined;
}

/** Parse a digest document, checking it is one (with heads, so its streams can be checked). */
export function parseDigest(text: string, where: string): LedgerDigest {
  let parsed: Partial<LedgerDigest>;
  try {
    parsed = JSON.parse(text) as Partial<LedgerDigest>;
  } catch {
    throw new Error(`${where} is not JSON`);
  }
  const prev = parsed.previous;
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof parsed.root !== "string" ||
    typeof parsed.takenAt !== "string" ||
    typeof parsed.formatVersion !== "number" ||
    !Array.isArray(parsed.heads) ||
    (prev !== undefined && (typeof prev?.hash !== "string" || typeof prev?.takenAt !== "string"))
  )
    throw new Error(`${where} is not a ledger digest with heads (format ${DIGEST_FORMAT_VERSION})`);
  return parsed as LedgerDigest;
}

/** Read a digest file (for `verify --against`, `verify-proof --digest`), checking it is one. */
export async function readDigestFile(path: string): Promise<LedgerDigest> {
  return parseDigest(await readFile(path, "utf8"), path);
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/** Locally: `<dir>/<id>.json`, never overwritten (the `wx` flag); break records in `<dir>/breaks/`. */
export function createDirectoryPublisher(dir: string): DigestArchive {
  return {
    where: dir,
    async publish(digest) {
      await mkdir(dir, { recursive: true });
      const path = join(dir, digestFileName(digest));
      await writeFile(path, `${JSON.stringify(digest, null, 2)}\n`, { flag: "wx" });
      return { location: path, id: digestIdOf(digest) };
    },
    async list() {
      const names = await readdir(dir).catch((e: unknown) => (isMissing(e) ? [] : Promise.reject(e)));
      return names
        .filter((n) => n.endsWith(".json") && DIGEST_ID_PATTERN.test(n.slice(0, -5)))
        .map((n) => n.slice(0, -5))
        .sort();
    },
    async get(id) {
      if (!DIGEST_ID_PATTERN.test(id)) return undefined;
      const path = join(dir, `${id}.json`);
      const text = await readFile(path, "utf8").catch((e: unknown) =>
        isMissing(e) ? undefined : Promise.reject(e),
      );
      return text === undefined ? undefined : parseDigest(text, path);
    },
    async recordBreak(record) {
      const breaks = join(dir, "breaks");
      await mkdir(breaks, { recursive: true });
      const path = join(breaks, `${record.checkedAt.replace(/:/g, "-")}.json`);
      await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
      return path;
    },
  };
}

/**
 * In AWS: `<prefix><id>.json` in the Object Lock bucket; the bucket's default retention
 * (compliance mode, set by CDK) applies. Object Lock requires an integrity checksum on the put.
 * Break records go under `breaks/`, beside the digests and as undeletable.
 */
export function createS3Publisher(
  client: S3Client | (() => S3Client | Promise<S3Client>),
  bucket: string,
  prefix = "digests/",
): DigestArchive {
  // The S3 SDK loads on first use: the HTTP function reads digests only for proofs, so its cold
  // path does not pay for the package (BENCHMARKS.md, "Cold start").
  let ready: Promise<{ s3: S3Client; sdk: typeof import("@aws-sdk/client-s3") }> | undefined;
  const connect = () => {
    ready ??= Promise.all([
      typeof client === "function" ? client() : client,
      import("@aws-sdk/client-s3"),
    ]).then(([s3, sdk]) => ({ s3, sdk }));
    return ready;
  };
  const put = async (key: string, body: string) => {
    const {
      s3,
      sdk: { PutObjectCommand },
    } = await connect();
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: "application/json",
        ChecksumAlgorithm: "SHA256",
        // Two objects in the same millisecond would collide; the second is refused, not merged.
        IfNoneMatch: "*",
      }),
    );
    return `s3://${bucket}/${key}`;
  };
  return {
    where: `s3://${bucket}/${prefix}`,
    async publish(digest) {
      const location = await put(`${prefix}${digestFileName(digest)}`, JSON.stringify(digest));
      return { location, id: digestIdOf(digest) };
    },
    async list() {
      const ids: string[] = [];
      const {
        s3,
        sdk: { ListObjectsV2Command },
      } = await connect();
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          const name = (o.Key ?? "").slice(prefix.length);
          if (name.endsWith(".json") && DIGEST_ID_PATTERN.test(name.slice(0, -5)))
            ids.push(name.slice(0, -5));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return ids.sort();
    },
    async get(id) {
      if (!DIGEST_ID_PATTERN.test(id)) return undefined;
      const key = `${prefix}${id}.json`;
      const {
        s3,
        sdk: { GetObjectCommand, NoSuchKey },
      } = await connect();
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return parseDigest((await object.Body?.transformToString("utf8")) ?? "", `s3://${bucket}/${key}`);
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === "NoSuchKey") return undefined;
        throw e;
      }
    },
    recordBreak: (record) =>
      put(`breaks/${record.checkedAt.replace(/:/g, "-")}.json`, JSON.stringify(record)),
  };
}

/** The archive configuration names: the bucket in AWS, else the folder; undefined when neither. */
export function digestArchiveOf(
  digest: { readonly bucket?: string; readonly dir?: string },
  s3: () => S3Client | Promise<S3Client>,
): DigestArchive | undefined {
  if (digest.bucket) return createS3Publisher(s3, digest.bucket);
  if (digest.dir) return createDirectoryPublisher(digest.dir);
  return undefined;
}
