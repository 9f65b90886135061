/**
 * A registry of spawned child processes that are killed synchronously when this process ends,
 * however it ends (normal exit, Ctrl-C, SIGTERM, an uncaught exception), so no JVM is orphaned.
 */
import type { ChildProcess } from "node:child_process";

const children = new Set<ChildProcess>();
let hooksInstalled = false;

/** Kills every registered child that is still running, synchronously (safe inside 'exit'). */
export function killAllChildren(signal: NodeJS.Signals = "SIGKILL"): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill(signal);
      } catch {
        // Already gone: nothing to clean.
      }
    }
  }
  children.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers may only run synchronous code; kill() is a synchronous syscall.
  process.on("exit", () => killAllChildren());
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // Only take over the signal's default (exit) when nobody else handles it; an app with its own
    // graceful shutdown keeps control and its eventual exit still triggers the 'exit' hook.
    process.once(signal, () => {
      killAllChildren();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
  // A monitor listener does not change Node's default crash behaviour, but runs before it.
  process.on("uncaughtExceptionMonitor", () => killAllChildren());
}

/** Tracks a child until it exits; returns a function to stop tracking it. */
export function registerChild(child: ChildProcess): () => void {
  installHooks();
  children.add(child);
  const forget = () => {
    children.delete(child);
  };
  child.once("exit", forget);
  return forget;
}

/** Number of tracked children still alive (for diagnostics and tests). */
export function trackedChildCount(): number {
  return children.size;
}
