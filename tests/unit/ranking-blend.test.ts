import { describe, expect, it } from "vitest";
import { BLEND_WEIGHTS, blendScore } from "../../src/ranking/blend.ts";

/** The confidence of a profile after about ten fresh reactions (mass / (mass + 1)). */
const TEN_REACTIONS = 10 / 11;
const scale = (blend: keyof typeof BLEND_WEIGHTS) => ({
  topTrending: 10,
  topSimilarity: 0.2,
  tasteWeight: BLEND_WEIGHTS[blend] * TEN_REACTIONS,
});

describe("the blend of trending and taste", () => {
  it("after ten reactions, balanced puts a paper half as close as the day's best above the day's most popular off-taste paper", () => {
    const onTaste = { trending: 2, similarity: 0.1, followed: false };
    const popular = { trending: 10, similarity: 0, followed: false };
    expect(blendScore(onTaste, scale("balanced"))).toBeGreaterThan(blendScore(popular, scale("balanced")));
    expect(blendScore(onTaste, scale("trending"))).toBeLessThan(blendScore(popular, scale("trending")));
  });

  it("pushes a paper like the downvoted ones below an equally popular paper the taste says nothing about", () => {
    const disliked = { trending: 6, similarity: -0.1, followed: false };
    const neutral = { trending: 6, similarity: 0, followed: false };
    for (const blend of ["balanced", "team"] as const) {
      expect(blendScore(disliked, scale(blend))).toBeLessThan(blendScore(neutral, scale(blend)));
    }
  });

  it("is the trending score itself when the channel has no reactions", () => {
    const cold = { topTrending: 10, topSimilarity: 0, tasteWeight: 0 };
    expect(blendScore({ trending: 7.5, similarity: 0, followed: false }, cold)).toBe(7.5);
  });
});
