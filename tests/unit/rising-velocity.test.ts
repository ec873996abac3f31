import { describe, expect, it } from "vitest";
import {
  appendReading,
  climbOf,
  describeSpan,
  FRESH_READING_MS,
  HISTORY_KEEP_MS,
  HISTORY_MAX_READINGS,
  isRising,
  RISING_MIN_GAIN,
  RISING_MIN_UPVOTES,
  RISING_WINDOW_MS,
  type UpvoteReading,
} from "../../src/rising/velocity.ts";

const HOUR = 3_600_000;
const NOON = new Date("2026-06-12T12:00:00Z");
/** A reading `hoursAgo` before noon. */
const reading = (hoursAgo: number, upvotes: number): UpvoteReading => ({
  at: new Date(NOON.getTime() - hoursAgo * HOUR).toISOString(),
  upvotes,
});

describe("climbOf: upvotes gained within the window", () => {
  it("counts from the first reading inside the window to the latest, per hour over that span", () => {
    const climb = climbOf([reading(8, 2), reading(5, 10), reading(3, 20), reading(0.25, 40)], NOON);
    expect(climb).toEqual({ gained: 30, spanMs: 4.75 * HOUR, upvotes: 40, perHour: 30 / 4.75 });
  });

  it("ignores readings after the clock and before the window", () => {
    const history = [reading(7, 0), reading(2, 30), reading(-1, 90)];
    expect(climbOf(history, NOON)).toMatchObject({ gained: 0, upvotes: 30, spanMs: 0, perHour: 0 });
    // Two hours on, the 7-hours-ago reading is still out of the window and the later one is now in it.
    const later = new Date(NOON.getTime() + 1.5 * HOUR);
    expect(climbOf(history, later)).toMatchObject({ gained: 60, upvotes: 90 });
  });

  it("has no climb without a fresh reading: a stale history says nothing about now", () => {
    expect(climbOf([], NOON)).toBeUndefined();
    const stale = [reading(5, 0), reading(FRESH_READING_MS / HOUR + 0.1, 40)];
    expect(climbOf(stale, NOON)).toBeUndefined();
  });

  it("never counts a drop as a negative climb", () => {
    expect(climbOf([reading(2, 40), reading(1, 35)], NOON)?.gained).toBe(0);
  });
});

describe("isRising: the documented threshold", () => {
  const climb = (gained: number, upvotes: number) => ({ gained, upvotes, spanMs: HOUR, perHour: gained });

  it(`needs ${RISING_MIN_GAIN} upvotes gained within ${RISING_WINDOW_MS / HOUR} h and ${RISING_MIN_UPVOTES} in all`, () => {
    expect(isRising(climb(RISING_MIN_GAIN, RISING_MIN_UPVOTES))).toBe(true);
    expect(isRising(climb(RISING_MIN_GAIN - 1, 100))).toBe(false);
    expect(isRising(climb(RISING_MIN_GAIN + 5, RISING_MIN_UPVOTES - 1))).toBe(false);
    expect(isRising(undefined)).toBe(false);
  });

  it("a paper gaining 15 over 7 hours is not rising at noon; over 5 hours it is", () => {
    const slow = [reading(7, 20), reading(6.5, 21), reading(0, 35)];
    expect(isRising(climbOf(slow, NOON))).toBe(false);
    const fast = [reading(5, 20), reading(0, 35)];
    expect(isRising(climbOf(fast, NOON))).toBe(true);
  });
});

describe("appendReading: a bounded history", () => {
  it("drops readings older than the history keeps and readings too close to the last one", () => {
    const old = reading(HISTORY_KEEP_MS / HOUR + 1, 1);
    const kept = appendReading([old, reading(1, 5)], reading(0, 9), NOON);
    expect(kept).toEqual([reading(1, 5), reading(0, 9)]);
    // A replica's reading five minutes after another adds nothing, and does not move the history on.
    expect(
      appendReading(kept, { at: new Date(NOON.getTime() + 5 * 60_000).toISOString(), upvotes: 10 }, NOON),
    ).toEqual(kept);
  });

  it(`keeps at most ${HISTORY_MAX_READINGS} readings, the newest`, () => {
    let history: UpvoteReading[] = [];
    for (let i = 0; i < 200; i++) {
      const at = new Date(NOON.getTime() + i * 15 * 60_000);
      history = appendReading(history, { at: at.toISOString(), upvotes: i }, at);
    }
    expect(history).toHaveLength(HISTORY_MAX_READINGS);
    expect(history.at(-1)?.upvotes).toBe(199);
    expect(history[0]?.upvotes).toBe(200 - HISTORY_MAX_READINGS);
  });
});

describe("describeSpan", () => {
  it("says minutes under an hour and whole hours above", () => {
    expect(describeSpan(40 * 60_000)).toBe("40 min");
    expect(describeSpan(0)).toBe("1 min");
    expect(describeSpan(5.6 * HOUR)).toBe("6 h");
  });
});
