import { describe, expect, it } from "vitest";
import { ndcgAt, precisionAt } from "../../src/search/eval-metrics.ts";

describe("evaluation metrics", () => {
  const judgments = { a: 2, b: 1, c: 2 };

  it("computes precision@k over the first k results", () => {
    expect(precisionAt(["a", "x", "b", "y", "z"], judgments, 5)).toBe(0.4);
    expect(precisionAt(["a"], judgments, 5)).toBe(0.2);
    expect(precisionAt(["a", "b"], judgments, 0)).toBe(0);
  });

  it("gives nDCG 1 for the ideal order and less when relevant papers sink", () => {
    expect(ndcgAt(["a", "c", "b"], judgments, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt(["b", "a", "c"], judgments, 10)).toBeLessThan(1);
    expect(ndcgAt(["x", "a", "c", "b"], judgments, 10)).toBeLessThan(ndcgAt(["a", "c", "b"], judgments, 10));
    expect(ndcgAt(["x", "y"], judgments, 10)).toBe(0);
    expect(ndcgAt(["a"], {}, 10)).toBe(0);
  });

  it("matches a hand-computed value", () => {
    const ideal = 3 + 3 / Math.log2(3) + 1 / 2;
    const actual = 1 + 3 / Math.log2(3);
    expect(ndcgAt(["b", "a"], judgments, 10)).toBeCloseTo(actual / ideal, 12);
  });
});
