import { describe, expect, it } from "vitest";
import { recordedDays } from "../../bench/hf-days.ts";
import { RISING_MIN_GAIN, RISING_MIN_UPVOTES, RISING_WINDOW_MS } from "../../src/rising/velocity.ts";

/**
 * The figures the rising threshold is justified with (velocity.ts, README), checked against the real
 * Hugging Face days of July–December 2025 in bench/data: if the data or the threshold changes, so must
 * the text.
 */
describe("the rising threshold against the recorded Hugging Face days", () => {
  const days = recordedDays();
  const upvotes = days.flatMap((day) => day.papers.map((paper) => paper.upvotes)).sort((a, b) => a - b);
  const quantile = (q: number) => upvotes[Math.min(upvotes.length - 1, Math.floor(q * upvotes.length))];
  const reaching = days.map(
    (day) => day.papers.filter((paper) => paper.upvotes >= RISING_MIN_UPVOTES).length,
  );

  it("holds 131 days and 2,117 papers, the median paper ending with 6 upvotes and the 90th percentile with 29", () => {
    expect(days).toHaveLength(131);
    expect(upvotes).toHaveLength(2117);
    expect(quantile(0.5)).toBe(6);
    expect(quantile(0.9)).toBe(29);
  });

  it(`puts ${RISING_MIN_UPVOTES} upvotes in the top 10 %: 1.6 papers a day on average, none on 38 of 131 days`, () => {
    const share = reaching.reduce((sum, count) => sum + count, 0) / upvotes.length;
    expect(share).toBeCloseTo(0.097, 3);
    expect(reaching.reduce((sum, count) => sum + count, 0) / days.length).toBeCloseTo(1.57, 2);
    expect(reaching.filter((count) => count === 0)).toHaveLength(38);
  });

  it(`asks for twice the day-long pace of a top-10 % paper: ${RISING_MIN_GAIN} in ${RISING_WINDOW_MS / 3_600_000} h`, () => {
    const dayLongPace = RISING_MIN_UPVOTES / 24;
    const risingPace = RISING_MIN_GAIN / (RISING_WINDOW_MS / 3_600_000);
    expect(risingPace / dayLongPace).toBe(2);
  });
});
