/**
 * Deployment settings read once from CDK context (`-c key=value` or cdk.json), validated here so a
 * typo fails the synth instead of deploying something half-configured.
 */
import type { Node } from "constructs";

export type StageName = "dev" | "prod";

export interface StageSettings {
  readonly stage: StageName;
  /** prod: every stateful resource RETAIN, deletion and termination protection on. */
  readonly isProd: boolean;
  /**
   * `-c ephemeral=true`, dev only: the events table goes with the stack (`cdk destroy` deletes the
   * ledger). Off by default: a ledger survives `cdk destroy` in every stage unless asked otherwise.
   */
  readonly ephemeral: boolean;
  /** JWT authorizer instead of IAM, when both are given. */
  readonly jwt?: { readonly issuer: string; readonly audience: readonly string[] };
  /** GET routes without auth (default true); `publicReads=false` puts reads behind the authorizer. */
  readonly publicReads: boolean;
  /** Allowed CORS origins; none means no CORS configuration (same-origin only). */
  readonly corsOrigins: readonly string[];
  /** Object Lock default retention of published digests, in days. */
  readonly digestRetentionDays: number;
  /** Email address subscribed to the alarm topic, when given. */
  readonly alarmEmail?: string;
}

/** Context values arrive as strings from the CLI and as JSON values from cdk.json or tests. */
function read(node: Node, key: string): unknown {
  const value = node.tryGetContext(key);
  return value === "" ? undefined : value;
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String).filter(Boolean);
  return String(value)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function bool(value: unknown, fallback: boolean, key: string): boolean {
  if (value === undefined || value === null) return fallback;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new Error(`context ${key} must be true or false, got ${JSON.stringify(value)}`);
}

export function readStageSettings(node: Node): StageSettings {
  const stage = String(read(node, "stage") ?? "dev");
  if (stage !== "dev" && stage !== "prod") {
    throw new Error(`context stage must be dev or prod, got ${JSON.stringify(stage)}`);
  }
  const isProd = stage === "prod";

  const issuer = read(node, "jwtIssuer");
  const audience = list(read(node, "jwtAudience"));
  if ((issuer === undefined) !== (audience.length === 0)) {
    throw new Error("context jwtIssuer and jwtAudience must be given together (or neither, for IAM auth)");
  }
  if (issuer !== undefined && !String(issuer).startsWith("https://")) {
    throw new Error(`context jwtIssuer must be an https URL, got ${JSON.stringify(issuer)}`);
  }

  const retention = Number(read(node, "digestRetentionDays") ?? (isProd ? 3650 : 1));
  if (!Number.isInteger(retention) || retention < 1) {
    throw new Error(`context digestRetentionDays must be a positive integer, got ${retention}`);
  }
  const alarmEmail = read(node, "alarmEmail");
  const ephemeral = bool(read(node, "ephemeral"), false, "ephemeral");
  if (ephemeral && isProd) {
    throw new Error("context ephemeral=true is for dev stages only: a prod ledger is always retained");
  }

  return {
    stage,
    isProd,
    ephemeral,
    ...(issuer !== undefined ? { jwt: { issuer: String(issuer), audience } } : {}),
    publicReads: bool(read(node, "publicReads"), true, "publicReads"),
    corsOrigins: list(read(node, "corsOrigins")),
    digestRetentionDays: retention,
    ...(alarmEmail !== undefined ? { alarmEmail: String(alarmEmail) } : {}),
  };
}
