import type { Schedule } from "../store/channel-repository.ts";
import { type RecapSchedule, WEEKDAYS } from "../store/recap-settings.ts";

export { RecapSchedule, WEEKDAYS, type Weekday } from "../store/recap-settings.ts";

/**
 * The recap as a daily-digest schedule whose cron fires on its one weekday, so the digest's calendar
 * (`occurrence.ts`: due times, grace window, daylight-saving rules, `since`) decides when it is due.
 */
export function recapAsSchedule(recap: RecapSchedule): Schedule {
  const [hour, minute] = recap.time.split(":").map(Number);
  return {
    time: recap.time,
    timezone: recap.timezone,
    days: "daily",
    cron: `${minute} ${hour} * * ${WEEKDAYS.indexOf(recap.day)}`,
    since: recap.since,
  };
}

/** `Mondays at 09:00 (Europe/Berlin)`. */
export function describeRecapSchedule(recap: Pick<RecapSchedule, "day" | "time" | "timezone">): string {
  return `${capitalise(recap.day)}s at ${recap.time} (${recap.timezone})`;
}

const capitalise = (word: string): string => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;
