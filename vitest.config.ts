import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // Generous: on 2 shared cores a loaded machine slows DynamoDB Local's JVM several times over
    // (the 64-writer race, the 1,000-pair import and the restart tests took over 60 s at a load
    // average of 20). A timeout here is a hang guard, not a speed check.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // DynamoDB Local is a JVM per test file; two cores, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
  },
});
