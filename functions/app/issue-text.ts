/**
 * Validator issues in words a caller can act on: the field by name and what it allows, instead of
 * zod's raw texts ("Invalid input: expected string, received undefined"). Messages the schemas
 * set themselves ("must be an ISO 3166-1 alpha-2 code…") are kept as they are.
 */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
}

const A: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
};

const fieldOf = (path: readonly PropertyKey[]) =>
  path.length === 0
    ? "the body"
    : path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");

const oneOf = (values: readonly unknown[]) => `one of ${values.map((v) => String(v)).join(", ")}`;

function sizeText(i: Issue, bound: "min" | "max"): string | undefined {
  const n = Number(bound === "min" ? i.minimum : i.maximum);
  const word = bound === "min" ? "at least" : "at most";
  if (i.origin === "string")
    return bound === "min" && n === 1 ? "must not be empty" : `must be ${word} ${n} characters long`;
  if (i.origin === "array" || i.origin === "set") return `must have ${word} ${n} item${n === 1 ? "" : "s"}`;
  if (i.origin === "number" || i.origin === "int" || i.origin === "bigint")
    return i.inclusive === false
      ? `must be ${bound === "min" ? "more" : "less"} than ${n}`
      : `must be ${word} ${n}`;
  return undefined;
}

/** The issue's text, naming the field; undefined means: keep the schema's own message. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
function describe(i: Issue): string | undefined {
  const field = fieldOf(i.path);
  switch (i.code) {
    case "invalid_type": {
      const expected = A[i.expected ?? ""] ?? i.expected ?? "a value";
      const received = /received (\w+)$/.exec(i.message)?.[1];
      return received === "undefined"
        ? `${field} is required (${expected})`
        : `${field} must be ${expected}${received ? `, not ${received === "null" ? "null" : `a ${received}`}` : ""}`;
    }
    case "invalid_union":
      if (i.discriminator && i.options) return `${field} must be ${oneOf(i.options)}`;
      return i.message.startsWith("Invalid") ? `${field} matches none of the allowed shapes` : undefined;
    case "invalid_value":
      return i.values && i.message.startsWith("Invalid") ? `${field} must be ${oneOf(i.values)}` : undefined;
    case "too_small":
    case "too_big": {
      if (!/^Too (small|big)/.test(i.message)) return undefined;
      const text = sizeText(i, i.code === "too_small" ? "min" : "max");
      return text ? `${field} ${text}` : undefined;
    }
    case "invalid_format":
      return i.message.startsWith("Invalid") ? `${field} is not in the expected format` : undefined;
    default:
      return undefined;
  }
}

export const issueText = (i: Issue): string => describe(i) ?? i.message;
