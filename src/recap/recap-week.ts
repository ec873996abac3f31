import { zonedInstant } from "../scheduler/occurrence.ts";
import { addDays, localDate } from "../time.ts";
import type { RecapWeek } from "./recap.ts";

/**
 * The week that ends at `until`: from the same local wall-clock time seven local days earlier. Across a
 * daylight-saving change that is 167 or 169 hours, so consecutive weekly recaps cover every moment once.
 */
export function weekEndingAt(until: Date, timezone: string): RecapWeek {
  const [hour, minute] = wallTime(until, timezone);
  const since = zonedInstant(addDays(localDate(until, timezone), -7), hour, minute, timezone);
  return { since: since.toISOString(), until: until.toISOString(), timezone };
}

/** Whether the ISO instant `at` falls inside the week. */
export function inWeek(week: RecapWeek, at: string): boolean {
  const time = Date.parse(at);
  return time >= Date.parse(week.since) && time < Date.parse(week.until);
}

function wallTime(instant: Date, timezone: string): [number, number] {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((item) => item.type === type)?.value ?? 0);
  return [part("hour"), part("minute")];
}
