import { z } from "zod";
import { VARIABLES } from "../config/variables.ts";
import type { Paper } from "../papers/paper.ts";
import { countLabel, recencyLabel, referenceTime } from "./why.ts";

const HOUR_MS = 3_600_000;

/**
 * Weights of the trending score, overridable from configuration. Counts are log-damped, so the
 * weights compare orders of magnitude: with the defaults, Hugging Face upvotes decide the order of
 * a day's papers, a team's own votes lift a paper strongly, and comments and GitHub stars only
 * separate near-ties. `halfLifeHours` is how long it takes a paper's score to halve.
 */
export const RankingWeightsSchema = z.object({
  upvotes: z.number().nonnegative().default(VARIABLES.PAPERBOY_WEIGHT_UPVOTES.default),
  comments: z.number().nonnegative().default(VARIABLES.PAPERBOY_WEIGHT_COMMENTS.default),
  githubStars: z.number().nonnegative().default(VARIABLES.PAPERBOY_WEIGHT_STARS.default),
  teamVotes: z.number().nonnegative().default(VARIABLES.PAPERBOY_WEIGHT_TEAM_VOTES.default),
  halfLifeHours: z.number().positive().default(VARIABLES.PAPERBOY_HALF_LIFE_HOURS.default),
});

/** Weights of the trending score; see `RankingWeightsSchema`. */
export type RankingWeights = z.infer<typeof RankingWeightsSchema>;

/** The weights used when configuration sets none. */
export const DEFAULT_RANKING_WEIGHTS: RankingWeights = Object.freeze(RankingWeightsSchema.parse({}));

/** One signal's contribution to a score, so a reader can see why a paper ranks where it does. */
export interface ScorePart {
  label: string;
  points: number;
}

/**
 * A paper with its trending score and an explanation: `parts` are the signals' decayed points
 * (they sum to `score`), largest first; `why` is the same in words, ending with the paper's freshness.
 */
export interface ScoredPaper {
  paper: Paper;
  score: number;
  why: string;
  parts: ScorePart[];
}

/** What a score depends on besides the paper itself; `now` is injected so scores are reproducible. */
export interface ScoreOptions {
  /** Votes this team gave the paper (emoji reactions). */
  teamVotes?: number;
  now: Date;
  weights?: RankingWeights;
  /** The reader's local date (YYYY-MM-DD) for `featured today` wording; defaults to `now`'s UTC date. */
  today?: string;
}

/**
 * Scores one paper: log-damped upvotes, team votes, comments and GitHub stars, multiplied by an
 * exponential recency decay from its featuring (or publication) time. Pure and deterministic.
 */
export function scorePaper(paper: Paper, options: ScoreOptions): ScoredPaper {
  const { teamVotes = 0, now, weights = DEFAULT_RANKING_WEIGHTS } = options;
  const decay = recencyDecay(paper, now, weights.halfLifeHours);
  const stars = paper.githubStars ?? 0;
  const signals: [count: number, weight: number, label: string][] = [
    [paper.upvotes, weights.upvotes, `${countLabel(paper.upvotes, "upvote")} on Hugging Face`],
    [teamVotes, weights.teamVotes, countLabel(teamVotes, "team vote")],
    [paper.comments, weights.comments, countLabel(paper.comments, "comment")],
    [stars, weights.githubStars, `code ★ ${stars.toLocaleString("en-US")}`],
  ];
  const parts = signals
    .filter(([count, weight]) => count > 0 && weight > 0)
    .map(([count, weight, label]) => ({ label, points: weight * Math.log1p(count) * decay }))
    .sort((a, b) => b.points - a.points);
  const score = parts.reduce((sum, part) => sum + part.points, 0);
  const recency = recencyLabel(paper, options.today ?? now.toISOString().slice(0, 10));
  // A paper without a single count says where it is new ("new on arXiv"), then how fresh it is.
  const counted = parts.length > 0 ? parts.map((part) => part.label) : [fallbackWhy(paper)];
  const words = [...counted, ...(recency ? [recency] : [])];
  return { paper, score, why: words.join(" · "), parts };
}

/** What a ranking needs: the team's votes by paper id, the injected clock and the weights. */
export interface RankOptions {
  teamVotes?: ReadonlyMap<string, number>;
  now: Date;
  weights?: RankingWeights;
  today?: string;
}

/** Scores and orders papers, best first; the order does not depend on the input order. */
export function rankPapers(papers: readonly Paper[], options: RankOptions): ScoredPaper[] {
  return papers
    .map((paper) =>
      scorePaper(paper, {
        teamVotes: options.teamVotes?.get(paper.id) ?? 0,
        now: options.now,
        weights: options.weights,
        today: options.today,
      }),
    )
    .sort(compareScored);
}

/**
 * Orders scored papers best first: by score, then upvotes, then id, so equal scores still come out
 * in one reproducible order. Exported so callers that adjust scores (topic boosts) sort the same way.
 */
export function compareScored(
  a: Pick<ScoredPaper, "paper" | "score">,
  b: Pick<ScoredPaper, "paper" | "score">,
): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.paper.upvotes !== b.paper.upvotes) return b.paper.upvotes - a.paper.upvotes;
  return a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0;
}

function recencyDecay(paper: Paper, now: Date, halfLifeHours: number): number {
  const reference = referenceTime(paper);
  if (reference === undefined) return 1;
  const ageHours = Math.max(0, (now.getTime() - reference) / HOUR_MS);
  return 0.5 ** (ageHours / halfLifeHours);
}

function fallbackWhy(paper: Paper): string {
  return paper.sources.includes("arxiv") && !paper.sources.includes("huggingface")
    ? "new on arXiv"
    : "new on Hugging Face";
}
