import { z } from "zod";

/** How a channel's digest weighs the team's taste against what is trending: an admin's choice. */
export const RankingBlend = z.enum(["trending", "balanced", "team"]);
export type RankingBlend = z.infer<typeof RankingBlend>;

/** The blend a channel gets until an admin picks one. */
export const DEFAULT_BLEND: RankingBlend = "balanced";

/**
 * The taste weight `w` of each blend at full confidence: `trending` ignores taste, `balanced` counts a
 * confident taste four times as much as trending (the day's top trending paper keeps its own slot, so
 * popularity still has its place), `team` almost only taste. Balanced is 0.8 because of what it promises
 * a team: once the team has reacted about ten times, a paper clearly on its taste must beat one that is
 * merely more popular. With ½ (× the confidence, 0.9 at ten reactions) a paper on the team's taste lost to
 * any off-taste paper with more upvotes whenever the two gaps were alike; with ⅔ a paper half as close to
 * the taste as the day's best still lost to the day's most popular papers, and the team's niche got
 * 2.67 of 5 slots on the simulated teams' target days (tuning split, `npm run eval -- taste`); 0.8 gives
 * 2.84 there, and the same gain on two other seeds.
 */
export const BLEND_WEIGHTS: Readonly<Record<RankingBlend, number>> = Object.freeze({
  trending: 0,
  balanced: 0.8,
  team: 0.85,
});

/**
 * What a followed topic adds, in units of the day's best trending score: 1 puts a followed paper above
 * every unfollowed one unless the team's taste is clearly against it. Follows are explicit, so they
 * outweigh inferred taste.
 */
export const FOLLOW_BOOST = 1;

/**
 * Relevance is measured against the day's best match, but never against less than this cosine: on a day
 * with nothing close to the team's taste, the weak matches stay weak instead of being stretched to 1.
 */
export const RELEVANCE_FLOOR = 0.05;

/** One candidate's inputs to the blend. */
export interface BlendInput {
  /** The paper's trending score (HF upvotes, comments, stars, team votes, recency). */
  trending: number;
  /** Cosine similarity of the paper to the channel's taste profile (−1 … 1). */
  similarity: number;
  /** Whether the paper is on a topic the channel follows. */
  followed: boolean;
}

/** What the blend needs to know about the whole day and the channel. */
export interface BlendScale {
  /** The best trending score among the day's candidates (0 when none has any). */
  topTrending: number;
  /** The best similarity among the day's candidates. */
  topSimilarity: number;
  /** The taste weight in use: `BLEND_WEIGHTS[blend] × confidence`. */
  tasteWeight: number;
}

/**
 * A candidate's place in the channel's digest, in the units of the trending score:
 *
 *   score = S · [ (1 − w) · T + w · R + FOLLOW_BOOST · followed ]
 *
 * where S is the day's best trending score (1 if none), T = trending / S (0 … 1), R = similarity /
 * max(day's best similarity, RELEVANCE_FLOOR) clamped to −1 … 1, and w = BLEND_WEIGHTS[blend] ×
 * confidence (mass / (mass + 1), see `tasteConfidence`). Without reactions w = 0 and, without follows,
 * the score is the trending score itself: the cold-start order is exactly today's trending order.
 */
export function blendScore(input: BlendInput, scale: BlendScale): number {
  const unit = scale.topTrending > 0 ? scale.topTrending : 1;
  const trend = input.trending / unit;
  const relevance = normalisedRelevance(input.similarity, scale.topSimilarity);
  const w = scale.tasteWeight;
  return unit * ((1 - w) * trend + w * relevance + (input.followed ? FOLLOW_BOOST : 0));
}

/** Relevance (as in `blendScore`) at or above which the taste is named in an item's `why`. */
export const WHY_RELEVANCE = 0.35;

/** The normalised relevance `blendScore` uses, for deciding what to say in the `why`. */
export function normalisedRelevance(similarity: number, topSimilarity: number): number {
  return Math.max(-1, Math.min(1, similarity / Math.max(topSimilarity, RELEVANCE_FLOOR)));
}
