/**
 * A journalist's commands as child processes: publish digests, take a proof for one pair, check it
 * offline against a digest file (exit 0), see it fail with a flipped hash or a digest that
 * predates the pair (exit 1, saying what failed), and check the chain of digests.
 */
import { copyFile, mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStores, type Stores } from "../../functions/composition.js";
import { ledgerOver } from "../support/builders.js";
import { randomWorkload, type Workload } from "../audit/workload.js";
import { runCli } from "../support/cli.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const local = useDynamoDbLocal();
let dir: string;
let digests: string;
let tables: { events: string; readModel: string };
let stores: Stores;
let w: Workload;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ledger-proof-cli-"));
  digests = join(dir, "digests");
  tables = await local.freshTables();
  stores = buildStores(
    { dynamodb: { region: "us-east-1" }, eventsTable: tables.events, readModelTable: tables.readModel },
    local.doc,
  );
  const { ledger } = ledgerOver(stores.eventStore, stores.readModel);
  w = await randomWorkload(ledger, { pairs: 10, eventsPerPair: 4, seed: 33 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Run the CLI with the suite's tables and digest folder (the offline verify-* commands take no --data). */
function ledger(args: string[]) {
  const offline = args[0]?.startsWith("verify-");
  return runCli([...args, ...(offline ? [] : ["--data", dir])], {
    EVENTS_TABLE: tables.events,
    READ_MODEL_TABLE: tables.readModel,
    DYNAMODB_ENDPOINT: local.endpoint,
    DIGEST_DIR: digests,
  });
}

describe("proof, verify-proof, verify-digests (child processes, DynamoDB Local)", () => {
  it("a proof taken from the latest digest verifies offline against that digest; a flipped hash or an older digest fails", async () => {
    const first = await ledger(["digest", "--publish"]);
    expect(first.code, first.stderr).toBe(0);
    const [oldest] = await readdir(digests);
    const pairId = w.pairIds[3] as string;
    // A pair registered after the first digest.
    const { ledger: l } = ledgerOver(stores.eventStore, stores.readModel);
    const later = await randomWorkload(l, { pairs: 1, eventsPerPair: 2, seed: 99 });
    const newPair = later.pairIds[0] as string;
    const second = await ledger(["digest", "--publish"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ previous: { takenAt: expect.any(String) } });
    expect(JSON.parse(second.stdout)).not.toHaveProperty("heads");
    const latest = (await readdir(digests))
      .filter((n) => n.endsWith(".json"))
      .sort()
      .at(-1) as string;

    const proofFile = join(dir, "proof.json");
    const made = await ledger(["proof", pairId, "--out", proofFile]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/sibling hashes, anchored in digest/);
    const ok = await ledger(["verify-proof", proofFile, "--digest", join(digests, latest)]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/✓ chain: .*\n✓ head: .*\n✓ path: .*\n✓ digest: /);

    const proof = JSON.parse(await readFile(proofFile, "utf8"));
    proof.path[0] = `${proof.path[0][0] === "0" ? "1" : "0"}${proof.path[0].slice(1)}`;
    const flippedFile = join(dir, "flipped.json");
    await writeFile(flippedFile, JSON.stringify(proof));
    const flipped = await ledger(["verify-proof", flippedFile, "--digest", join(digests, latest)]);
    expect(flipped.code).toBe(1);
    expect(flipped.stdout).toMatch(/✕ path: the head's path .* leads to root .*, not the digest's root/);

    // The new pair: no proof in the first digest; its proof fails against the first digest file.
    const refused = await ledger(["proof", newPair, "--digest", (oldest as string).slice(0, -5)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not in the digest .* ask for a later digest/);
    const newProof = join(dir, "new-proof.json");
    expect((await ledger(["proof", newPair, "--out", newProof])).code).toBe(0);
    const predates = await ledger(["verify-proof", newProof, "--digest", join(digests, oldest as string)]);
    expect(predates.code).toBe(1);
    expect(predates.stdout).toMatch(/✕ digest: .*(predates the pair|taken before the pair was registered)/);
  });

  it("verify-digests holds for the published chain and detects a removed digest", async () => {
    expect((await ledger(["digest", "--publish"])).code).toBe(0);
    const ok = await ledger(["verify-digests", digests]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/OK — 3 digests/);
    const copy = join(dir, "copy");
    await rm(copy, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(copy));
    const names = (await readdir(digests)).filter((n) => n.endsWith(".json")).sort();
    for (const n of names) await copyFile(join(digests, n), join(copy, n));
    await unlink(join(copy, names[1] as string));
    const broken = await ledger(["verify-digests", copy]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN .*\n.*removed, inserted or reordered/);
    expect((await ledger(["verify-digests", join(dir, "nowhere")])).code).toBe(2);
  });
});
