/** In-memory read model: the same contract as the DynamoDB one, for unit and HTTP tests. */
import type { PairDoc, PairView } from "../../../domain/index.js";
import type { ReadModelStore } from "../../ports/read-model.js";
import { counterKeys, decodeCursor, encodeCursor, matches, statsFromCounters } from "../read-model-query.js";

export function createMemoryReadModel(): ReadModelStore & { readonly docs: Map<string, PairDoc> } {
  const docs = new Map<string, PairDoc>();
  const counters: Record<string, number> = {};
  const bump = (view: PairView, by: number) => {
    for (const k of counterKeys(view)) counters[k] = (counters[k] ?? 0) + by;
  };
  return {
    docs,
    async get(pairId) {
      const doc = docs.get(pairId);
      return doc && structuredClone(doc);
    },
    async save(next, previous) {
      const current = docs.get(next.view.pairId);
      if ((current?.view.version ?? 0) !== (previous?.view.version ?? 0)) return "stale";
      if (current) bump(current.view, -1);
      bump(next.view, 1);
      docs.set(next.view.pairId, structuredClone(next));
      return "saved";
    },
    async list(filter, page) {
      const after = page.cursor === undefined ? "" : decodeCursor(page.cursor);
      const all = [...docs.values()]
        .map((d) => d.view)
        .filter((v) => matches(v, filter))
        .sort((a, b) => (a.pairId < b.pairId ? -1 : 1));
      const rest = all.filter((v) => v.pairId > after);
      const items = rest.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items: structuredClone(items),
        ...(rest.length > page.limit && last ? { cursor: encodeCursor(last.pairId) } : {}),
      };
    },
    async remove(pairId) {
      const current = docs.get(pairId);
      if (!current) return;
      bump(current.view, -1);
      docs.delete(pairId);
    },
    async setCounters(next) {
      for (const k of Object.keys(counters)) delete counters[k];
      Object.assign(counters, next);
    },
    async *allDocs() {
      for (const d of [...docs.values()].sort((a, b) => (a.view.pairId < b.view.pairId ? -1 : 1)))
        yield structuredClone(d);
    },
    async stats() {
      return statsFromCounters(counters);
    },
  };
}
