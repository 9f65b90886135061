/**
 * Configuration, parsed once from the environment (fail fast). Nothing else reads process.env:
 * entry points call loadConfig() and hand the result to the composition root.
 */
import * as z from "zod";

/** Environment variable names; the CDK function construct sets the same names. */
export const ENV = {
  eventsTable: "EVENTS_TABLE",
  readModelTable: "READ_MODEL_TABLE",
  dynamodbEndpoint: "DYNAMODB_ENDPOINT",
  region: "AWS_REGION",
  authMode: "AUTH_MODE",
  token: "LEDGER_TOKEN",
  digestBucket: "DIGEST_BUCKET",
  digestDir: "DIGEST_DIR",
  idempotencyTtlHours: "IDEMPOTENCY_TTL_HOURS",
  verifyIntervalMinutes: "VERIFY_INTERVAL_MINUTES",
} as const;

/** Minutes between the local server's ledger verifications (0: never); the digest Lambda runs hourly. */
export const DEFAULT_VERIFY_INTERVAL_MINUTES = 15;
const verifyInterval = z.coerce
  .number()
  .min(0)
  .max(24 * 60)
  .default(DEFAULT_VERIFY_INTERVAL_MINUTES);

/** VERIFY_INTERVAL_MINUTES, parsed (for the local server, which builds the rest of its config itself). */
export function verifyIntervalMinutes(env: Record<string, string | undefined> = process.env): number {
  const parsed = verifyInterval.safeParse(env[ENV.verifyIntervalMinutes] || undefined);
  if (!parsed.success)
    throw new Error(
      `invalid configuration: ${ENV.verifyIntervalMinutes}: a number of minutes from 0 (off) to 1440`,
    );
  return parsed.data;
}

const schema = z.object({
  [ENV.eventsTable]: z.string().min(3),
  [ENV.readModelTable]: z.string().min(3),
  [ENV.dynamodbEndpoint]: z.url().optional(),
  [ENV.region]: z.string().default("us-east-1"),
  /** `token`: a bearer token (local); `aws`: the identity API Gateway's authorizer passes. */
  [ENV.authMode]: z.enum(["token", "aws"]).default("aws"),
  [ENV.token]: z.string().min(16).optional(),
  [ENV.digestBucket]: z.string().optional(),
  [ENV.digestDir]: z.string().optional(),
  [ENV.idempotencyTtlHours]: z.coerce.number().int().positive().default(24),
});

export interface LedgerConfig {
  readonly eventsTable: string;
  readonly readModelTable: string;
  readonly dynamodb: { readonly endpoint?: string; readonly region: string };
  readonly auth: { readonly mode: "token"; readonly token: string } | { readonly mode: "aws" };
  readonly digest: { readonly bucket?: string; readonly dir?: string };
  readonly idempotencyTtlSeconds: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): LedgerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${fields}`);
  }
  const e = parsed.data;
  if (e[ENV.authMode] === "token" && !e[ENV.token]) {
    throw new Error(`invalid configuration: ${ENV.token} is required when ${ENV.authMode}=token`);
  }
  return {
    eventsTable: e[ENV.eventsTable],
    readModelTable: e[ENV.readModelTable],
    dynamodb: { endpoint: e[ENV.dynamodbEndpoint], region: e[ENV.region] },
    auth: e[ENV.authMode] === "token" ? { mode: "token", token: e[ENV.token] as string } : { mode: "aws" },
    digest: { bucket: e[ENV.digestBucket], dir: e[ENV.digestDir] },
    idempotencyTtlSeconds: e[ENV.idempotencyTtlHours] * 3600,
  };
}
