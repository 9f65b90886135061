/**
 * Markup built as strings for the board's repeated parts (the pair rows, the charts' SVG, the
 * map's arcs): the same HTML hono/jsx would write, escaped the same way (& < > " ' as entities),
 * without building an element tree per row and mark. Wrapped in `raw()` where JSX embeds it.
 */
import { raw } from "hono/html";

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPES = /[&<>"']/g;
const ENTITY: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or an attribute value, escaped as hono/jsx escapes it. */
export function esc(value: string | number): string {
  const s = String(value);
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPES, (c) => ENTITY[c] as string) : s;
}

/** ` name="value"`, or nothing for an absent value (as JSX leaves out an undefined attribute). */
export const attr = (name: string, value: string | number | undefined): string =>
  value === undefined ? "" : ` ${name}="${esc(value)}"`;

/** A string of markup to embed in JSX as it is. */
export const markup = (html: string) => raw(html);
