/**
 * The same verification the digest job runs before it publishes, on an interval, for a process
 * that lives long (the local server): every chain, and the ledger against the last published
 * digest. It publishes nothing; it keeps the latest result for the board's header.
 */
import type { EventStore } from "../ports/event-store.js";
import type { DigestArchive } from "./digest-archive.js";
import { checkLedger, type LedgerCheck } from "./guarded-publish.js";

export interface LedgerChecks {
  /** The latest finished check, or undefined before the first one ends. */
  latest(): LedgerCheck | undefined;
  /** Run a check now (or join the one running) and resolve with it. */
  runNow(): Promise<LedgerCheck>;
  stop(): void;
}

export function startLedgerChecks(deps: {
  readonly store: EventStore;
  readonly archive: DigestArchive;
  readonly intervalMs: number;
  readonly clock?: () => Date;
  readonly onCheck?: (check: LedgerCheck) => void;
  readonly onError?: (error: unknown) => void;
}): LedgerChecks {
  let latest: LedgerCheck | undefined;
  let running: Promise<LedgerCheck> | undefined;
  const runNow = () => {
    running ??= checkLedger({
      store: deps.store,
      archive: deps.archive,
      ...(deps.clock ? { clock: deps.clock } : {}),
    })
      .then((check) => {
        latest = check;
        deps.onCheck?.(check);
        return check;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = () => void runNow().catch((e: unknown) => deps.onError?.(e));
  // The interval never keeps the process alive on its own.
  const timer = deps.intervalMs > 0 ? setInterval(tick, deps.intervalMs) : undefined;
  timer?.unref();
  if (deps.intervalMs > 0) tick();
  return {
    latest: () => latest,
    runNow,
    stop: () => clearInterval(timer),
  };
}
