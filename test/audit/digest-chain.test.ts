/** The chain of published digests: each names the previous one's hash; heads only move forward. */
import { mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDirectoryPublisher } from "../../functions/audit/digest-archive.js";
import { verifyDigestChain } from "../../functions/audit/digest-chain.js";
import { verifyThenPublish } from "../../functions/audit/guarded-publish.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** Four digests published an hour apart, the ledger growing between them. */
async function chain() {
  const m = memoryLedger();
  const dir = await mkdtemp(join(tmpdir(), "digest-chain-"));
  dirs.push(dir);
  const archive = createDirectoryPublisher(dir);
  let t = Date.parse("2026-11-28T20:00:00Z");
  const clock = () => new Date((t += 3_600_000));
  for (let round = 0; round < 4; round++) {
    await randomWorkload(m.ledger, { pairs: 3 + round, eventsPerPair: 2 + round, seed: 40 + round });
    const r = await verifyThenPublish({ store: m.eventStore, archive, clock });
    expect(r.published).toBe(true);
  }
  const files = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  return { m, dir, archive, files };
}

describe("the digest chain", () => {
  it("holds for digests published one after another", async () => {
    const { archive } = await chain();
    const v = await verifyDigestChain(archive);
    expect(v).toMatchObject({ ok: true, digests: 4, findings: [] });
  });

  it("detects a removed digest", async () => {
    const { archive, dir, files } = await chain();
    await unlink(join(dir, files[1] as string));
    const v = await verifyDigestChain(archive);
    expect(v.ok).toBe(false);
    expect(v.findings).toEqual([
      expect.objectContaining({ kind: "broken-link", id: (files[2] as string).slice(0, -5) }),
    ]);
    expect(v.findings[0]?.message).toMatch(/removed, inserted or reordered/);
  });

  it("detects a removed first digest", async () => {
    const { archive, dir, files } = await chain();
    await unlink(join(dir, files[0] as string));
    const v = await verifyDigestChain(archive);
    expect(v.findings.map((f) => f.kind)).toEqual(["broken-link"]);
  });

  it("detects reordered digests (two files swapped)", async () => {
    const { archive, dir, files } = await chain();
    const [a, b] = [join(dir, files[1] as string), join(dir, files[2] as string)];
    await rename(a, `${a}.tmp`);
    await rename(b, a);
    await rename(`${a}.tmp`, b);
    const v = await verifyDigestChain(archive);
    expect(v.ok).toBe(false);
    expect(v.findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(["misnamed", "out-of-order", "broken-link"]),
    );
  });

  it("detects a later digest whose ledger does not extend the earlier one (a head moved back)", async () => {
    const { archive, dir, files } = await chain();
    // Rewrite the newest digest by hand, heads and root made consistent, link kept: only the
    // extension check can tell.
    const { digestOf } = await import("../../domain/index.js");
    const last = join(dir, files[3] as string);
    const doc = JSON.parse(await readFile(last, "utf8"));
    const heads = doc.heads.map((h: { pairId: string; version: number; hash: string }, i: number) =>
      i === 0 ? { ...h, version: 1 } : h,
    );
    const forged = { ...digestOf(heads, doc.takenAt), previous: doc.previous };
    await writeFile(last, JSON.stringify(forged));
    const v = await verifyDigestChain(archive);
    expect(v.findings.map((f) => f.kind)).toContain("head-moved-back");
  });
});
