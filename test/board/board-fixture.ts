/**
 * A small board fixture written through the ledger: three pairs, one with a back-dated event (so
 * recording order differs from effective order) and a retraction.
 */
import type { Ledger } from "../../functions/application/ledger.js";

const by = { recordedBy: "test:clerk" };

async function must(p: ReturnType<Ledger["execute"]>) {
  const r = await p;
  if (!r.ok) throw new Error(`fixture write failed: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export const CHICAGO_MOSCOW = "ru-moscow--us-il-chicago";

export async function loadBoardFixture(ledger: Ledger) {
  const src = (url: string) => [{ url }];
  const chicago = { name: "Chicago", country: "US", region: "US-IL" };
  const moscow = { name: "Moscow", country: "RU" };
  await must(
    ledger.execute(
      undefined,
      {
        kind: "register",
        data: {
          cityA: chicago,
          cityB: moscow,
          relationship: "sister-city",
          effectiveDate: "1997",
          actor: { side: "both" },
          sources: src(
            "https://www.cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
          ),
        },
      },
      by,
    ),
  );
  const record = (type: string, data: Record<string, unknown>) =>
    must(ledger.execute(CHICAGO_MOSCOW, { kind: "record", type, data } as never, by));
  await record("suspended", {
    effectiveDate: "2022-03-01",
    actor: { side: "us-il-chicago", name: "Mayor" },
    authority: { body: "Mayor of Chicago", instrument: "directive to World Business Chicago" },
    sources: src(
      "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow",
    ),
    wording: "suspend",
    condition: "until the end of hostilities and the Putin regime is held accountable",
  });
  // Recorded before the proposal it failed on: the timeline still puts it after (effective order).
  await record("motion-failed", {
    effectiveDate: "2023-05-24",
    actor: { side: "us-il-chicago" },
    authority: { body: "City Council", instrument: "Order Or2022-61" },
    sources: src("https://chicago.legistar.com/LegislationDetail.aspx?ID=5474219"),
    wording: "Failed to Pass",
    proposed: "terminated",
  });
  await record("change-proposed", {
    effectiveDate: "2022-03",
    actor: { side: "us-il-chicago" },
    authority: { body: "City Council", instrument: "Order Or2022-61" },
    sources: src("https://chicago.legistar.com/LegislationDetail.aspx?ID=5474219"),
    wording: "revoke",
    proposed: "terminated",
  });
  const mistaken = await record("reaffirmed", {
    effectiveDate: "2022-06-06",
    actor: { side: "us-il-chicago" },
    sources: [{ citation: "a misread headline" }],
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

  await must(
    ledger.execute(
      undefined,
      {
        kind: "register",
        data: {
          cityA: { name: "Coventry", country: "GB" },
          cityB: { name: "Volgograd", country: "RU", aliases: ["Stalingrad"] },
          relationship: "sister-city",
          effectiveDate: "1944",
          actor: { side: "both" },
          sources: [{ citation: "The Guardian, 23 March 2022" }],
        },
      },
      by,
    ),
  );
  await must(
    ledger.execute(
      "gb-coventry--ru-volgograd",
      {
        kind: "record",
        type: "suspended",
        data: {
          effectiveDate: "2022-03-22",
          actor: { side: "gb-coventry" },
          authority: { body: "Coventry City Council", vote: "unanimous" },
          sources: [{ url: "https://www.bbc.co.uk/news/uk-england-coventry-warwickshire-60841684" }],
          wording: "paused",
        },
      } as never,
      by,
    ),
  );

  await must(
    ledger.execute(
      undefined,
      {
        kind: "register",
        data: {
          cityA: { name: "Portland", country: "US", region: "US-OR" },
          cityB: { name: "Khabarovsk", country: "RU" },
          relationship: "sister-city",
          effectiveDate: "1988",
          actor: { side: "both" },
          sources: [{ url: "https://www.portland.gov/ogr/international-relations-program" }],
        },
      },
      by,
    ),
  );
}
