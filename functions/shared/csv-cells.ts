/**
 * Cells a spreadsheet must never run as formulas, reversibly. A spreadsheet may split a cell at
 * `,` or `;` (the list separator of many locales), at a tab or a line break, so a formula start
 * (= + - @) is neutralised wherever such a split could put it at the start of a cell: at the
 * start of the value (where tab and CR count too) and after each of those characters. A leading
 * apostrophe is what spreadsheets show as "text"; the import takes exactly one away again, so an
 * export imported back gives the values that were exported (apostrophes a value already had
 * before a formula start are escaped by one more).
 */

const AT_START = /^('*[=+\-@\t\r])/;
const AFTER_SEPARATOR = /([,;\t\r\n])('*[=+\-@])/g;
const ESCAPED_AT_START = /^'('*[=+\-@\t\r])/;
const ESCAPED_AFTER_SEPARATOR = /([,;\t\r\n])'('*[=+\-@])/g;

/** A plain number (a longitude of -87.6) is no formula: it stays as it is. */
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

export const neutralizeFormula = (value: string): string =>
  NUMBER.test(value) ? value : value.replace(AT_START, "'$1").replace(AFTER_SEPARATOR, "$1'$2");

/** The inverse of neutralizeFormula, for the import. */
export const restoreFormula = (value: string): string =>
  value.replace(ESCAPED_AFTER_SEPARATOR, "$1$2").replace(ESCAPED_AT_START, "$1");

/** Cells that hold either separator (or a tab) are quoted, whatever the reader's locale. */
export const QUOTED_MATCH = /[,;\t]/;
