/**
 * `ledger verify-proof proof.json [--digest digest.json]`: check an inclusion proof offline, with
 * no database and no AWS: the chain from the first event to the head, the head's path to the
 * root, and (with --digest) that root against a digest fetched independently.
 * Exit 0 when it holds, 1 naming what failed, 2 when a file cannot be read.
 */
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { readDigestFile } from "../../audit/digest-archive.js";
import { formatProofVerification, verifyProof } from "../../audit/proof.js";
import { EXIT, UsageError, exitWith, json } from "../shared.js";

export function verifyProofCommand(): Command {
  return new Command("verify-proof")
    .description("verify an inclusion proof offline: chain, head, path to the root, the digest (no database)")
    .argument("<proof.json>", "a proof written by `ledger proof` or GET /audit/pairs/{pairId}/proof")
    .option("--digest <digest.json>", "a digest fetched independently (from the bucket or a newsroom's copy)")
    .option("--json", "print the result as JSON")
    .action((file: string, opts: { digest?: string; json?: boolean }) =>
      exitWith(async () => {
        const text = await readFile(file, "utf8").catch(() => {
          throw new UsageError(`cannot read ${file}`);
        });
        let document: unknown;
        try {
          document = JSON.parse(text);
        } catch {
          throw new UsageError(`${file} is not JSON`);
        }
        const given = opts.digest
          ? await readDigestFile(opts.digest).catch((e: Error) => {
              throw new UsageError(e.message);
            })
          : undefined;
        const v = verifyProof(document, given);
        process.stdout.write(opts.json ? json(v) : `${formatProofVerification(v)}\n`);
        return v.ok ? EXIT.clean : EXIT.findings;
      }),
    );
}
