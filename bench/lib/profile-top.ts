/**
 * Top self-time functions of a V8 .cpuprofile (`node --cpu-prof`), grouped by function and by
 * package, so that a profile of a bench section says where the time goes.
 * Usage: node --import tsx bench/lib/profile-top.ts <file.cpuprofile> [n]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, n = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [n]");
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^file:\/\/.*?\/(node_modules|functions|domain|bench|infra)\//, "$1/");
  const key = `${functionName || "(anonymous)"} ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg =
    /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (/\/(functions|domain|bench|infra)\//.exec(url)?.[1]
      ? `ours: ${/\/(functions|domain|bench|infra)\//.exec(url)?.[1]}`
      : undefined) ??
    (url.startsWith("node:") ? "node internals" : functionName || "(native)");
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
}
const show = (m: Map<string, number>, k: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(
      ([name, us]) =>
        `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`,
    )
    .join("\n");
console.log(
  `total ${(total / 1000).toFixed(0)} ms sampled\n\nby package:\n${show(byPackage, 15)}\n\nby function:\n${show(byFunction, Number(n))}`,
);
