/**
 * `ledger digest [--publish] [--out FILE]`: the Merkle root over every stream head, with the heads
 * (so `verify --against` can check each one later). Printed whole, or, when a file keeps it
 * (--publish, --out), as a summary without the heads. --publish puts it outside the events table:
 * the data folder locally (DIGEST_DIR), the Object Lock bucket in AWS (DIGEST_BUCKET).
 */
import { writeFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import { createDirectoryPublisher, createS3Publisher, takeDigest } from "../../audit/digest.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  approximateItems,
  connect,
  exitWith,
  json,
  positiveInt,
  scanProgress,
  withConnectionOptions,
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
        "publish it: into DIGEST_DIR (locally: <data>/digests) or the DIGEST_BUCKET bucket",
      )
      .option("--out <file>", "also write it to this file")
      .option("--segments <n>", "parallel scan segments", positiveInt(), 4),
  ).action((opts: DigestOptions) =>
    exitWith(async () => {
      const c = await connect(opts, process.env);
      try {
        const { bucket, dir } = c.config.digest;
        if (opts.publish && !bucket && !dir)
          throw new UsageError(
            "--publish needs DIGEST_BUCKET (AWS) or DIGEST_DIR (or a running local ledger's data folder)",
          );
        const bar = scanProgress("digest", await approximateItems(c.dynamodb, c.config.eventsTable));
        const digest = await takeDigest(c.stores.eventStore, {
          segments: opts.segments,
          onProgress: bar.onProgress,
        }).finally(bar.stop);
        if (opts.out) await writeFile(opts.out, json(digest));
        let published: string | undefined;
        if (opts.publish) {
          const publisher = bucket
            ? createS3Publisher(new S3Client({ region: c.config.dynamodb.region }), bucket)
            : createDirectoryPublisher(dir as string);
          published = (await publisher.publish(digest)).location;
          process.stderr.write(`published ${published}\n`);
        }
        // With a file that keeps the heads, the terminal gets the summary (the heads run to megabytes).
        const { heads: _heads, ...summary } = digest;
        process.stdout.write(
          opts.publish || opts.out
            ? json({
                ...summary,
                ...(published ? { published } : {}),
                ...(opts.out ? { out: opts.out } : {}),
              })
            : json(digest),
        );
        return EXIT.clean;
      } finally {
        c.close();
      }
    }),
  );
}
