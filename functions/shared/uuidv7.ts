/**
 * Time-ordered ids (UUID version 7, RFC 9562 §5.7) for events and replays: 48 bits of Unix
 * milliseconds, then a 12-bit counter in `rand_a` (§6.2, method 1: seeded at random each new
 * millisecond, counted up within one, so that ids of one process sort in the order they were made,
 * even when the clock stands still or steps back), the variant bits and 62 random bits.
 *
 * Written here rather than taken from the `uuidv7` package (which tests still use as an
 * independent check): the HTTP Lambda's bundle has a byte budget (BENCHMARKS.md), and the
 * package's 4.6 KB buys nothing this needs.
 */
import { randomFillSync } from "node:crypto";

let lastMs = -1;
let counter = 0;

/**
 * Random bytes drawn 4 KB at a time (256 ids), as Node's own randomUUID does: one call into the
 * system's generator per id cost about 1.5% of a POST's CPU (BENCHMARKS.md). Each id takes its 16
 * bytes from the pool once; none is handed out twice.
 */
const POOL = Buffer.alloc(4096);
let taken = POOL.length;

function random16(): Buffer {
  if (taken === POOL.length) {
    randomFillSync(POOL);
    taken = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  POOL.copy(bytes, 0, taken, taken + 16);
  taken += 16;
  return bytes;
}

export const uuidv7 = (): string => uuidv7At(Date.now());

/** The id made at `now` (ms since 1970), after those made before in this process. */
export function uuidv7At(now: number): string {
  const bytes = random16();
  let ms = now;
  if (ms > lastMs)
    counter = bytes.readUInt16BE(6) & 0x7ff; // top bit clear: room to count up
  else {
    ms = lastMs; // the clock stood still or stepped back: keep counting in the last millisecond
    counter = (counter + 1) & 0xfff;
    if (counter === 0) ms += 1; // 4,096 ids in one millisecond: borrow the next one
  }
  lastMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
