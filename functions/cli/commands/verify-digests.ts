/**
 * `ledger verify-digests <folder | s3://bucket/prefix>`: walk the published digests oldest first:
 * each names the hash of the one before it (none removed, inserted or reordered), each is sound
 * (its heads give its root), and each later ledger extends the earlier one (heads only move
 * forward). Exit 0 intact, 1 findings, 2 when the folder or bucket cannot be read.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import { createDirectoryPublisher, createS3Publisher } from "../../audit/digest-archive.js";
import { verifyDigestChain } from "../../audit/digest-chain.js";
import { EXIT, UsageError, exitWith, json } from "../shared.js";

const S3_URL = /^s3:\/\/([^/]+)\/?(.*)$/;

export function verifyDigestsCommand(): Command {
  return new Command("verify-digests")
    .description("verify the chain of published digests and that each later ledger extends the earlier one")
    .argument("<where>", "a folder of digests (locally .data/digests) or s3://bucket/prefix/")
    .option("--region <region>", "AWS region of the bucket")
    .option("--json", "print the result as JSON")
    .action((where: string, opts: { region?: string; json?: boolean }) =>
      exitWith(async () => {
        const s3 = S3_URL.exec(where);
        const archive = s3
          ? createS3Publisher(
              new S3Client(opts.region ? { region: opts.region } : {}),
              s3[1] as string,
              s3[2] === "" ? "digests/" : (s3[2] as string).replace(/\/?$/, "/"),
            )
          : createDirectoryPublisher(where);
        const v = await verifyDigestChain(archive).catch((e: Error) => {
          throw new UsageError(`cannot read digests from ${where}: ${e.message}`);
        });
        if (v.digests === 0) throw new UsageError(`no digests in ${where}`);
        if (opts.json) process.stdout.write(json(v));
        else
          process.stdout.write(
            `${where}: ${v.ok ? "OK" : "BROKEN"} — ${v.digests} digests from ${v.first} to ${v.last}\n${v.findings
              .map((f) => `  - ${f.id}: ${f.message}\n`)
              .join("")}`,
          );
        return v.ok ? EXIT.clean : EXIT.findings;
      }),
    );
}
