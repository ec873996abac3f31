import { z } from "zod";
import { cronProblem } from "../src/scheduler/cron-fields.ts";
import { isValidTimeZone } from "../src/time.ts";
import { graphemePrefix } from "../src/truncate.ts";
import { words } from "./args.ts";

const TIME = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/i;

/** The days a schedule without cron can post on. `weekdays` posts nothing at all on Saturday and Sunday. */
export const DAYS = ["daily", "weekdays", "weekends"] as const;
export type Days = (typeof DAYS)[number];
const DAY_WORDS: Record<string, Days> = {
  daily: "daily",
  everyday: "daily",
  weekdays: "weekdays",
  weekday: "weekdays",
  "skip-weekends": "weekdays",
  weekends: "weekends",
  weekend: "weekends",
};
const DAY_CHOICES = "daily, weekdays or weekends";
const EXAMPLE = "/papers schedule 09:00 Europe/Berlin weekdays";

/** Month and weekday names as cron spells them (`mon`, `Monday`, `JAN`). */
const CRON_NAME = /(?:sun|mon|tue|wed|thu|fri|sat|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/gi;
/** A word made only of what cron fields use (or a nickname like `@daily`), read as part of a cron expression. */
const isCronField = (word: string): boolean =>
  word.startsWith("@") || /^[\d*?,\-/#LW]+$/i.test(word.replace(CRON_NAME, "0"));

/**
 * Reads `09:00 Europe/Berlin weekdays` (in any order) into named options. Words that look like cron
 * fields, five of them or any after the word `cron`, are a cron expression standing in for the time:
 * `cron 30 8 * * 1-5 UTC`. Whatever cannot be placed is kept under a name that makes the schema say why.
 */
export function scheduleFromText(text: string): Record<string, unknown> {
  const all = words(text);
  if (all[0]?.toLowerCase() === "off") {
    return all.length > 1 ? { time: "off", afterOff: all.slice(1).join(" ") } : { time: "off" };
  }
  const prefixed = all[0]?.toLowerCase() === "cron";
  const candidates = prefixed ? all.slice(1) : all;
  const leading = candidates.findIndex((word) => !isCronField(word));
  const fieldCount = leading === -1 ? candidates.length : leading;
  let time: string | undefined;
  let rest: string[];
  if (prefixed || fieldCount >= 5) {
    time = `cron ${candidates.slice(0, fieldCount).join(" ")}`;
    rest = candidates.slice(fieldCount);
  } else {
    const at = all.findIndex((word) => TIME.test(word));
    const first = all[0];
    if (at >= 0) time = all[at];
    else if (first !== undefined && !isZoneOrDays(first)) time = first;
    rest = all.filter((word) => word !== time);
  }
  const options: Record<string, unknown> = time === undefined ? {} : { time };
  for (const word of rest) {
    const days = DAY_WORDS[word.toLowerCase()];
    const slot = days ? "days" : word.includes("/") || isValidTimeZone(word) ? "timezone" : "unknown";
    if (options[slot] === undefined) options[slot] = days ?? word;
    else options.extra = word;
  }
  return options;
}

const isZoneOrDays = (word: string): boolean =>
  DAY_WORDS[word.toLowerCase()] !== undefined || word.includes("/") || isValidTimeZone(word);

/** A local time of day as typed (`9:00`, `09.00`, `9h00`) in the form schedules store (`09:00`); undefined when it is none. */
export function timeOfDay(value: string): string | undefined {
  const match = TIME.exec(value.trim());
  return match ? `${(match[1] ?? "").padStart(2, "0")}:${match[2]}` : undefined;
}

/** An IANA time zone option (`Europe/Berlin`, `UTC`); an unknown one is refused with examples. */
export const timeZoneArg = z
  .string()
  .trim()
  .superRefine((zone, context) => {
    if (!isValidTimeZone(zone)) {
      context.addIssue({
        code: "custom",
        message: `Unknown time zone “${graphemePrefix(zone, 40)}”. Use an IANA name like Europe/Berlin, America/New_York or UTC.`,
      });
    }
  });

/** What the schedule command accepts, from typed options (Discord) or from `scheduleFromText`. */
export const scheduleArgs = z
  .object({
    time: z
      .string({ error: `Say when, e.g. ${EXAMPLE}, or /papers schedule off.` })
      .trim()
      .transform((value, context) => {
        if (value.toLowerCase() === "off") return "off" as const;
        const prefixed = /^cron(\s|$)/i.test(value);
        if (prefixed || /\s/.test(value)) {
          const expression = (prefixed ? value.slice(4) : value).trim().split(/\s+/).join(" ");
          const problem = expression
            ? cronProblem(expression)
            : "Give the cron expression after cron, e.g. /papers schedule cron 30 8 * * 1-5 UTC.";
          if (problem) {
            context.addIssue({ code: "custom", message: problem });
            return z.NEVER;
          }
          return { cron: expression };
        }
        const time = timeOfDay(value);
        if (!time) {
          context.addIssue({
            code: "custom",
            message: `“${graphemePrefix(value, 20)}” isn't a time. Use 24-hour HH:MM, e.g. 09:00 or 17:30, or a cron expression like cron 30 8 * * 1-5.`,
          });
          return z.NEVER;
        }
        return time;
      }),
    timezone: timeZoneArg.optional(),
    days: z.enum(DAYS, { error: `Days are ${DAY_CHOICES}.` }).optional(),
    unknown: z
      .string()
      .superRefine((word, context) => {
        context.addIssue({
          code: "custom",
          message: `“${graphemePrefix(word, 30)}” isn't a days option or a time zone. Days are ${DAY_CHOICES}; time zones are IANA names like Europe/Berlin or UTC.`,
        });
      })
      .optional(),
    extra: z.undefined({ error: `Too many words. Use: ${EXAMPLE}` }).optional(),
    afterOff: z.undefined({ error: "`/papers schedule off` takes nothing after off." }).optional(),
  })
  .refine((args) => args.time !== "off" || (args.timezone === undefined && args.days === undefined), {
    message: "`/papers schedule off` takes nothing after off.",
  })
  .refine((args) => typeof args.time !== "object" || args.days === undefined, {
    message: "A cron expression says which days itself: leave out daily, weekdays or weekends.",
  });
