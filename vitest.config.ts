import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // DynamoDB Local is a JVM per test file; two cores, so keep the pool small.
    pool: "forks",
    maxWorkers: 2,
  },
});
