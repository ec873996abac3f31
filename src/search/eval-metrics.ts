/** Graded relevance judgments: paper id → grade (0 or absent = not relevant). */
export type Judgments = Readonly<Record<string, number>>;

/** Share of the first `k` ranked ids that are judged relevant (grade > 0); measures result precision. */
export function precisionAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  if (k <= 0) return 0;
  const relevant = ranked.slice(0, k).filter((id) => (judgments[id] ?? 0) > 0).length;
  return relevant / k;
}

const discountedGain = (grades: readonly number[]): number =>
  grades.reduce((sum, grade, rank) => sum + (2 ** grade - 1) / Math.log2(rank + 2), 0);

/**
 * Normalized discounted cumulative gain at `k`: 1 when the ranking puts the best-graded papers
 * first, lower as relevant papers sink or irrelevant ones rise. Measures ranking quality.
 */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const ideal = discountedGain(
    Object.values(judgments)
      .filter((grade) => grade > 0)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  if (ideal === 0) return 0;
  return discountedGain(ranked.slice(0, k).map((id) => judgments[id] ?? 0)) / ideal;
}
