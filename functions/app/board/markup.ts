/**
 * Markup built as strings for the board's repeated parts (the pair rows, the charts' SVG, the
 * map's arcs): the same HTML hono/jsx would write, escaped the same way (& < > " ' as entities),
 * without building an element tree per row and mark. Wrapped in `raw()` where JSX embeds it.
 */
import { raw } from "hono/html";
import { escapeToBuffer } from "hono/utils/html";

/** Text or an attribute value, escaped by hono/jsx's own escaper. */
export function esc(value: string | number): string {
  const buffer: [string] = [""];
  escapeToBuffer(String(value), buffer);
  return buffer[0];
}

/** ` name="value"`, or nothing for an absent value (as JSX leaves out an undefined attribute). */
export const attr = (name: string, value: string | number | undefined): string =>
  value === undefined ? "" : ` ${name}="${esc(value)}"`;

/** A string of markup to embed in JSX as it is. */
export const markup = (html: string) => raw(html);
