/** The map: its base layer is what the generator makes of world-atlas; arcs are placed and counted. */
import { describe, expect, it } from "vitest";
import { computeWorld } from "../../scripts/gen-world-map.js";
import { arcsOf, WorldMap, type MapPair } from "../../functions/app/board/world-map.js";
import {
  WORLD_COUNTRIES,
  WORLD_SCALE,
  WORLD_TRANSLATE,
} from "../../functions/app/board/world-countries.generated.js";

const chicago = { lat: 41.9, lon: -87.65 };
const moscow = { lat: 55.755833, lon: 37.617778 };

describe("the world map", () => {
  it("keeps the generated country shapes in step with world-atlas (re-run scripts/gen-world-map.ts)", () => {
    const world = computeWorld();
    expect(WORLD_SCALE).toBe(world.scale);
    expect(WORLD_TRANSLATE).toEqual(world.translate);
    expect(WORLD_COUNTRIES).toEqual(world.rows);
    const codes = WORLD_COUNTRIES.map(([code]) => code);
    for (const code of ["US", "RU", "GB", "DE", "IS", "XK"]) expect(codes).toContain(code);
  });

  it("draws a line for each pair with both locations, and counts the others as not drawn", () => {
    const pairs: MapPair[] = [
      { pairId: "a", label: "Chicago – Moscow", status: "suspended", a: chicago, b: moscow },
      { pairId: "b", label: "Iowa – Stavropol Krai", status: "terminated" },
      { pairId: "c", label: "Chicago – nowhere", status: "active", a: chicago },
    ];
    const { arcs, unplaced } = arcsOf(pairs);
    expect(arcs.map((a) => a.pair.pairId)).toEqual(["a"]);
    expect(arcs[0]?.d).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(arcs[0]?.ends).toHaveLength(2);
    expect(unplaced.map((p) => p.pairId)).toEqual(["b", "c"]);
  });

  it("links each line to its pair, names it, and shades countries by the filter's counts", async () => {
    const html = String(
      await WorldMap({
        id: "m",
        title: "t",
        pairs: [
          {
            pairId: "ru-moscow--us-il-chicago",
            label: "Chicago – Moscow",
            status: "suspended",
            a: chicago,
            b: moscow,
          },
        ],
        countryCounts: { US: 2000, RU: 5 },
        filterTotal: 120,
        hrefOf: (id) => `/board/pairs/${id}`,
      }),
    );
    expect(html).toContain(
      '<a href="/board/pairs/ru-moscow--us-il-chicago" data-pair-id="ru-moscow--us-il-chicago" data-status="suspended"',
    );
    expect(html).toContain("<title>Chicago – Moscow: suspended</title>");
    expect(html).toMatch(/data-country="US" fill="#467aaf"/);
    expect(html).toMatch(/data-country="RU" fill="#c9d8ea"/);
    expect(html).toMatch(/data-country="FR" fill="#e9edf2"/);
    expect(html).toContain("119 more match");
  });
});
