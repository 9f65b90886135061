/** Facts about the machine the figures come from. */
import { spawnSync } from "node:child_process";
import { cpus, freemem, loadavg, totalmem } from "node:os";

export interface MachineFacts {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly java: string;
  readonly platform: string;
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
  /** 1-minute load average at the start and at the end: other work on the machine skews figures. */
  readonly loadAverageStart: number;
  loadAverageEnd?: number;
}

export function machineFacts(): MachineFacts {
  // `java -version` prints on stderr.
  const out = spawnSync("java", ["-version"], { encoding: "utf8" });
  const java = `${out.stderr ?? ""}${out.stdout ?? ""}`.split("\n")[0]?.trim() || "java: unknown";
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    node: process.version,
    java,
    platform: `${process.platform} ${process.arch}`,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    loadAverageStart: loadavg()[0] ?? 0,
  };
}

export const currentLoad = () => loadavg()[0] ?? 0;
