/**
 * The local dead-letter file: stream records the projector could not apply after every attempt,
 * parked so that the records behind them go on (as Lambda's on-failure destination does in AWS).
 * One JSON object a line. `ledger replay --repair` rewrites the read model from the events and,
 * when that run is clean, empties the file: what was parked is mended.
 */
import { appendFile, mkdir, readFile, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The file's name in the data folder. */
export const DEAD_LETTER_FILE = "projector-dead-letters.ndjson";

export const deadLetterFile = (dataDir: string) => join(dataDir, DEAD_LETTER_FILE);

export interface DeadLetter {
  readonly parkedAt: string;
  readonly shardId: string;
  readonly sequenceNumber?: string;
  /** The events table's key of the record (pair id and version), when it has one. */
  readonly pairId?: string;
  readonly version?: number;
  readonly attempts: number;
  /** The record as the handler received it. */
  readonly record: unknown;
}

export async function appendDeadLetter(file: string, letter: DeadLetter): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(letter)}\n`);
}

export async function readDeadLetters(file: string): Promise<DeadLetter[]> {
  const text = await readFile(file, "utf8").catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return "";
    throw e;
  });
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as DeadLetter);
}

export const clearDeadLetters = (file: string) => rm(file, { force: true });

/**
 * After a repair: a clean run wrote every document from the events, so what was parked is mended
 * and the file is emptied. Returns how many parked records that mended (0 when not clean).
 */
export async function mendParked(file: string, repairClean: boolean): Promise<number> {
  if (!repairClean) return 0;
  const parked = await readDeadLetters(file);
  await clearDeadLetters(file);
  return parked.length;
}
