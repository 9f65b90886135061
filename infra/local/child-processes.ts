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
    const onSignal = () => {
      // An app with its own handler owns a graceful shutdown (stop() sends SIGTERM and waits); its
      // eventual exit still runs the 'exit' hook. Otherwise this is Node's default: kill, then die
      // by the same signal (which skips 'exit', hence the kill first).
      if (process.listenerCount(signal) > 1) return;
      killAllChildren();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
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
