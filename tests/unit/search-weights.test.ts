import { describe, expect, it } from "vitest";
import { boostFunction, SEARCH_WEIGHTS } from "../../src/search/search-weights.ts";

const NOW = new Date("2026-08-05T00:00:00Z");
const DAY = 86_400_000;

describe("boostFunction", () => {
  const boost = boostFunction(SEARCH_WEIGHTS, NOW);

  it("keeps popularity plus recency within 0.6 for any paper", () => {
    expect(SEARCH_WEIGHTS.popularity + SEARCH_WEIGHTS.recency).toBeLessThanOrEqual(0.6);
    expect(boost(10_000_000, NOW.getTime())).toBeCloseTo(0.6, 10);
    expect(boost(10_000_000, NOW.getTime() + 30 * DAY)).toBeCloseTo(0.6, 10);
    expect(boost(0, Number.NaN)).toBe(0);
    expect(boost(-5, Number.NaN)).toBe(0);
  });

  it("grows with log votes up to the saturation point", () => {
    expect(boost(10, Number.NaN)).toBeLessThan(boost(100, Number.NaN));
    expect(boost(1000, Number.NaN)).toBeCloseTo(SEARCH_WEIGHTS.popularity, 10);
    expect(boost(5000, Number.NaN)).toBeCloseTo(SEARCH_WEIGHTS.popularity, 10);
  });

  it("halves the recency boost every half-life", () => {
    const today = boost(0, NOW.getTime());
    expect(boost(0, NOW.getTime() - 30 * DAY)).toBeCloseTo(today / 2, 10);
    expect(boost(0, NOW.getTime() - 60 * DAY)).toBeCloseTo(today / 4, 10);
  });

  it("ignores recency when now is invalid and honours overrides", () => {
    expect(boostFunction(SEARCH_WEIGHTS, new Date("nope"))(0, NOW.getTime())).toBe(0);
    expect(boostFunction({ ...SEARCH_WEIGHTS, popularity: 0, recency: 0 }, NOW)(5000, NOW.getTime())).toBe(0);
  });
});
