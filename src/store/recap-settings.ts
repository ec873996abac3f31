import { z } from "zod";

/** The days a weekly recap can be posted on, in cron's order (0 = Sunday). */
export const WEEKDAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When a channel's weekly recap is posted: a day of the week and a local time in a time zone. `since` is
 * when an admin set it (ISO instant): as for the daily digest, a new or changed recap starts at its next
 * occurrence instead of catching up on one that passed before it existed.
 */
export const RecapSchedule = z.object({
  day: z.enum(WEEKDAYS),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string(),
  since: z.iso.datetime(),
});
export type RecapSchedule = z.infer<typeof RecapSchedule>;
