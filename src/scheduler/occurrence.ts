import { remember } from "../memo.ts";
import type { Schedule } from "../store/channel-repository.ts";
import { addDays, localDate } from "../time.ts";
import { firstMatchingDate, matchesDate, parseCron } from "./cron-fields.ts";

/**
 * When a channel's digest is due, in its own time zone, computed from the calendar rather than from
 * timers: a channel gets at most one digest per local date, at the first scheduled time of that date.
 *
 * Daylight-saving changes: a time that does not exist that day (02:30 when clocks jump 02:00 → 03:00)
 * fires the moment the clocks jump; a time that happens twice (01:30 when clocks fall back) fires at
 * its first occurrence only. Half-hour and quarter-hour zones (Asia/Kolkata, Asia/Kathmandu) just work.
 *
 * A schedule counts from when it was set (`since`): a new or changed schedule starts at its next
 * occurrence, while one that existed before a missed occurrence still catches up within the grace window.
 */

const DAYS_OF_WEEK: Record<Schedule["days"], string> = { daily: "*", weekdays: "1-5", weekends: "0,6" };

/** The cron expression a schedule stands for: its own for power users, else built from time and days. */
export function cronExpression(schedule: Schedule): string {
  if (schedule.cron) return schedule.cron;
  const [hour, minute] = schedule.time.split(":").map(Number);
  return `${minute} ${hour} * * ${DAYS_OF_WEEK[schedule.days]}`;
}

/** The instants on local date `date` when the schedule fires, earliest first (empty on an off day). */
export function occurrencesOn(schedule: Schedule, date: string): Date[] {
  const key = `${cronExpression(schedule)}|${schedule.timezone}|${date}`;
  const found = remember(occurrenceCache, key, MAX_CACHED_DAYS, () => computeOccurrences(schedule, date));
  return found.map((time) => new Date(time));
}

/** Schedules × days whose occurrences are kept; a sweep over many channels asks about the same ones. */
const MAX_CACHED_DAYS = 50_000;
const occurrenceCache = new Map<string, number[]>();

function computeOccurrences(schedule: Schedule, date: string): number[] {
  const fields = parseCron(cronExpression(schedule));
  if (!matchesDate(fields, date)) return [];
  const instants = new Set<number>();
  for (const hour of fields.hour) {
    for (const minute of fields.minute) {
      const at = zonedInstant(date, hour, minute, schedule.timezone);
      if (localDate(at, schedule.timezone) === date) instants.add(at.getTime());
    }
  }
  return [...instants].sort((a, b) => a - b);
}

/** A digest that is due: the channel's local date and the time it was scheduled for. */
export interface DueDigest {
  date: string;
  scheduledAt: Date;
}

/** The schedule's occurrences on `date` from when it was set on (all of them for a record without `since`). */
function activeOccurrencesOn(schedule: Schedule, date: string): Date[] {
  const since = schedule.since ? Date.parse(schedule.since) : Number.NEGATIVE_INFINITY;
  return occurrencesOn(schedule, date).filter((at) => at.getTime() >= since);
}

/**
 * The digest due at `now`: the earliest scheduled time of today (or, just after midnight, yesterday)
 * since the schedule was set that has passed and is at most `graceMs` old. Undefined when nothing is
 * due: not yet time, an off day, set after today's time, or missed by more than the grace window.
 */
export function dueDigest(schedule: Schedule, now: Date, graceMs: number): DueDigest | undefined {
  const today = localDate(now, schedule.timezone);
  for (const date of [today, addDays(today, -1)]) {
    const passed = activeOccurrencesOn(schedule, date).filter(
      (at) => at.getTime() <= now.getTime() && now.getTime() - at.getTime() <= graceMs,
    );
    if (passed[0]) return { date, scheduledAt: passed[0] };
  }
  return undefined;
}

/** The most recent scheduled time before `now` (within two days), for "missed by" log lines. */
export function lastOccurrence(schedule: Schedule, now: Date): DueDigest | undefined {
  const today = localDate(now, schedule.timezone);
  for (const date of [today, addDays(today, -1), addDays(today, -2)]) {
    const passed = activeOccurrencesOn(schedule, date).filter((at) => at.getTime() <= now.getTime());
    const first = passed[0];
    if (first) return { date, scheduledAt: first };
  }
  return undefined;
}

/**
 * The first digest the schedule will post at or after `after` (and after it was set), for the answer to
 * `/papers schedule`; `skipDate` leaves out a local date whose digest already went out.
 */
export function nextOccurrence(
  schedule: Schedule,
  after: Date,
  skipDate: (date: string) => boolean = () => false,
): DueDigest | undefined {
  const fields = parseCron(cronExpression(schedule));
  let from = localDate(after, schedule.timezone);
  // Only the first matching date can be over already and only one date is skipped: a few tries suffice.
  for (let tries = 0; tries < 4; tries++) {
    const date = firstMatchingDate(fields, from);
    if (date === undefined) return undefined;
    from = addDays(date, 1);
    if (skipDate(date)) continue;
    const at = activeOccurrencesOn(schedule, date).find((instant) => instant.getTime() >= after.getTime());
    if (at) return { date, scheduledAt: at };
  }
  return undefined;
}

/**
 * The instant local wall-clock time `hour:minute` on `date` happens in `timeZone`. A time skipped by
 * a daylight-saving jump maps to the jump (the first instant whose wall clock is past it); a time that
 * happens twice maps to its first occurrence.
 */
export function zonedInstant(date: string, hour: number, minute: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The wall clock minus the offset in force then; try both offsets around a change and keep the
  // earliest instant that shows exactly this wall-clock time.
  const candidates = [
    offsetMs(asUtc, timeZone),
    offsetMs(asUtc - 86_400_000, timeZone),
    offsetMs(asUtc + 86_400_000, timeZone),
  ]
    .map((offset) => asUtc - offset)
    .sort((a, b) => a - b);
  const exact = candidates.find((instant) => wallClock(instant, timeZone) === asUtc);
  if (exact !== undefined) return new Date(exact);
  // Skipped by a jump forward: the first minute after the gap whose wall clock is past the time.
  let instant = candidates[0] ?? asUtc;
  while (wallClock(instant, timeZone) < asUtc) instant += 60_000;
  return new Date(instant);
}

/** The wall-clock time at `instant` in `timeZone`, as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
  );
}

/** The zone's offset from UTC at `instant`, in ms (wall clock minus UTC, whole minutes). */
function offsetMs(instant: number, timeZone: string): number {
  const minute = Math.floor(instant / 60_000) * 60_000;
  return wallClock(minute, timeZone) - minute;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}
