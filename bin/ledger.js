#!/usr/bin/env node
// The `ledger` CLI launcher: registers tsx (TypeScript on the fly), then runs functions/cli/main.ts.
import "tsx";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { run } = await import("../functions/cli/main.ts");
process.exitCode = await run(process.argv);
