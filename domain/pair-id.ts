/**
 * The canonical pair id: both city ids sorted and joined by "--" (a slug never contains "--"),
 * so (A, B) and (B, A) are one stream: `ru-moscow--us-il-chicago`.
 */
import { CITY_ID_PATTERN, cityId, type City } from "./city.js";

export const PAIR_SEPARATOR = "--";

export function pairIdOf(a: string, b: string): string {
  return [a, b].sort().join(PAIR_SEPARATOR);
}

export function pairIdOfCities(a: City, b: City): string {
  return pairIdOf(cityId(a), cityId(b));
}

/** The two city ids of a pair id, or undefined when the id is not of that shape. */
export function cityIdsOf(pairId: string): [string, string] | undefined {
  const parts = pairId.split(PAIR_SEPARATOR);
  if (parts.length !== 2 || !parts.every((p) => CITY_ID_PATTERN.test(p))) return undefined;
  return [parts[0] as string, parts[1] as string];
}

const CITY_ID_BODY = CITY_ID_PATTERN.source.slice(1, -1);

/** A pair id: two city ids joined by "--" (see pairIdOf). */
export const PAIR_ID_PATTERN = new RegExp(`^${CITY_ID_BODY}${PAIR_SEPARATOR}${CITY_ID_BODY}$`);
