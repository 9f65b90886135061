/** In-memory read model: the same contract as the DynamoDB one (test/contracts/read-model.contract.ts). */
import type { PairDoc, PairView } from "../../../domain/index.js";
import { historyDelta, isDayKey, listView, withRollUps } from "../../../domain/index.js";
import type { History, ReadModelStore, Stats } from "../../ports/read-model.js";
import {
  dayOf,
  decodeCursor,
  encodeCursor,
  listedView,
  matches,
  scopeHistory,
  statsFromHistory,
  windowOf,
} from "../read-model-query.js";

const onlyPairs = (stats: Stats, pairs: readonly string[] | undefined): Stats =>
  pairs === undefined
    ? stats
    : {
        ...stats,
        byCountryPair: Object.fromEntries(
          Object.entries(stats.byCountryPair).filter(([k]) => pairs.includes(k)),
        ),
      };

export function createMemoryReadModel(
  options: { readonly now?: () => Date } = {},
): ReadModelStore & { readonly docs: Map<string, PairDoc> } {
  const now = options.now ?? (() => new Date());
  const docs = new Map<string, PairDoc>();
  let history: History = {};
  const apply = (delta: History) => {
    for (const [day, deltas] of Object.entries(delta)) {
      history[day] ??= {};
      const d = history[day];
      for (const [k, n] of Object.entries(deltas)) {
        d[k] = (d[k] ?? 0) + n;
        if (d[k] === 0) delete d[k];
      }
      if (Object.keys(d).length === 0) delete history[day];
    }
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
      apply(historyDelta(current, next));
      docs.set(next.view.pairId, structuredClone(next));
      return "saved";
    },
    async getMany(pairIds) {
      const out = new Map<string, PairDoc>();
      for (const id of pairIds) {
        const doc = docs.get(id);
        if (doc) out.set(id, structuredClone(doc));
      }
      return out;
    },
    // One atomic write for the whole batch: a moved document leaves every save of it unwritten.
    async saveMany(saves) {
      const moved = saves.some(
        ({ next, previous }) =>
          (docs.get(next.view.pairId)?.view.version ?? 0) !== (previous?.view.version ?? 0),
      );
      if (moved) return saves.map(() => "stale" as const);
      for (const { next } of saves) {
        apply(historyDelta(docs.get(next.view.pairId), next));
        docs.set(next.view.pairId, structuredClone(next));
      }
      return saves.map(() => "saved" as const);
    },
    async list(filter, page) {
      const after = page.cursor === undefined ? "" : decodeCursor(page.cursor);
      const { status, ...rest } = filter;
      const all = [...docs.values()]
        .map((d) => listedView(listView(d), d.changes, page.asOf, dayOf(now())))
        .filter((v): v is PairView => v !== undefined && matches(v, rest) && (!status || v.status === status))
        .sort((a, b) => (a.pairId < b.pairId ? -1 : 1));
      const remaining = all.filter((v) => v.pairId > after);
      const items = remaining.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items: structuredClone(items),
        ...(remaining.length > page.limit && last ? { cursor: encodeCursor(last.pairId) } : {}),
      };
    },
    async remove(pairId) {
      const current = docs.get(pairId);
      if (!current) return;
      apply(historyDelta(current, undefined));
      docs.delete(pairId);
    },
    async setHistory(next) {
      history = Object.fromEntries(Object.entries(structuredClone(next)).filter(([k]) => isDayKey(k)));
    },
    async history() {
      return withRollUps(history);
    },
    async *pairIds() {
      yield [...docs.keys()];
    },
    async *scanDocs() {
      yield structuredClone([...docs.values()]);
    },
    async stats(options) {
      return onlyPairs(statsFromHistory(history, dayOf(now())), options?.countryPairs);
    },
    async statsAsOf(day, options) {
      return onlyPairs(statsFromHistory(history, day), options?.countryPairs);
    },
    async statusHistory(scope, window) {
      const all = scopeHistory(history, scope);
      return window ? windowOf(all, window) : all;
    },
  };
}
