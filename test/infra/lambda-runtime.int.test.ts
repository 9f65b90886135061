/**
 * The stand-in Lambda runtime the bundle tests run CDK's assets in (./synth.ts): like Lambda's, it
 * resolves nothing but Node's built-ins, the AWS SDK and what ships beside a bundle, so a bundle
 * that imports a package only the repository has fails here rather than in AWS.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../infra/constructs/ledger-function.js";
import { InvocationError, startBundle } from "./synth.js";

describe("the stand-in Lambda runtime", () => {
  it("fails the cold start of a bundle that imports a package only the repository has", async () => {
    // Built inside the repository, where `hono` resolves; the runtime must not find it.
    const dir = mkdtempSync(join(repoRoot, "node_modules", ".cache", "ledger-missing-import-"));
    try {
      const file = join(dir, "index.mjs");
      writeFileSync(
        file,
        'import { Hono } from "hono";\nexport const handler = async () => new Hono() && "loaded";\n',
      );
      const bundle = { name: "http" as const, dir, file, bytes: 0, mapBytes: 0, environment: {} };
      const failure = await startBundle(bundle).then(
        (runtime) => runtime.stop().then(() => undefined),
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(InvocationError);
      expect((failure as Error).message).toMatch(/Cannot find package 'hono'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
