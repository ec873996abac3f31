/** Tunable weights of search ranking: BM25F relevance first, then bounded popularity and recency boosts. */
export interface SearchWeights {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalization (0 = none, 1 = full), applied per field. */
  b: number;
  /** Field weights: a word in the title counts three times one in the abstract. */
  title: number;
  keywords: number;
  summary: number;
  abstract: number;
  /**
   * Share of papers above which a query word is "common" (like "model"): it still adds score, but
   * a paper matching only common words is not a result when the query also has a rarer word.
   */
  commonTermRatio: number;
  /**
   * Share of papers above which a query word is "generic" (like "learning"): a query of only such
   * words is also read as the field terms that contain them (continual learning, federated learning …).
   */
  genericTermRatio: number;
  /**
   * Weight of another name for the user's words (a synonym or abbreviation from `FIELD_TERMS`, or a
   * field term read into a generic word) relative to the words as typed; below 1, so a paper in the
   * user's own words ranks first when all else is equal.
   */
  expansion: number;
  /** Relevance bonus when every pair of consecutive query words stands adjacent in the paper. */
  proximity: number;
  /**
   * Share of relevance a paper loses for being about only one of the words typed (pro rata when it
   * is about more of them), so that a paper about all of them ranks first: 0 = plain BM25F sum,
   * 1 = relevance × the share of the words it is about (Lucene's classic "coord"). A paper is about
   * a word when the word stands in its title or keywords or recurs in its text, not when it is
   * mentioned once in passing ("code is released"); common words do not count.
   */
  coordination: number;
  /** Largest popularity boost, reached at `popularitySaturation` votes (log scale). */
  popularity: number;
  /** Votes (upvotes + team votes) at which the popularity boost is full. */
  popularitySaturation: number;
  /** Largest recency boost, for a paper featured or published today. */
  recency: number;
  /** Days after which the recency boost has halved. */
  halfLifeDays: number;
}

/**
 * Default ranking weights. score = relevance × (1 + popularity boost + recency boost); the boosts
 * together stay ≤ 0.6, so a popular paper can overtake an equally on-topic one but never a paper
 * that is clearly more on-topic (at least 1.6× its relevance).
 */
export const SEARCH_WEIGHTS: Readonly<SearchWeights> = Object.freeze({
  k1: 1.2,
  b: 0.75,
  title: 3,
  keywords: 2,
  summary: 1,
  abstract: 1,
  commonTermRatio: 0.3,
  genericTermRatio: 0.2,
  expansion: 0.6,
  proximity: 0.5,
  coordination: 0.25,
  popularity: 0.35,
  popularitySaturation: 1000,
  recency: 0.25,
  halfLifeDays: 30,
});

const DAY_MS = 86_400_000;

/**
 * The boost for one query: a function of a paper's votes (upvotes + team votes) and date (epoch ms,
 * NaN if unknown) returning popularity + recency, each within [0, its weight]. Popularity grows with
 * log votes up to `popularitySaturation`; recency halves every `halfLifeDays` and is 0 for unknown
 * dates. Constants are folded once per query because it runs for every candidate.
 */
export function boostFunction(weights: SearchWeights, now: Date): (votes: number, date: number) => number {
  const popularityScale = weights.popularity / Math.log1p(Math.max(1, weights.popularitySaturation));
  const nowMs = now.getTime();
  const decay =
    Number.isNaN(nowMs) || weights.halfLifeDays <= 0 ? 0 : Math.LN2 / (weights.halfLifeDays * DAY_MS);
  const { popularity, recency } = weights;
  return (votes, date) => {
    const popular = Math.min(popularity, popularityScale * Math.log1p(Math.max(0, votes)));
    const recent =
      decay === 0 || Number.isNaN(date) ? 0 : recency * Math.exp(Math.min(0, date - nowMs) * decay);
    return popular + recent;
  };
}
