/**
 * `ledger proof <pairId> [--digest <file or id>] [--out proof.json]`: the pair's events, its head
 * and the audit path from that head to the root of a published digest (the latest by default).
 * Reads one stream and one digest, never the whole table.
 */
import { access, writeFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import type { LedgerDigest } from "../../../domain/index.js";
import {
  type DigestArchive,
  digestArchiveOf,
  digestIdOf,
  latestDigest,
  readDigestFile,
} from "../../audit/digest-archive.js";
import { buildProof } from "../../audit/proof.js";
import {
  type ConnectionOptions,
  EXIT,
  UsageError,
  exitWith,
  json,
  withConnectionOptions,
  withConnection,
} from "../shared.js";

interface ProofOptions extends ConnectionOptions {
  readonly digest?: string;
  readonly out?: string;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The digest to anchor in: a file, an id in the archive, or the archive's latest. */
async function chooseDigest(
  archive: DigestArchive | undefined,
  choice: string | undefined,
): Promise<{ id: string; digest: LedgerDigest }> {
  if (choice && (await exists(choice))) {
    const digest = await readDigestFile(choice).catch((e: Error) => {
      throw new UsageError(e.message);
    });
    return { id: digestIdOf(digest), digest };
  }
  if (!archive)
    throw new UsageError(
      "no published digests to anchor in: set DIGEST_BUCKET or DIGEST_DIR (or start the local ledger), or pass --digest <file>",
    );
  if (choice && choice !== "latest") {
    const digest = await archive.get(choice);
    if (!digest) throw new UsageError(`no digest ${choice} in ${archive.where} (and no such file)`);
    return { id: choice, digest };
  }
  const latest = await latestDigest(archive);
  if (!latest)
    throw new UsageError(`no digest published in ${archive.where} yet: run \`ledger digest --publish\``);
  return latest;
}

export function proofCommand(): Command {
  return withConnectionOptions(
    new Command("proof")
      .description(
        "write an inclusion proof: the pair's events, its head and the path to a published digest's root",
      )
      .argument("<pairId>", "the pair, e.g. ru-moscow--us-il-chicago")
      .option("--digest <file or id>", "a digest file, or the id of a published digest (default: the latest)")
      .option("--out <file>", "write the proof here (default: standard output)"),
  ).action((pairId: string, opts: ProofOptions) =>
    exitWith(async () => {
      return withConnection(opts, async (c) => {
        const archive = digestArchiveOf(
          c.config.digest,
          () => new S3Client({ region: c.config.dynamodb.region }),
        );
        const anchor = await chooseDigest(archive, opts.digest);
        const r = await buildProof(c.stores.eventStore, anchor, pairId);
        if ("refused" in r) {
          process.stderr.write(`ledger: ${r.refused.message}\n`);
          return EXIT.findings;
        }
        if (opts.out) {
          await writeFile(opts.out, json(r.proof));
          process.stderr.write(
            `${opts.out}: ${pairId} v${r.proof.head.version}, ${r.proof.path.length} sibling hashes, anchored in digest ${anchor.id}\n`,
          );
        } else process.stdout.write(json(r.proof));
        return EXIT.clean;
      });
    }),
  );
}
