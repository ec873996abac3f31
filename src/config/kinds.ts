import { z } from "zod";
import { envNumber, type NumberRange } from "../env-number.ts";

/**
 * How a variable is tried by the tests: values that must stop start-up and values that must pass,
 * or, for a variable any text is valid for, the reason why.
 */
export type Tries = { bad: readonly string[]; good: readonly string[] } | { freeForm: string };

/** How one variable is parsed (its zod schema over the raw text), its default and how it is tried. */
export interface Kind<S extends z.ZodType = z.ZodType, D = unknown> {
  schema: S;
  /** The value used when the variable is unset or blank; what other modules import as the default. */
  default?: D;
  /** The accepted range of a number, shown in the README as `min–max`. */
  range?: NumberRange;
  tries: Tries;
}

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Any text; blank is unset. `reason` says why no value can be wrong here. */
export function text(reason: string) {
  return { schema: optionalText, tries: { freeForm: reason } } satisfies Kind;
}

/** Text checked by `check`; `bad` and `good` are what the tests try. */
export function checkedText(
  check: (value: string) => boolean,
  message: string,
  tries: { bad: readonly string[]; good: readonly string[] },
) {
  const schema = optionalText.refine((value) => value === undefined || check(value), message);
  return { schema, tries } satisfies Kind;
}

/** Text with a default, checked by `check`. */
export function checkedTextOr(
  fallback: string,
  check: (value: string) => boolean,
  message: string,
  tries: { bad: readonly string[]; good: readonly string[] },
) {
  const schema = z.string().trim().default(fallback).refine(check, message);
  return { schema, default: fallback, tries } satisfies Kind;
}

/** An http(s) base URL. */
export function httpUrl(fallback: string) {
  return checkedTextOr(
    fallback,
    (value) => /^https?:\/\/[^\s]+$/.test(value),
    "expected an http(s) URL like https://example.org",
    { bad: ["example.org", "ftp://example.org"], good: ["http://127.0.0.1:1/api/"] },
  );
}

/** A number in `range`; its bad values are derived from the range. */
export function number(range: NumberRange, fallback: number) {
  return {
    schema: envNumber(range, fallback),
    default: fallback,
    range,
    tries: numberTries(range),
  } satisfies Kind;
}

/** One of `values`; anything else is refused with `message`. */
export function oneOf<const V extends readonly [string, ...string[]]>(
  values: V,
  fallback: V[number],
  message: string,
) {
  const schema = z.enum(values, { error: message }).default(fallback as never);
  return { schema, default: fallback, tries: { bad: [values.join("|")], good: values } } satisfies Kind;
}

/** A comma-separated list; blank items are dropped, and an empty list means `fallback`. */
export function list(reason: string, fallback: readonly string[] = []) {
  const schema = z
    .string()
    .optional()
    .transform((value) => {
      const items = (value ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0 ? items : [...fallback];
    });
  return { schema, default: fallback, tries: { freeForm: reason } } satisfies Kind;
}

/** Just outside each bound, a fraction where only whole numbers go, and forms that are not plain digits. */
function numberTries(range: NumberRange): Tries {
  const below = range.min > 0 ? [String(range.integer ? range.min - 1 : range.min / 2)] : [];
  const fraction = range.integer ? [`${range.min}.5`] : [];
  const good = [String(range.min), String(range.max)];
  if (!range.integer && range.min + 0.5 <= range.max) good.push(`${range.min + 0.5}`);
  return { bad: [...below, String(range.max + 1), ...fraction, "-1", "1e3", "0x10", "many"], good };
}
