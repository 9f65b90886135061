/**
 * Who is calling. Locally: a bearer token from the environment. In AWS: the identity that API
 * Gateway's authorizer (IAM or JWT) put in the request context. `recordedBy` comes only from here.
 */
import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { LambdaEvent } from "hono/aws-lambda";
import { problem, sendProblem } from "./problem.js";

export type AuthConfig = { readonly mode: "token"; readonly token: string } | { readonly mode: "aws" };

export type AppEnv = {
  Bindings: { event?: LambdaEvent };
  Variables: { identity: string };
};

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The caller's identity from an API Gateway HTTP API (v2) authorizer context, if any. */
export function identityFromLambdaEvent(event: LambdaEvent | undefined): string | undefined {
  const authorizer = (event?.requestContext as { authorizer?: Record<string, unknown> } | undefined)
    ?.authorizer;
  const iam = authorizer?.iam as { userArn?: string } | undefined;
  if (iam?.userArn) return `iam:${iam.userArn}`;
  const claims = (authorizer?.jwt as { claims?: Record<string, unknown> } | undefined)?.claims;
  if (claims?.sub) return `jwt:${claims.iss ?? "unknown-issuer"}#${claims.sub}`;
  return undefined;
}

export function requireIdentity(auth: AuthConfig): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let identity: string | undefined;
    if (auth.mode === "token") {
      const header = c.req.header("authorization") ?? "";
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (match?.[1] && sameSecret(match[1], auth.token)) identity = "token:local-operator";
    } else {
      identity = identityFromLambdaEvent(c.env?.event);
    }
    if (!identity)
      return sendProblem(
        c,
        problem("unauthenticated", "writes and audits need an identity: send Authorization: Bearer <token>"),
        {
          "www-authenticate":
            auth.mode === "token" ? 'Bearer realm="sister-city-ledger"' : "AWS4-HMAC-SHA256",
        },
      );
    c.set("identity", identity);
    await next();
  };
}
