import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { isValidCron } from "../src/scheduler/occurrence.ts";
import { isValidTimeZone } from "../src/time.ts";
import { words } from "./args.ts";
import { changeSettings } from "./settings-change.ts";

const TIME = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/i;
const DAYS = ["daily", "weekdays"] as const;
/** Said for `weekdays`: on Saturday and Sunday nothing is posted, not even a quiet-day digest. */
const DAY_ALIASES: Record<string, (typeof DAYS)[number]> = { "skip-weekends": "weekdays", everyday: "daily" };

/**
 * Reads `09:00 Europe/Berlin weekdays` (any order after the time) into named options. A five-field
 * cron expression, optionally after the word `cron`, stands in for the time: `cron 30 8 * * 1-5 UTC`.
 */
function fromText(text: string): Record<string, unknown> {
  const all = words(text);
  const unprefixed = all[0]?.toLowerCase() === "cron" ? all.slice(1) : all;
  const cronWords = unprefixed.slice(0, 5).join(" ");
  const [time, ...rest] = isValidCron(cronWords) ? [cronWords, ...unprefixed.slice(5)] : all;
  const options: Record<string, unknown> = { time };
  if (time?.toLowerCase() === "off") return rest.length > 0 ? { time, afterOff: rest.join(" ") } : options;
  for (const word of rest) {
    const day = DAY_ALIASES[word.toLowerCase()] ?? word.toLowerCase();
    if ((DAYS as readonly string[]).includes(day)) options.days = day;
    else if (options.timezone === undefined) options.timezone = word;
    else options.extra = word;
  }
  return options;
}

/** `/papers schedule <HH:MM> [timezone] [weekdays|daily]` or `/papers schedule off`. */
export const schedule = defineCommand({
  name: "schedule",
  summary: "Set when this channel's daily digest is posted, or turn it off.",
  usage:
    "/papers schedule <HH:MM> [IANA timezone] [weekdays|daily] · /papers schedule cron <m h dom mon dow> [timezone] · /papers schedule off",
  admin: true,
  private: false,
  options: [
    { name: "time", description: "Local time HH:MM (24 h), a cron expression, or off", required: true },
    { name: "timezone", description: "IANA time zone, e.g. Europe/Berlin", required: false },
    { name: "days", description: "Which days", required: false, choices: DAYS },
  ],
  args: z
    .object({
      time: z
        .string({
          error: "Say when, e.g. /papers schedule 09:00 Europe/Berlin weekdays, or /papers schedule off.",
        })
        .trim()
        .transform((value, context) => {
          if (value.toLowerCase() === "off") return "off" as const;
          const cron = value.replace(/^cron\s+/i, "");
          if (/\s/.test(cron) && isValidCron(cron)) return { cron: cron.split(/\s+/).join(" ") };
          const match = TIME.exec(value);
          if (!match) {
            context.addIssue({
              code: "custom",
              message: `“${value.slice(0, 20)}” isn't a time. Use 24-hour HH:MM, e.g. 09:00, or a cron expression like 30 8 * * 1-5.`,
            });
            return z.NEVER;
          }
          return `${(match[1] ?? "").padStart(2, "0")}:${match[2]}`;
        }),
      timezone: z
        .string()
        .trim()
        .optional()
        .refine((zone) => zone === undefined || isValidTimeZone(zone), {
          message: "Unknown time zone. Use an IANA name like Europe/Berlin, America/New_York or UTC.",
        }),
      days: z.enum(DAYS, { error: "Days are daily or weekdays." }).optional(),
      extra: z
        .undefined({ error: "Too many words. Use: /papers schedule 09:00 Europe/Berlin weekdays" })
        .optional(),
      afterOff: z.undefined({ error: "`/papers schedule off` takes nothing after off." }).optional(),
    })
    .refine((args) => args.time !== "off" || (args.timezone === undefined && args.days === undefined), {
      message: "`/papers schedule off` takes nothing after off.",
    }),
  fromText,
  run: async (context, args) => {
    if (args.time === "off") {
      await changeSettings(context, (settings) => ({ ...settings, schedule: null }));
      return { kind: "message", tone: "success", text: "Daily digest turned off for this channel." };
    }
    const { time } = args;
    const cron = typeof time === "object" ? time.cron : undefined;
    const updated = await changeSettings(context, (settings) => ({
      ...settings,
      schedule: {
        time: typeof time === "string" ? time : (settings.schedule?.time ?? "09:00"),
        timezone: args.timezone ?? settings.schedule?.timezone ?? context.defaults.timezone,
        days: args.days ?? settings.schedule?.days ?? "weekdays",
        ...(cron ? { cron } : {}),
      },
    }));
    const scheduled = updated.schedule!;
    const when = scheduled.days === "weekdays" ? "every weekday" : "every day";
    return {
      kind: "message",
      tone: "success",
      text: cron
        ? `The digest will be posted here at the first time each day that matches cron “${cron}” (${scheduled.timezone}).`
        : `The digest will be posted here ${when} at ${scheduled.time} (${scheduled.timezone}).`,
    };
  },
});
