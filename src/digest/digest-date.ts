import { remember } from "../memo.ts";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * Formats a digest's local date (YYYY-MM-DD) for titles, `Fri 12 Jun 2026`, independently of the
 * process's locale and timezone. Throws a `RangeError` for anything that is not a real calendar date.
 */
export function formatDigestDate(date: string): string {
  return remember(FORMATTED, date, FORMATTED_KEPT, () => format(date));
}

/**
 * Dates already formatted: a fan-out formats the same date twice per channel (title and lead), and
 * `Date`'s calendar checks were 4 % of the main thread before every channel had started.
 */
const FORMATTED = new Map<string, string>();
/** How many formatted dates are kept before the memo starts again (a process sees a few a day). */
const FORMATTED_KEPT = 64;

function format(date: string): string {
  const match = ISO_DATE.exec(date);
  const at = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date) {
    throw new RangeError(`[digest] date must be a calendar date in the form YYYY-MM-DD, got "${date}"`);
  }
  return `${WEEKDAYS[at.getUTCDay()]} ${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/**
 * The date line a digest's lead shows under its title (`📅 Fri 12 Jun 2026`), or undefined when the
 * title already says the date (`Top papers · Fri 12 Jun 2026`): a digest states its date once.
 */
export function digestDateLine(digest: { date: string; title: string }): string | undefined {
  let day: string;
  try {
    day = formatDigestDate(digest.date);
  } catch {
    return `📅 ${digest.date}`;
  }
  return digest.title.includes(day) ? undefined : `📅 ${day}`;
}
