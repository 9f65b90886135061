/** Schemas of the inclusion-proof and published-digest routes under /audit (OpenAPI and validation). */
import { z } from "@hono/zod-openapi";
import { PAIR_ID_PATTERN } from "../../../domain/index.js";
import { DIGEST_ID_PATTERN } from "../../audit/digest-archive.js";

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const DigestId = z
  .string()
  .regex(DIGEST_ID_PATTERN)
  .openapi({ example: "2026-11-28T21-00-00.000Z", description: "a published digest: the time it was taken" });

export const ProofParams = z.object({
  pairId: z
    .string()
    .regex(PAIR_ID_PATTERN)
    .openapi({ param: { name: "pairId", in: "path" }, example: "ru-moscow--us-il-chicago" }),
});

export const ProofQuery = z.object({
  digest: z
    .union([z.literal("latest"), DigestId])
    .default("latest")
    .openapi({
      param: { name: "digest", in: "query" },
      description: "`latest` (default) or the id of a published digest",
    }),
});

export const DigestParams = z.object({
  id: DigestId.openapi({ param: { name: "id", in: "path" } }),
});

const Head = z.object({ pairId: z.string(), version: z.number().int(), hash: Hex64 });

export const InclusionProofResponse = z
  .object({
    format: z.literal("sister-city-ledger/inclusion-proof"),
    formatVersion: z.literal(1),
    pairId: z.string(),
    events: z.array(z.record(z.string(), z.unknown())).openapi({
      description: "every event of the pair up to the head, as stored (each hash re-checkable)",
    }),
    head: Head,
    leafIndex: z.number().int(),
    treeSize: z.number().int(),
    path: z
      .array(Hex64)
      .openapi({ description: "sibling hashes from the head's leaf to the root (RFC 9162)" }),
    digest: z.object({
      id: z.string(),
      formatVersion: z.number().int(),
      root: Hex64,
      streams: z.number().int(),
      events: z.number().int(),
      takenAt: z.string(),
      previous: z.object({ takenAt: z.string(), hash: Hex64 }).optional(),
    }),
  })
  .openapi("InclusionProof", {
    description: "check offline with `ledger verify-proof proof.json --digest digest.json`",
  });

export const PublishedDigestResponse = z
  .object({
    formatVersion: z.number().int(),
    root: Hex64,
    streams: z.number().int(),
    events: z.number().int(),
    takenAt: z.string(),
    heads: z.array(Head),
    previous: z.object({ takenAt: z.string(), hash: Hex64 }).optional(),
  })
  .openapi("PublishedDigest", { description: "a published digest as stored (with every head)" });
