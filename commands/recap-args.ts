import { z } from "zod";
import { WEEKDAYS, type Weekday } from "../src/recap/recap-schedule.ts";
import { isValidTimeZone } from "../src/time.ts";
import { graphemePrefix } from "../src/truncate.ts";
import { words } from "./args.ts";
import { timeOfDay, timeZoneArg } from "./schedule-args.ts";

/** The days as Discord offers them, Monday first, then the two actions. */
export const RECAP_CHOICES = [...WEEKDAYS.slice(1), WEEKDAYS[0], "now", "off"] as const;
const EXAMPLE = "/papers recap monday 09:00 Europe/Berlin";

/** `monday`, `mon`, `mondays`, any case → `monday`. */
export function weekdayOf(word: string): Weekday | undefined {
  const folded = word.toLowerCase().replace(/s$/, "");
  return WEEKDAYS.find((day) => day === folded || (folded.length >= 3 && day.startsWith(folded)));
}

/**
 * Reads `monday 09:00 Europe/Berlin` (in any order), `now` or `off` into named options. Whatever cannot
 * be placed is kept under a name that makes the schema say why.
 */
export function recapFromText(text: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const word of words(text)) {
    const lower = word.toLowerCase();
    const slot =
      lower === "now" || lower === "off" || weekdayOf(word)
        ? "day"
        : timeOfDay(word)
          ? "time"
          : word.includes("/") || isValidTimeZone(word)
            ? "timezone"
            : "unknown";
    if (options[slot] === undefined) options[slot] = word;
    else options.extra = word;
  }
  return options;
}

/** What `/papers recap` does: show its setting, preview it, turn it off, or set its day and time. */
export type RecapArgs =
  | { action: "status" }
  | { action: "now" }
  | { action: "off" }
  | { action: "set"; day: Weekday; time: string; timezone?: string };

/** What the recap command accepts, from typed options (Discord) or from `recapFromText`. */
export const recapArgs = z
  .object({
    day: z
      .string()
      .trim()
      .transform((value, context) => {
        const lower = value.toLowerCase();
        if (lower === "now" || lower === "off") return lower;
        const day = weekdayOf(value);
        if (day) return day;
        context.addIssue({
          code: "custom",
          message: `“${graphemePrefix(value, 20)}” isn't a day of the week. Use e.g. ${EXAMPLE}, /papers recap now or /papers recap off.`,
        });
        return z.NEVER;
      })
      .optional(),
    time: z
      .string()
      .transform((value, context) => {
        const time = timeOfDay(value);
        if (time) return time;
        context.addIssue({
          code: "custom",
          message: `“${graphemePrefix(value, 20)}” isn't a time. Use 24-hour HH:MM, e.g. ${EXAMPLE}.`,
        });
        return z.NEVER;
      })
      .optional(),
    timezone: timeZoneArg.optional(),
    unknown: z
      .string()
      .superRefine((word, context) => {
        context.addIssue({
          code: "custom",
          message: `“${graphemePrefix(word, 30)}” isn't a day, a time or a time zone. Use e.g. ${EXAMPLE}.`,
        });
      })
      .optional(),
    extra: z.undefined({ error: `Too many words. Use: ${EXAMPLE}` }).optional(),
  })
  .transform((args, context): RecapArgs => {
    const { day, time, timezone } = args;
    if (day === "now" || day === "off") {
      if (time !== undefined || timezone !== undefined) {
        context.addIssue({ code: "custom", message: `\`/papers recap ${day}\` takes nothing after ${day}.` });
        return z.NEVER;
      }
      return { action: day };
    }
    if (day === undefined && time === undefined && timezone === undefined) return { action: "status" };
    if (day === undefined || time === undefined) {
      context.addIssue({
        code: "custom",
        message: `Say the day and the time, e.g. ${EXAMPLE}.`,
      });
      return z.NEVER;
    }
    return { action: "set", day, time, ...(timezone ? { timezone } : {}) };
  });
