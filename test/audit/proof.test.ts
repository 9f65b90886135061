/**
 * Inclusion proofs end to end in memory: published digests (a folder), a proof for one pair, and
 * the offline check — which names what fails when any hash in the proof, the head, the path or the
 * digest is flipped, and when the digest predates the pair.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LedgerDigest } from "../../domain/index.js";
import { createApp } from "../../functions/app/app.js";
import { createDirectoryPublisher, latestDigest } from "../../functions/audit/digest-archive.js";
import { verifyThenPublish } from "../../functions/audit/guarded-publish.js";
import { buildProof, type InclusionProof, verifyProof } from "../../functions/audit/proof.js";
import { memoryLedger } from "../support/builders.js";
import { randomWorkload } from "./workload.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

let tick = Date.parse("2026-06-01T00:00:00Z");
const clock = () => new Date((tick += 60_000));

async function published() {
  const m = memoryLedger();
  const w = await randomWorkload(m.ledger, { pairs: 9, eventsPerPair: 4, seed: 3 });
  const dir = await mkdtemp(join(tmpdir(), "proof-"));
  dirs.push(dir);
  const archive = createDirectoryPublisher(dir);
  const r = await verifyThenPublish({ store: m.eventStore, archive, clock });
  if (!r.published) throw new Error("the fresh ledger must verify");
  const latest = (await latestDigest(archive)) as { id: string; digest: LedgerDigest };
  return { ...m, w, dir, archive, latest };
}

const flip = (hex: string) => `${hex[0] === "0" ? "1" : "0"}${hex.slice(1)}`;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const failed = (v: ReturnType<typeof verifyProof>) => v.checks.filter((c) => !c.ok).map((c) => c.check);

describe("inclusion proofs", () => {
  it("verify offline, against the digest they carry and against an independent copy", async () => {
    const { eventStore, latest, w } = await published();
    const pairId = w.pairIds[4] as string;
    const r = await buildProof(eventStore, latest, pairId);
    if (!("proof" in r)) throw new Error(r.refused.message);
    const proof = clone(r.proof);
    expect(proof.events).toHaveLength(await eventStore.headVersion(pairId));
    expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(9)));
    expect(proof.digest).not.toHaveProperty("heads");
    const alone = verifyProof(proof);
    expect(alone).toMatchObject({ ok: true, independent: false });
    const against = verifyProof(proof, clone(latest.digest));
    expect(against).toMatchObject({ ok: true, independent: true });
    expect(against.checks.map((c) => c.check)).toEqual(["chain", "head", "path", "digest"]);
  });

  it("fail and say what failed when any hash is flipped: an event, the head, a sibling, the digest", async () => {
    const { eventStore, latest, w } = await published();
    const r = await buildProof(eventStore, latest, w.pairIds[2] as string);
    if (!("proof" in r)) throw new Error(r.refused.message);
    const proof = clone(r.proof);
    const digest = clone(latest.digest);
    const cases: [string, (p: InclusionProof, d: LedgerDigest) => LedgerDigest | void, string, RegExp][] = [
      [
        "an event's hash",
        (p) => void ((p.events[0] as { hash: string }).hash = flip(String(p.events[0]?.hash))),
        "chain",
        /does not recompute|prevHash/,
      ],
      [
        "an event's prevHash",
        (p) => void ((p.events[1] as { prevHash: string }).prevHash = flip(String(p.events[1]?.prevHash))),
        "chain",
        /prevHash/,
      ],
      ["the head's hash", (p) => void (p.head.hash = flip(p.head.hash)), "head", /is not the last event/],
      [
        "a sibling of the path",
        (p) => void (p.path[0] = flip(p.path[0] as string)),
        "path",
        /leads to root .* not the digest's root/,
      ],
      [
        "the proof's digest root",
        (p) => void (p.digest.root = flip(p.digest.root)),
        "path",
        /not the digest's root/,
      ],
      [
        "the given digest's root",
        (_p, d) => ({ ...d, root: flip(d.root) }),
        "digest",
        /heads hash to root|anchored in/,
      ],
      [
        "a head in the given digest",
        (_p, d) => ({ ...d, heads: d.heads?.map((h, i) => (i === 0 ? { ...h, hash: flip(h.hash) } : h)) }),
        "digest",
        /not sound/,
      ],
    ];
    for (const [what, mutate, check, message] of cases) {
      const p = clone(proof);
      const d = mutate(p, clone(digest)) ?? clone(digest);
      const v = verifyProof(p, d);
      expect(v.ok, what).toBe(false);
      expect(failed(v), what).toContain(check);
      expect(v.checks.find((c) => c.check === check && !c.ok)?.message, what).toMatch(message);
    }
  });

  it("refuse a document that is not a proof, naming the field", () => {
    const v = verifyProof({ format: "something-else" });
    expect(v).toMatchObject({ ok: false, checks: [{ check: "format" }] });
    expect(v.checks[0]?.message).toMatch(/format/);
  });

  it("fail clearly against a digest that predates the pair", async () => {
    const m = await published();
    const old = m.latest;
    const r0 = await m.ledger.execute(
      undefined,
      {
        kind: "register",
        data: {
          cityA: { name: "Lviv", country: "UA" },
          cityB: { name: "Wrocław", country: "PL" },
          effectiveDate: "2003",
          actor: { side: "both" },
          sources: [{ url: "https://example.org/lviv-wroclaw" }],
        },
      } as never,
      { recordedBy: "test" },
    );
    if (!r0.ok) throw new Error(r0.error.message);
    const pairId = r0.value.pairId;
    // Making a proof in the old digest is refused: the pair came later.
    const refused = await buildProof(m.eventStore, old, pairId);
    expect(refused).toMatchObject({
      refused: { kind: "pair-not-in-digest", message: expect.stringMatching(/ask for a later digest/) },
    });
    // A proof in a newer digest, checked against the old one: fails, saying the digest predates the pair.
    tick = Date.parse("2027-01-01T00:00:00Z");
    const again = await verifyThenPublish({ store: m.eventStore, archive: m.archive, clock });
    expect(again.published).toBe(true);
    const newer = (await latestDigest(m.archive)) as { id: string; digest: LedgerDigest };
    expect(newer.digest.previous?.takenAt).toBe(old.digest.takenAt);
    const r = await buildProof(m.eventStore, newer, pairId);
    if (!("proof" in r)) throw new Error(r.refused.message);
    const v = verifyProof(clone(r.proof), clone({ ...old.digest, takenAt: "2000-01-01T00:00:00.000Z" }));
    expect(v.ok).toBe(false);
    expect(v.checks.find((c) => !c.ok)?.message).toMatch(/predates the pair/);
  });

  it("are served by GET /audit/pairs/{pairId}/proof (latest or by id) and as the board's public download", async () => {
    const m = await published();
    const token = "proof-route-token-0123456789";
    const app = createApp({
      ledger: m.ledger,
      eventStore: m.eventStore,
      readModel: m.readModel,
      auth: { mode: "token", token },
      audit: { archive: m.archive },
    } as Parameters<typeof createApp>[0]);
    const get = (path: string) => app.request(path, { headers: { authorization: `Bearer ${token}` } });
    const pairId = m.w.pairIds[0] as string;
    const latest = await get(`/audit/pairs/${pairId}/proof`);
    expect(latest.status).toBe(200);
    const proof = await latest.json();
    expect(verifyProof(proof, m.latest.digest).ok).toBe(true);
    expect((await get(`/audit/pairs/${pairId}/proof?digest=${m.latest.id}`)).status).toBe(200);
    expect((await get(`/audit/pairs/${pairId}/proof?digest=2001-01-01T00-00-00.000Z`)).status).toBe(404);
    expect((await get(`/audit/pairs/${pairId}/proof?digest=..%2F..%2Fetc`)).status).toBe(422);
    expect((await get("/audit/pairs/xx-none--yy-none/proof")).status).toBe(404);
    const download = await app.request(`/board/pairs/${pairId}/proof.json`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/attachment; filename=".*-proof\.json"/);
    expect(await download.json()).toEqual(proof);
    const digest = await app.request(`/board/digests/${m.latest.id}.json`);
    expect(digest.status).toBe(200);
    expect(await digest.json()).toEqual(m.latest.digest);
    expect(await (await app.request("/board/digests/latest.json")).json()).toEqual(m.latest.digest);
    expect((await app.request("/board/digests/..%2Fsecret.json")).status).toBe(404);
  });
});
