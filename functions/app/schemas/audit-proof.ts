/** Schemas of the inclusion-proof and published-digest routes under /audit (OpenAPI and validation). */
// zod as a namespace import, never `{ z }` from @hono/zod-openapi (see params.ts).
import "@hono/zod-openapi";
import * as z from "zod";
import { once } from "./lazy.js";
import { CountryCode, PAIR_ID_PATTERN } from "../../../domain/index.js";
import { DIGEST_ID_PATTERN } from "../../audit/digest-archive.js";

// Every schema here is built on first use (a route's first request, or the OpenAPI generator): lazy.ts.
const Hex64 = once(() => z.string().regex(/^[0-9a-f]{64}$/));

export const DigestId = once(() =>
  z.string().regex(DIGEST_ID_PATTERN).openapi({
    example: "2026-11-28T21-00-00.000Z",
    description: "a published digest: the time it was taken",
  }),
);

export const ProofParams = once(() =>
  z.object({
    pairId: z
      .string()
      .regex(PAIR_ID_PATTERN)
      .openapi({ param: { name: "pairId", in: "path" }, example: "ru-moscow--us-il-chicago" }),
  }),
);

export const ProofQuery = once(() =>
  z.object({
    digest: z
      .union([z.literal("latest"), DigestId()])
      .default("latest")
      .openapi({
        param: { name: "digest", in: "query" },
        description: "`latest` (default) or the id of a published digest",
        example: "latest",
      }),
  }),
);

export const DigestParams = once(() =>
  z.object({ id: DigestId().openapi({ param: { name: "id", in: "path" } }) }),
);

const Head = once(() => z.object({ pairId: z.string(), version: z.number().int(), hash: Hex64() }));

// Examples (the OpenAPI document's): short to write, as they ship in the HTTP bundle.
const HASH = "9a".repeat(32);
const SIBLING = "5e".repeat(32);
const PAIR = "ru-moscow--us-il-chicago";
const head = { pairId: PAIR, version: 1, hash: HASH };
const stored = {
  formatVersion: 1,
  root: "3c".repeat(32),
  streams: 2,
  events: 3,
  takenAt: "2026-11-28T21:00:00.000Z",
};

/** Built on first use (the OpenAPI document): see lazy.ts. */
const proofAnswers = once(() => {
  const InclusionProofResponse = z
    .object({
      format: z.literal("sister-city-ledger/inclusion-proof"),
      formatVersion: z.literal(1),
      pairId: z.string(),
      events: z.array(z.record(z.string(), z.unknown())).openapi({
        description: "every event of the pair up to the head, as stored (each hash re-checkable)",
      }),
      head: Head(),
      leafIndex: z.number().int(),
      treeSize: z.number().int(),
      path: z
        .array(Hex64())
        .openapi({ description: "sibling hashes from the head's leaf to the root (RFC 9162)" }),
      digest: z.object({
        id: z.string(),
        formatVersion: z.number().int(),
        root: Hex64(),
        streams: z.number().int(),
        events: z.number().int(),
        takenAt: z.string(),
        previous: z.object({ takenAt: z.string(), hash: Hex64() }).optional(),
      }),
    })
    .openapi("InclusionProof", {
      description: "check offline with `ledger verify-proof proof.json --digest digest.json`",
      example: {
        format: "sister-city-ledger/inclusion-proof",
        formatVersion: 1,
        pairId: PAIR,
        events: [{ pairId: PAIR, version: 1, type: "established", hash: HASH }],
        head,
        leafIndex: 1,
        treeSize: 2,
        path: [SIBLING],
        digest: { id: "2026-11-28T21-00-00.000Z", ...stored },
      },
    });

  const PublishedDigestResponse = z
    .object({
      formatVersion: z.number().int(),
      root: Hex64(),
      streams: z.number().int(),
      events: z.number().int(),
      takenAt: z.string(),
      heads: z.array(Head()),
      previous: z.object({ takenAt: z.string(), hash: Hex64() }).optional(),
    })
    .openapi("StoredDigest", {
      description: "a published digest as stored (with every head)",
      example: { ...stored, heads: [head, { pairId: "ua-kyiv--us-il-chicago", version: 2, hash: SIBLING }] },
    });
  return { InclusionProofResponse, PublishedDigestResponse };
});

export const InclusionProofResponse = () => proofAnswers().InclusionProofResponse;
export const PublishedDigestResponse = () => proofAnswers().PublishedDigestResponse;

export const ExportQuery = once(() =>
  z.object({
    pair: z.string().regex(PAIR_ID_PATTERN).optional().openapi({
      description: "one pair's events (not with country)",
      example: "ru-moscow--us-il-chicago",
    }),
    country: CountryCode.optional().openapi({
      description: "the pairs with a city in this country (not with pair)",
      example: "RU",
    }),
  }),
);

export const ndjsonResponse = {
  description: "header line, one line per event, manifest line",
  // A plain schema (not zod): the body is lines of JSON, not one JSON value.
  content: {
    "application/x-ndjson": {
      schema: { type: "string" as const },
      example: '{"kind":"header"}\n{"kind":"event"}\n{"kind":"manifest"}\n',
    },
  },
};
