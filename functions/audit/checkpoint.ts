/**
 * Checkpoints of a stream scan: one JSON file per segment (written atomically: temp file, then
 * rename), so a replay that stops half way resumes each segment where it was.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CheckpointStore, SegmentState } from "./stream-scan.js";

interface CheckpointFile<A> {
  readonly key: string;
  readonly savedAt: string;
  readonly state: SegmentState<A>;
}

/** Checkpoints under `dir`: `segment-<n>.json`. A run with another key (mode, tables) is not resumed. */
export function createFileCheckpoints<A>(dir: string): CheckpointStore<A> {
  const file = (segment: number) => join(dir, `segment-${segment}.json`);
  return {
    async load(key, segments) {
      const states: SegmentState<A>[] = [];
      for (let s = 0; s < segments; s++) {
        let text: string;
        try {
          text = await readFile(file(s), "utf8");
        } catch {
          return undefined;
        }
        const saved = JSON.parse(text) as CheckpointFile<A>;
        if (saved.key !== key || saved.state.segments !== segments) return undefined;
        states.push(saved.state);
      }
      return states;
    },
    async save(key, state) {
      await mkdir(dir, { recursive: true });
      const body: CheckpointFile<A> = { key, savedAt: new Date().toISOString(), state };
      const tmp = `${file(state.segment)}.tmp`;
      await writeFile(tmp, JSON.stringify(body));
      await rename(tmp, file(state.segment));
    },
    async clear() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** In-memory checkpoints (tests; the Lambda, which finishes within one invocation or starts over). */
export function createMemoryCheckpoints<A>(): CheckpointStore<A> & { readonly saved: Map<string, string> } {
  const saved = new Map<string, string>();
  return {
    saved,
    async load(key, segments) {
      const states: SegmentState<A>[] = [];
      for (let s = 0; s < segments; s++) {
        const text = saved.get(`${key}#${s}`);
        if (!text) return undefined;
        states.push(JSON.parse(text) as SegmentState<A>);
      }
      return states;
    },
    async save(key, state) {
      saved.set(`${key}#${state.segment}`, JSON.stringify(state));
    },
    async clear(key) {
      for (const k of [...saved.keys()]) if (k.startsWith(`${key}#`)) saved.delete(k);
    },
  };
}
