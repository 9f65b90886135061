/** Test data: a handful of real pairs from the 2022 story, and request builders. */
import type { Request } from "./api.js";

export const cities = {
  chicago: { name: "Chicago", country: "US", region: "US-IL" },
  moscow: { name: "Moscow", country: "RU", aliases: ["Moskva"] },
  portland: { name: "Portland", country: "US", region: "US-OR" },
  khabarovsk: { name: "Khabarovsk", country: "RU" },
  albany: { name: "Albany", country: "US", region: "US-NY" },
  tula: { name: "Tula", country: "RU" },
  coventry: { name: "Coventry", country: "GB" },
  volgograd: { name: "Volgograd", country: "RU", aliases: ["Stalingrad"] },
  dresden: { name: "Dresden", country: "DE" },
} as const;

type CityName = keyof typeof cities;

export const ids = {
  chicagoMoscow: "ru-moscow--us-il-chicago",
  portlandKhabarovsk: "ru-khabarovsk--us-or-portland",
  albanyTula: "ru-tula--us-ny-albany",
  coventryVolgograd: "gb-coventry--ru-volgograd",
  coventryDresden: "de-dresden--gb-coventry",
} as const;

const source = (n: string) => [{ url: `https://example.org/sources/${n}` }];

export function establishment(
  a: CityName,
  b: CityName,
  effectiveDate = "1990",
  extra: Record<string, unknown> = {},
) {
  return {
    cityA: cities[a],
    cityB: cities[b],
    effectiveDate,
    actor: { side: "both" },
    sources: source(`${a}-${b}`),
    ...extra,
  };
}

export function event(type: string, effectiveDate: string, extra: Record<string, unknown> = {}) {
  return {
    type,
    effectiveDate,
    actor: { side: "both" },
    sources: source(`${type}-${effectiveDate}`),
    ...extra,
  };
}

export const register = (a: CityName, b: CityName, headers: Record<string, string> = {}): Request => ({
  method: "POST",
  path: "/pairs",
  json: establishment(a, b),
  headers,
});

export const record = (pairId: string, json: unknown, headers: Record<string, string> = {}): Request => ({
  method: "POST",
  path: `/pairs/${pairId}/events`,
  json,
  headers,
});

/** Five pairs: three US–RU (one suspended), GB–RU (suspended), GB–DE (active). */
export const fivePairs: Request[] = [
  register("chicago", "moscow"),
  register("portland", "khabarovsk"),
  register("albany", "tula"),
  { method: "POST", path: "/pairs", json: establishment("coventry", "volgograd", "1944") },
  register("coventry", "dresden"),
  record(ids.chicagoMoscow, event("suspended", "2022-03-01")),
  record(ids.coventryVolgograd, event("suspended", "2022-03")),
];
