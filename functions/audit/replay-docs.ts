/**
 * The stored documents a replay compares with: read ahead by page, 100 a request, and compared
 * with the replayed ones (a cheap walk first; the canonical text decides).
 */
import { isDeepStrictEqual } from "node:util";
import { canonicalJson, type PairDoc, type StoredEvent } from "../../domain/index.js";
import type { ReadModelReader } from "../ports/read-model.js";

/** JSON paths where two values differ, at most `max`. */
export function diffPaths(a: unknown, b: unknown, path = "", out: string[] = [], max = 10): string[] {
  if (out.length >= max) return out;
  if (
    typeof a !== "object" ||
    typeof b !== "object" ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) out.push(path || "/");
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort())
    diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, out, max);
  return out;
}

const plain = (o: object) => {
  const proto = Object.getPrototypeOf(o);
  return proto === Object.prototype || proto === null;
};

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameJson(a[i], b[i])) return false;
    if (a[i] === undefined && i in a !== i in b) return false; // a hole is not an undefined item
  }
  return true;
}

function sameMembers(x: Record<string, unknown>, y: Record<string, unknown>): boolean {
  let defined = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined || !Object.hasOwn(x, k)) continue;
    defined++;
    if (!Object.hasOwn(y, k) || !sameJson(v, y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined && Object.hasOwn(y, k)) defined--;
  return defined === 0;
}

/**
 * Equal as JSON, for plain data: the same primitives (===), arrays alike item by item, objects
 * with the same defined members alike (an undefined member counts as absent, as in canonical
 * JSON). False whenever unsure (another prototype, a NaN): the slower tests then decide.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  return plain(a) && plain(b) && sameMembers(a as Record<string, unknown>, b as Record<string, unknown>);
}

/**
 * Equal as stored: the JSON walk first (cheap), then deep-equal, then the canonical text (what
 * decides: an absent vs an undefined field is the same document).
 */
export const sameDoc = (a: PairDoc, b: PairDoc) =>
  sameJson(a, b) || isDeepStrictEqual(a, b) || canonicalJson(a) === canonicalJson(b);

/** Documents of a read model for many concurrent callers: ids asked in the same turn share a getMany. */
export function batchedDocs(
  readModel: ReadModelReader,
  max = 100,
): (pairId: string) => Promise<PairDoc | undefined> {
  type Waiter = { id: string; resolve: (d: PairDoc | undefined) => void; reject: (e: unknown) => void };
  let queue: Waiter[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const asked = queue;
    queue = [];
    if (asked.length === 0) return;
    readModel.getMany(asked.map((w) => w.id)).then(
      (found) => {
        for (const w of asked) w.resolve(found.get(w.id));
      },
      (e) => {
        for (const w of asked) w.reject(e);
      },
    );
  };
  return (id) =>
    new Promise((resolve, reject) => {
      queue.push({ id, resolve, reject });
      if (queue.length >= max) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/**
 * Documents of a read model read ahead: `prefetch` asks for the ids of a page as soon as the page
 * arrives (100 a request, the requests side by side), so that the reads overlap the verification
 * of the pages before it; `take` hands a document over once (an id never prefetched is read in a
 * shared batch). Holds only the documents of the pages in flight.
 */
export function prefetchedDocs(readModel: ReadModelReader, max = 100) {
  const ahead = new Map<string, Promise<PairDoc | undefined>>();
  const fallback = batchedDocs(readModel, max);
  return {
    prefetch(ids: readonly string[]) {
      const fresh = [...new Set(ids)].filter((id) => !ahead.has(id));
      for (let i = 0; i < fresh.length; i += max) {
        const chunk = fresh.slice(i, i + max);
        const found = readModel.getMany(chunk);
        for (const id of chunk) {
          const one = found.then((m) => m.get(id));
          one.catch(() => {}); // a failure reaches whoever takes it; an untaken one is dropped
          ahead.set(id, one);
        }
      }
    },
    take(id: string): Promise<PairDoc | undefined> {
      const one = ahead.get(id);
      if (!one) return fallback(id);
      ahead.delete(id);
      return one;
    },
  };
}

/** Each pair id of a page once (a stream's events come together). */
export function idsOf(events: readonly StoredEvent[]): string[] {
  const ids: string[] = [];
  let last: string | undefined;
  for (const e of events)
    if (e.pairId !== last) {
      last = e.pairId;
      ids.push(last);
    }
  return ids;
}
