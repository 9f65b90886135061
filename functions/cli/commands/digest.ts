/**
 * `ledger digest [--publish] [--out FILE]`: the Merkle root over every stream head, with the heads
 * (so `verify --against` can check each one later). --publish puts it outside the events table —
 * the data folder locally (DIGEST_DIR), the Object Lock bucket in AWS (DIGEST_BUCKET) — after the
 * same verification the hourly job runs: every chain, and the ledger extends the last published
 * digest. On a break nothing is published (exit 1, the findings listed and recorded under breaks/).
 * With --publish or --out the output is a summary (root, counts, previous), not the heads: the
 * file keeps them.
 */
import { writeFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import { takeDigest } from "../../audit/digest.js";
import { digestArchiveOf } from "../../audit/digest-archive.js";
import { verifyThenPublish } from "../../audit/guarded-publish.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  exitWith,
  json,
  positiveInt,
  withConnection,
  withConnectionOptions,
  withScanProgress,
} from "../shared.js";

interface DigestOptions extends ConnectionOptions {
  readonly publish?: boolean;
  readonly out?: string;
  readonly segments: number;
}

export function digestCommand(): Command {
  return withConnectionOptions(
    new Command("digest")
      .description(
        "compute the ledger digest (Merkle root over stream heads) and print it as JSON (a summary without the heads when --publish or --out keeps them in a file)",
      )
      .option(
        "--publish",
        "verify, then publish it chained to the last one: into DIGEST_DIR (locally: <data>/digests) or the DIGEST_BUCKET bucket",
      )
      .option("--out <file>", "also write it to this file")
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4),
  ).action((opts: DigestOptions) =>
    exitWith(async () => {
      return withConnection(opts, async (c) => {
        if (!opts.publish) {
          const digest = await withScanProgress(c, "digest", (onProgress) =>
            takeDigest(c.stores.eventStore, { segments: opts.segments, onProgress }),
          );
          if (!opts.out) {
            process.stdout.write(json(digest));
            return EXIT.clean;
          }
          // The file keeps the heads (megabytes at registry scale); the terminal gets the summary.
          await writeFile(opts.out, json(digest));
          const { heads: _heads, ...summary } = digest;
          process.stdout.write(json({ ...summary, out: opts.out }));
          return EXIT.clean;
        }
        const archive = digestArchiveOf(
          c.config.digest,
          () => new S3Client({ region: c.config.dynamodb.region }),
        );
        if (!archive)
          throw new UsageError(
            "--publish needs DIGEST_BUCKET (AWS) or DIGEST_DIR (or a running local ledger's data folder)",
          );
        const r = await withScanProgress(c, "digest", (onProgress) =>
          verifyThenPublish({ store: c.stores.eventStore, archive, segments: opts.segments, onProgress }),
        );
        if (!r.published) {
          process.stderr.write(
            `not published: the ledger does not verify (${r.check.breaks} findings, recorded in ${r.recordedAt})\n${r.check.findings
              .slice(0, 50)
              .map((f) => `  - ${f.message}\n`)
              .join("")}`,
          );
          return EXIT.findings;
        }
        if (opts.out) {
          const full = await archive.get(r.id);
          await writeFile(opts.out, json(full));
        }
        process.stderr.write(`published ${r.location}\n`);
        process.stdout.write(
          json({ id: r.id, ...r.digest, published: r.location, ...(opts.out ? { out: opts.out } : {}) }),
        );
        return EXIT.clean;
      });
    }),
  );
}
