import { z } from "zod";

/** The real range of a numeric environment variable: what it counts, its bounds, and whether it is whole. */
export interface NumberRange {
  /** What the number is, for the error message: `"whole seconds"`, `"hours"`, `"a port number"`. */
  what: string;
  min: number;
  max: number;
  /** Only whole numbers (`12`, not `12.5`). */
  integer?: boolean;
  /** Said after the range in the error message, e.g. `"0 turns the limit off"`. */
  note?: string;
}

/** The expected form of a number in `range`, as a bad value's error message says it. */
export function expectedNumber(range: NumberRange): string {
  return `expected ${range.what}, ${range.min}-${range.max}${range.note ? ` (${range.note})` : ""}`;
}

/** Whether `text` is a number in `range`; plain decimal digits only (no signs, exponents or hex). */
export function inRange(text: string, range: NumberRange): boolean {
  if (!(range.integer ? /^\d+$/ : /^\d+(\.\d+)?$/).test(text)) return false;
  const number = Number(text);
  return number >= range.min && number <= range.max;
}

/**
 * A numeric environment variable: unset or blank means `fallback`; anything outside `range` is an
 * issue whose message states the range, so the check and its message are one declaration.
 */
export function envNumber(range: NumberRange, fallback: number): z.ZodType<number, string | undefined>;
export function envNumber(range: NumberRange): z.ZodType<number | undefined, string | undefined>;
export function envNumber(
  range: NumberRange,
  fallback?: number,
): z.ZodType<number | undefined, string | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, context) => {
      const value = raw?.trim();
      if (!value) return fallback;
      if (!inRange(value, range)) {
        context.addIssue({ code: "custom", message: expectedNumber(range) });
        return z.NEVER;
      }
      return Number(value);
    });
}
