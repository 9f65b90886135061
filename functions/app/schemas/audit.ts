/**
 * Answers of the audit routes (functions/app/routes/audit.ts): verifications, digests and replay
 * reports, shaped as functions/audit returns them, each with an example from the Chicago–Moscow
 * story. A finding carries the fields of its kind (expected/found hashes, versions) beside `kind`.
 */
// zod as a namespace import (never `{ z }` from @hono/zod-openapi): the Lambda bundle then keeps
// only the parts of zod in use (BENCHMARKS.md). The import before it adds `.openapi()`.
import "@hono/zod-openapi";
import * as z from "zod";
import { once } from "./lazy.js";
import { EXAMPLE_PAIR_ID } from "./examples.js";

const HASH = "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const ROOT = "3c1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f";
const TAKEN_AT = "2022-03-02T10:00:00.000Z";

const headExample = { pairId: EXAMPLE_PAIR_ID, version: 2, hash: HASH };
const digestExample = { formatVersion: 1, root: ROOT, streams: 1, events: 2, takenAt: TAKEN_AT };
const findingExample = {
  kind: "hash-mismatch",
  pairId: EXAMPLE_PAIR_ID,
  version: 2,
  expected: HASH,
  found: "0".repeat(64),
  message: `${EXAMPLE_PAIR_ID} v2: the stored hash is not the hash of the event`,
};

