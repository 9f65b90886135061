/** Free text in events and city names: trimmed, bounded, and well-formed Unicode. */
import * as z from "zod";

/** RFC 8785 canonical JSON (the hash chain) refuses lone surrogates, so the edge does too. */
export const wellFormed = (s: string) => s.isWellFormed();
export const WELL_FORMED_MESSAGE = "must be well-formed Unicode (no lone surrogates)";

export const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(wellFormed, WELL_FORMED_MESSAGE);
