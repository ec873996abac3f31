import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import { nextOccurrence } from "../src/scheduler/occurrence.ts";
import type { Schedule } from "../src/store/channel-repository.ts";
import { addDays, localDate } from "../src/time.ts";
import { DAYS, type Days, scheduleArgs, scheduleFromText } from "./schedule-args.ts";
import { changeSettings } from "./settings-change.ts";

const EVERY: Record<Days, string> = {
  daily: "every day",
  weekdays: "every weekday",
  weekends: "every Saturday and Sunday",
};

/** `/papers schedule <HH:MM> [timezone] [daily|weekdays|weekends]`, a cron expression, or `off`. */
export const schedule = defineCommand({
  name: "schedule",
  summary:
    "Set when this channel's daily digest is posted, or turn it off. Days left out keep the channel's current ones (weekdays for a first schedule).",
  usage:
    "/papers schedule <HH:MM> [IANA timezone] [daily|weekdays|weekends] · /papers schedule cron <m h dom mon dow> [timezone] · /papers schedule off",
  admin: true,
  private: false,
  options: [
    {
      name: "time",
      description: "Local time HH:MM (24 h), a cron expression, or off",
      required: true,
      placeholder: "09:00",
      alternatives: ["off", "cron 30 8 * * 1-5"],
    },
    {
      name: "timezone",
      description: "IANA time zone, e.g. Europe/Berlin",
      required: false,
      placeholder: "Europe/Berlin",
    },
    {
      name: "days",
      description: "Which days (default: as now; weekdays for a first schedule)",
      required: false,
      choices: DAYS,
    },
  ],
  args: scheduleArgs,
  fromText: scheduleFromText,
  run: async (context, args) => {
    if (args.time === "off") {
      await changeSettings(context, (settings) => ({ ...settings, schedule: null }));
      return { kind: "message", tone: "success", text: "Daily digest turned off for this channel." };
    }
    const { time } = args;
    const cron = typeof time === "object" ? time.cron : undefined;
    const now = context.now();
    const updated = await changeSettings(context, (settings) => ({
      ...settings,
      schedule: {
        time: typeof time === "string" ? time : (settings.schedule?.time ?? "09:00"),
        timezone: args.timezone ?? settings.schedule?.timezone ?? context.defaults.timezone,
        days: args.days ?? settings.schedule?.days ?? "weekdays",
        ...(cron ? { cron } : {}),
        since: now.toISOString(),
      },
    }));
    const scheduled = updated.schedule as Schedule;
    const how = cron
      ? `at the first time each day that matches cron “${cron}” (${scheduled.timezone})`
      : `${EVERY[scheduled.days]} at ${scheduled.time} (${scheduled.timezone})`;
    return {
      kind: "message",
      tone: "success",
      text: `The digest will be posted here ${how}. ${await firstDigest(context, scheduled, now)}`,
    };
  },
});

/**
 * When the schedule's first digest goes out, in words: a schedule set after today's time starts at its
 * next occurrence, and a day whose digest was already posted is not posted again.
 */
async function firstDigest(context: CommandContext, scheduled: Schedule, now: Date): Promise<string> {
  const today = localDate(now, scheduled.timezone);
  const postedToday = await context.store.plans
    .done(channelOf(context.invocation), today)
    .catch(() => undefined);
  const next = nextOccurrence(scheduled, now, (date) => postedToday !== undefined && date === today);
  if (!next) return "";
  const already = postedToday ? " (today's is already posted)" : "";
  return `First digest ${describeWhen(next.scheduledAt, now, scheduled.timezone)} ${scheduled.timezone}${already}.`;
}

/** `today at 17:30`, `tomorrow at 09:00`, `on Friday at 09:00`, `on Monday 6 July at 09:00`. */
export function describeWhen(at: Date, now: Date, timeZone: string): string {
  const format = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, ...options }).format(at);
  const time = format({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const day = localDate(at, timeZone);
  const today = localDate(now, timeZone);
  if (day === today) return `today at ${time}`;
  if (day === addDays(today, 1)) return `tomorrow at ${time}`;
  const weekday = format({ weekday: "long" });
  if (day <= addDays(today, 6)) return `on ${weekday} at ${time}`;
  const year = day.slice(0, 4) === today.slice(0, 4) ? "" : ` ${day.slice(0, 4)}`;
  return `on ${weekday} ${format({ day: "numeric", month: "long" })}${year} at ${time}`;
}
