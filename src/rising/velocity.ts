const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * How far back "climbing fast" looks: the upvotes a paper gained within the last 6 hours. Six hours is a
 * quarter of the day a paper spends on Hugging Face's daily page, long enough for a dozen readings at the
 * catalog's 30-minute refresh and short enough that what climbed yesterday has stopped counting today.
 */
export const RISING_WINDOW_MS = 6 * HOUR_MS;

/**
 * Upvotes a paper must gain within `RISING_WINDOW_MS` to count as rising: 15, an average of 2.5 an hour.
 * A paper that ends in the top 10 % of the day (30 upvotes or more on the recorded days of July–December
 * 2025, `bench/data`) collects its upvotes over about a day, 1.25 an hour on average: rising asks for
 * twice that pace, sustained for 6 hours.
 */
export const RISING_MIN_GAIN = 15;

/**
 * Upvotes a rising paper must have in all: 30, the top 10 % of the recorded papers (9.7 % end with 30 or
 * more; the median paper ends with 6). However fast it climbs, at most 1.6 papers a day reach it on
 * average, and on 38 of 131 recorded days none did, so a channel hears about a rising paper rarely, and
 * only about one that matches its follows or its taste.
 */
export const RISING_MIN_UPVOTES = 30;

/** A reading older than this is not "now": without a fresh one, a paper is not known to be climbing. */
export const FRESH_READING_MS = 2 * HOUR_MS;

/** How long readings are kept: candidates are the papers featured today or yesterday (UTC). */
export const HISTORY_KEEP_MS = 48 * HOUR_MS;
/** At most this many readings per paper (48 h at one every 30 minutes is 96). */
export const HISTORY_MAX_READINGS = 96;
/** A reading this soon after the last kept one adds nothing (replicas fetching minutes apart). */
export const MIN_READING_GAP_MS = 10 * MINUTE_MS;

/** One reading of a paper's Hugging Face upvotes. */
export interface UpvoteReading {
  /** When it was read (ISO instant). */
  at: string;
  upvotes: number;
}

/** How much a paper climbed within the window, as of a moment. */
export interface Climb {
  /** Upvotes gained from the window's first reading to the latest. */
  gained: number;
  /** Time between those two readings (ms); the gain happened within it. */
  spanMs: number;
  /** The latest reading's upvotes. */
  upvotes: number;
  /** `gained` per hour over `spanMs` (0 for a single reading). */
  perHour: number;
}

const time = (reading: UpvoteReading): number => Date.parse(reading.at);

/**
 * A paper's readings with `reading` added, bounded: readings older than `HISTORY_KEEP_MS` before `now` are
 * dropped, a reading within `MIN_READING_GAP_MS` after the last kept one is not added (the history never
 * slides forward on frequent readings), and at most `HISTORY_MAX_READINGS` of the newest stay.
 */
export function appendReading(
  history: readonly UpvoteReading[],
  reading: UpvoteReading,
  now: Date,
): UpvoteReading[] {
  const oldest = now.getTime() - HISTORY_KEEP_MS;
  const kept = history.filter((point) => time(point) >= oldest).sort((a, b) => time(a) - time(b));
  const last = kept.at(-1);
  if (!last || time(reading) - time(last) >= MIN_READING_GAP_MS) kept.push(reading);
  return kept.slice(-HISTORY_MAX_READINGS);
}

/**
 * How much a paper climbed within `windowMs` before `now`: from the first reading inside the window to
 * the latest one. Undefined when there is no reading, or the latest is older than `FRESH_READING_MS`.
 * A paper first read inside the window counts only what it gained since then: the climb is never
 * overstated.
 */
export function climbOf(
  history: readonly UpvoteReading[],
  now: Date,
  windowMs: number = RISING_WINDOW_MS,
): Climb | undefined {
  const at = now.getTime();
  const readings = history.filter((point) => time(point) <= at).sort((a, b) => time(a) - time(b));
  const latest = readings.at(-1);
  if (!latest || at - time(latest) > FRESH_READING_MS) return undefined;
  const first = readings.find((point) => time(point) >= at - windowMs) ?? latest;
  const gained = Math.max(0, latest.upvotes - first.upvotes);
  const spanMs = time(latest) - time(first);
  return { gained, spanMs, upvotes: latest.upvotes, perHour: spanMs > 0 ? gained / (spanMs / HOUR_MS) : 0 };
}

/** Whether a climb is fast enough to tell a channel: see `RISING_MIN_GAIN` and `RISING_MIN_UPVOTES`. */
export function isRising(climb: Climb | undefined): climb is Climb {
  return climb !== undefined && climb.gained >= RISING_MIN_GAIN && climb.upvotes >= RISING_MIN_UPVOTES;
}

/** A climb's span in words: `45 min`, `6 h`. */
export function describeSpan(spanMs: number): string {
  if (spanMs < HOUR_MS) return `${Math.max(1, Math.round(spanMs / MINUTE_MS))} min`;
  return `${Math.round(spanMs / HOUR_MS)} h`;
}
