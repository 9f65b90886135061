/**
 * Loads the seed through the ledger's one command path (`ledger.execute`), exactly as the API
 * would: register each pair, then record its events in order. Idempotent on re-run: a pair that
 * is already registered is skipped whole (never an error, never written twice).
 */
import { EVENT_DATA, pairIdOfCities, type Command } from "../../../domain/index.js";
import type { Ledger } from "../../../functions/application/ledger.js";
import { SEED_PAIRS, type SeedEvent, type SeedPair } from "./seed-data.js";

export interface SeedProgress {
  readonly pairId: string;
  readonly outcome: "loaded" | "skipped";
  /** Pairs handled so far, including this one. */
  readonly done: number;
  readonly total: number;
}

export interface LoadSeedOptions {
  /** Who the events are recorded by (default "seed"). */
  readonly recordedBy?: string;
  readonly onProgress?: (progress: SeedProgress) => void;
  /** The pairs to load (default: the embedded seed). */
  readonly pairs?: readonly SeedPair[];
}

export interface SeedReport {
  /** Pairs registered by this run. */
  readonly pairs: number;
  /** Events written by this run (registrations included). */
  readonly events: number;
  /** Pairs left alone because they already existed. */
  readonly skipped: number;
}

/** The commands for one pair, parsed through the same schemas the API validates with. */
export function seedCommands(pair: SeedPair): { pairId: string; register: Command; records: Command[] } {
  const data = EVENT_DATA.established.parse(pair.established);
  const records = pair.events.map(
    (e: SeedEvent) => ({ kind: "record", type: e.type, data: EVENT_DATA[e.type].parse(e.data) }) as Command,
  );
  return { pairId: pairIdOfCities(data.cityA, data.cityB), register: { kind: "register", data }, records };
}

export async function loadSeed(ledger: Ledger, options: LoadSeedOptions = {}): Promise<SeedReport> {
  const recordedBy = options.recordedBy ?? "seed";
  const pairs = options.pairs ?? SEED_PAIRS;
  let loaded = 0;
  let events = 0;
  let skipped = 0;
  for (const [i, pair] of pairs.entries()) {
    const { pairId, register, records } = seedCommands(pair);
    const existing = await ledger.load(pairId);
    let outcome: SeedProgress["outcome"] = "skipped";
    if (existing.state.version > 0) skipped++;
    else {
      for (const command of [register, ...records]) {
        const out = await ledger.execute(pairId, command, { recordedBy });
        if (!out.ok)
          throw new Error(
            `seed ${pairId}: ${command.kind} was refused: ${out.error.code}: ${out.error.message}`,
          );
        events += out.value.events.length;
      }
      loaded++;
      outcome = "loaded";
    }
    options.onProgress?.({ pairId, outcome, done: i + 1, total: pairs.length });
  }
  return { pairs: loaded, events, skipped };
}
