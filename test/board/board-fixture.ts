/**
 * The board's test data: the seed (the article's pairs, through loadSeed), plus two test-only
 * entries on Chicago–Moscow written through the ledger: a back-dated event (so recording order
 * differs from effective order) and a mistaken event with its retraction.
 */
import type { Ledger } from "../../functions/application/ledger.js";
import { loadSeed } from "../../infra/local/seed/load-seed.js";

export const CHICAGO_MOSCOW = "ru-moscow--us-il-chicago";

const by = { recordedBy: "test:clerk" };

async function must(p: ReturnType<Ledger["execute"]>) {
  const r = await p;
  if (!r.ok) throw new Error(`fixture write failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function loadBoardFixture(ledger: Ledger) {
  await loadSeed(ledger);
  const record = (type: string, data: Record<string, unknown>) =>
    must(ledger.execute(CHICAGO_MOSCOW, { kind: "record", type, data } as never, by));
  await record("reaffirmed", {
    effectiveDate: "2017",
    actor: { side: "both" },
    sources: [{ citation: "test fixture: an entry recorded late and back-dated" }],
    wording: "renewed",
  });
  const mistaken = await record("reaffirmed", {
    effectiveDate: "2022-06-06",
    actor: { side: "us-il-chicago" },
    sources: [{ citation: "test fixture: a misread headline" }],
  });
  await must(
    ledger.execute(
      CHICAGO_MOSCOW,
      {
        kind: "retract",
        data: {
          retracts: mistaken.version,
          reason: "entered against the wrong pair (it was San Jose's decision)",
        },
      },
      by,
    ),
  );
}
