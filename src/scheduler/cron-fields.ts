import cron from "node-cron";
import { addDays } from "../time.ts";

/**
 * The five-field cron expressions paperboy accepts, read exactly as node-cron reads them, so the
 * node-cron timer and our own calendar (`occurrence.ts`) agree on every day:
 *
 * - numbers, `*`, lists `1,15`, ranges `1-5` (also wrapping, `fri-mon`), steps `0-45/15` and `8-18/2`;
 * - names `JAN`–`DEC` and `SUN`–`SAT` (any case), `7` for Sunday, `?` for "any" in the day fields;
 * - day of month `L` (last day), `L-3` (three days before it), `15W` and `LW` (nearest weekday);
 * - day of week `1#1` (first Monday of the month) and `5L` (last Friday).
 *
 * A day matches when both day fields match (node-cron's rule). Refused, with the reason: a seconds
 * field (paperboy schedules to the minute), nicknames like `@daily`, values out of range, and
 * expressions that never match a day.
 */

/** An expression's fields as node-cron parses them: numbers, plus `L`/`W`/`#` tokens in the day fields. */
export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: (number | string)[];
  month: number[];
  dayOfWeek: (number | string)[];
}

/** Enough days to meet every weekday on every date of every month, 29 February included. */
const SEARCH_DAYS = 28 * 366 + 7;
/** Where the "does it ever match?" check starts; any 28 years see every calendar arrangement. */
const SEARCH_FROM = "2024-01-01";

const FIELD_NAMES = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const FIELD_HELP: Record<string, { label: string; range: string; also: string }> = {
  minute: { label: "minute", range: "0–59", also: "" },
  hour: { label: "hour", range: "0–23", also: "" },
  dayOfMonth: { label: "day of month", range: "1–31", also: ", L (last day), L-3, 15W or LW" },
  month: { label: "month", range: "1–12", also: " or JAN–DEC" },
  dayOfWeek: {
    label: "day of week",
    range: "0–7 (0 and 7 are Sunday)",
    also: ", SUN–SAT, 1#1 (first Monday) or 5L (last Friday)",
  },
};
const SUPPORTED = "Each field takes numbers, *, lists (1,15), ranges (1-5) and steps (*/15).";

/**
 * Why `expression` is not a cron expression paperboy can schedule, in words for the admin who typed
 * it, or undefined when it is fine.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields[0]?.startsWith("@")) {
    return `Cron nicknames like ${fields[0]} aren't supported: write the five fields (${FIELD_NAMES.join(" ")}), e.g. 0 9 * * *.`;
  }
  if (fields.length === 6) {
    return `That cron expression has six fields: paperboy schedules to the minute, so leave out the seconds and use five (${FIELD_NAMES.join(" ")}).`;
  }
  if (fields.length !== 5) {
    return `A cron expression has five fields (${FIELD_NAMES.join(" ")}), e.g. 30 8 * * 1-5; “${fields.join(" ").slice(0, 40)}” has ${fields.length}.`;
  }
  const checked = cron.validateDetailed(fields.join(" "));
  const error = checked.errors[0];
  if (error) return fieldProblem(error.field, error.value ?? "", error.message);
  if (!everMatches(parseCron(fields.join(" ")))) {
    return `Cron “${fields.join(" ")}” never matches a day: the day of month and the day of week must both match.`;
  }
  return undefined;
}

function fieldProblem(field: string, value: string, message: string): string {
  const help = FIELD_HELP[field];
  if (!help) return `That cron expression has characters cron doesn't use. ${SUPPORTED}`;
  if (message.includes("impossible")) {
    return `Cron day of month “${value}” never comes in the months given, so the digest would never be posted.`;
  }
  const outOfRange = /^\d+$/.test(value) ? ` ${value} is out of range` : ` “${value}” isn't valid`;
  return `Cron ${help.label}${outOfRange}: use ${help.range}${help.also}. ${SUPPORTED}`;
}

const parsedExpressions = new Map<string, CronFields>();
/** node-cron's reading of a valid expression, kept: the scheduler asks about the same few every sweep. */
export function parseCron(expression: string): CronFields {
  let fields = parsedExpressions.get(expression);
  if (!fields) {
    const { minute, hour, dayOfMonth, month, dayOfWeek } = cron.parse(expression);
    fields = { minute, hour, dayOfMonth, month, dayOfWeek };
    parsedExpressions.set(expression, fields);
  }
  return fields;
}

/** Whether the calendar date `date` (YYYY-MM-DD) is one the expression fires on. */
export function matchesDate(fields: CronFields, date: string): boolean {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return (
    fields.month.includes(month) &&
    fields.dayOfMonth.some((token) => dayOfMonthMatches(token, year, month, day)) &&
    fields.dayOfWeek.some((token) => dayOfWeekMatches(token, year, month, day))
  );
}

/** The first date from `from` (inclusive) within the search window the expression fires on. */
export function firstMatchingDate(fields: CronFields, from: string): string | undefined {
  for (let offset = 0, date = from; offset < SEARCH_DAYS; offset++, date = addDays(date, 1)) {
    if (matchesDate(fields, date)) return date;
  }
  return undefined;
}

function everMatches(fields: CronFields): boolean {
  return firstMatchingDate(fields, SEARCH_FROM) !== undefined;
}

const NEAREST_WEEKDAY = /^(\d{1,2}|L)W$/;
const BEFORE_LAST = /^L-(\d{1,2})$/;
const NTH_WEEKDAY = /^([0-7])#([1-5])$/;
const LAST_WEEKDAY = /^([0-7])L$/i;

function dayOfMonthMatches(token: number | string, year: number, month: number, day: number): boolean {
  if (typeof token === "number") return token === day;
  const last = daysIn(year, month);
  if (token === "L") return day === last;
  const nearest = NEAREST_WEEKDAY.exec(token);
  if (nearest) return nearestWeekday(year, month, nearest[1] === "L" ? last : Number(nearest[1])) === day;
  const before = BEFORE_LAST.exec(token);
  return before !== null && last - Number(before[1]) === day;
}

function dayOfWeekMatches(token: number | string, year: number, month: number, day: number): boolean {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (typeof token === "number") return token % 7 === weekday;
  const nth = NTH_WEEKDAY.exec(token);
  if (nth) return Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
  const lastOf = LAST_WEEKDAY.exec(token);
  return lastOf !== null && Number(lastOf[1]) % 7 === weekday && day + 7 > daysIn(year, month);
}

/** The weekday nearest to day `target` within the month (Saturday → Friday, Sunday → Monday). */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = daysIn(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? 3 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