/** Built on first use (the OpenAPI document), never by a Lambda that is not asked for it: see lazy.ts. */
const answers = once(() => {
  const StreamHeadSchema = z
    .object({ pairId: z.string(), version: z.number().int(), hash: z.string() })
    .openapi("StreamHead", { example: headExample });

  const FindingSchema = z
    .object({
      kind: z.enum([
        "version-gap",
        "prev-hash-mismatch",
        "hash-mismatch",
        "wrong-stream",
        "stream-missing",
        "head-missing",
        "head-hash-differs",
        "digest-invalid",
      ]),
      pairId: z.string().optional(),
      version: z.number().int().optional(),
      message: z.string().openapi({ description: "what is wrong, in a sentence a person can act on" }),
    })
    .passthrough()
    .openapi("Finding", { description: "one break of the chain or of a digest", example: findingExample });

  const LedgerDigestSchema = z
    .object({
      formatVersion: z.number().int(),
      root: z.string().openapi({ description: "hex SHA-256 Merkle root over the stream heads (RFC 6962)" }),
      streams: z.number().int(),
      events: z.number().int(),
      takenAt: z.string(),
      heads: z.array(StreamHeadSchema).readonly().optional(),
      previous: z
        .object({ takenAt: z.string(), hash: z.string() })
        .optional()
        .openapi({ description: "the digest published before this one and its SHA-256 (the digest chain)" }),
    })
    .openapi("LedgerDigest", { example: { ...digestExample, heads: [headExample] } });

  const PairVerificationSchema = z
    .object({
      pairId: z.string(),
      ok: z.boolean(),
      events: z.number().int(),
      head: StreamHeadSchema.optional(),
      breaks: z.array(FindingSchema).readonly(),
    })
    .openapi("PairVerification", {
      example: { pairId: EXAMPLE_PAIR_ID, ok: true, events: 2, head: headExample, breaks: [] },
    });

  const LedgerVerificationSchema = z
    .object({
      ok: z.boolean(),
      streams: z.number().int(),
      events: z.number().int(),
      findings: z.array(FindingSchema).readonly(),
      digest: LedgerDigestSchema,
      against: z.object({ takenAt: z.string(), root: z.string(), streams: z.number().int() }).optional(),
      durationMs: z.number(),
    })
    .openapi("LedgerVerification", {
      example: { ok: true, streams: 1, events: 2, findings: [], digest: digestExample, durationMs: 12 },
    });

  const PublishedDigestSchema = z
    .object({
      id: z.string().openapi({ description: "the published digest's id (the time it was taken)" }),
      location: z.string().openapi({ description: "where to read it: GET /audit/digests/{id}" }),
      digest: LedgerDigestSchema,
    })
    .openapi("PublishedDigest", {
      example: {
        id: "2022-03-02T10-00-00.000Z",
        location: "/audit/digests/2022-03-02T10-00-00.000Z",
        digest: digestExample,
      },
    });

  const replayReportExample = {
    mode: "compare" as const,
    startedAt: TAKEN_AT,
    finishedAt: "2022-03-02T10:00:01.000Z",
    durationMs: 1000,
    segments: 4,
    resumed: false,
    streams: 1,
    events: 2,
    eventsPerSecond: 2,
    clean: true,
    chainBreaks: [],
    foldFailures: [],
    missing: [],
    extra: [],
    differing: [],
    statsDiffer: [],
    repaired: 0,
    written: 0,
    skipped: [],
    digest: { root: ROOT, streams: 1, events: 2, takenAt: TAKEN_AT },
    counts: {},
  };

  const ReplayReportSchema = z
    .object({
      mode: z.enum(["compare", "repair", "into"]),
      target: z.string().optional(),
      startedAt: z.string(),
      finishedAt: z.string(),
      durationMs: z.number(),
      segments: z.number().int(),
      resumed: z.boolean(),
      streams: z.number().int(),
      events: z.number().int(),
      eventsPerSecond: z.number(),
      clean: z.boolean().openapi({ description: "nothing broken, missing, extra or differing" }),
      chainBreaks: z.array(FindingSchema).readonly(),
      foldFailures: z.array(z.object({ pairId: z.string(), message: z.string() })).readonly(),
      missing: z.array(z.string()).readonly(),
      extra: z.array(z.string()).readonly(),
      differing: z
        .array(
          z.object({
            pairId: z.string(),
            storedVersion: z.number().int(),
            replayedVersion: z.number().int(),
            fields: z.array(z.string()).readonly(),
          }),
        )
        .readonly(),
      statsDiffer: z.array(z.object({ key: z.string(), expected: z.number(), found: z.number() })).readonly(),
      repaired: z.number().int(),
      written: z.number().int(),
      skipped: z.array(z.object({ pairId: z.string(), reason: z.string() })).readonly(),
      digest: z.object({
        root: z.string(),
        streams: z.number().int(),
        events: z.number().int(),
        takenAt: z.string(),
      }),
      counts: z
        .record(z.string(), z.number().int())
        .optional()
        .openapi({ description: "the full length of each list (lists are cut to 1,000 items)" }),
    })
    .openapi("ReplayReport", { example: replayReportExample });

  const replayEntryExample = {
    id: "0193a7c2-5b1e-7c3a-9f00-3d2b1e0c4a55",
    status: "done" as const,
    startedAt: TAKEN_AT,
    startedBy: "token:local-operator",
    report: replayReportExample,
  };

  const ReplayEntrySchema = z
    .object({
      id: z.string(),
      status: z.enum(["running", "done", "failed"]),
      startedAt: z.string(),
      startedBy: z.string(),
      report: ReplayReportSchema.optional(),
      error: z.string().optional(),
    })
    .openapi("ReplayEntry", { example: replayEntryExample });

  const ReplayStartedSchema = z
    .object({ id: z.string(), status: z.literal("running"), location: z.string() })
    .openapi("ReplayStarted", {
      example: {
        id: replayEntryExample.id,
        status: "running",
        location: `/audit/replays/${replayEntryExample.id}`,
      },
    });
  return {
    StreamHeadSchema,
    FindingSchema,
    LedgerDigestSchema,
    PairVerificationSchema,
    LedgerVerificationSchema,
    PublishedDigestSchema,
    ReplayReportSchema,
    ReplayEntrySchema,
    ReplayStartedSchema,
  };
});

export const StreamHeadSchema = () => answers().StreamHeadSchema;
export const FindingSchema = () => answers().FindingSchema;
export const LedgerDigestSchema = () => answers().LedgerDigestSchema;
export const PairVerificationSchema = () => answers().PairVerificationSchema;
export const LedgerVerificationSchema = () => answers().LedgerVerificationSchema;
export const PublishedDigestSchema = () => answers().PublishedDigestSchema;
export const ReplayReportSchema = () => answers().ReplayReportSchema;
export const ReplayEntrySchema = () => answers().ReplayEntrySchema;
export const ReplayStartedSchema = () => answers().ReplayStartedSchema;
