import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { digestOf } from "../../domain/index.js";
import {
  createDirectoryPublisher,
  createS3Publisher,
  readDigestFile,
  takeDigest,
} from "../../functions/audit/digest.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "digest-test-"));
  dirs.push(d);
  return d;
};

describe("digests", () => {
  it("takes a digest from the events: one head per stream, every event counted", async () => {
    const m = memoryLedger();
    const w = await randomWorkload(m.ledger, { pairs: 5, eventsPerPair: 4 });
    const d = await takeDigest(m.eventStore, { clock: () => new Date("2026-11-28T21:00:00Z") });
    expect(d).toMatchObject({ streams: 5, events: w.events, takenAt: "2026-11-28T21:00:00.000Z" });
    for (const h of d.heads ?? []) expect(h.version).toBe(await m.eventStore.headVersion(h.pairId));
  });

  it("publishes into a folder as <takenAt>.json, never overwriting one, and reads it back", async () => {
    const dir = await tempDir();
    const d = digestOf([], "2026-11-28T21:00:00.000Z");
    const { location } = await createDirectoryPublisher(dir).publish(d);
    expect(await readdir(dir)).toEqual(["2026-11-28T21-00-00.000Z.json"]);
    await expect(createDirectoryPublisher(dir).publish(d)).rejects.toThrow(/EEXIST/);
    expect(await readDigestFile(location)).toEqual(d);
  });

  it("refuses to read a file that is not a digest with heads", async () => {
    const file = join(await tempDir(), "x.json");
    await writeFile(file, JSON.stringify({ root: "abc" }));
    await expect(readDigestFile(file)).rejects.toThrow(/not a ledger digest/);
  });

  describe("S3 digest publisher", () => {
    it("puts digests/<takenAt>.json with a SHA-256 checksum (Object Lock needs one) and never overwrites", async () => {
      const sent: PutObjectCommand[] = [];
      const s3 = { send: async (c: PutObjectCommand) => void sent.push(c) } as unknown as S3Client;
      const d = digestOf([], "2026-11-28T21:00:00.000Z");
      expect(await createS3Publisher(s3, "bucket").publish(d)).toEqual({
        location: "s3://bucket/digests/2026-11-28T21-00-00.000Z.json",
        id: "2026-11-28T21-00-00.000Z",
      });
      expect(sent[0]?.input).toMatchObject({
        Bucket: "bucket",
        Key: "digests/2026-11-28T21-00-00.000Z.json",
        ChecksumAlgorithm: "SHA256",
        IfNoneMatch: "*",
        ContentType: "application/json",
      });
      expect(JSON.parse(String(sent[0]?.input.Body))).toEqual(d);
    });
  });
});
