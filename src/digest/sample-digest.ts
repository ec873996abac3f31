import { samplePapers } from "../papers/sample.ts";
import type { RankingWeights } from "../ranking/score.ts";
import { pickDigest } from "./build-digest.ts";
import type { Digest } from "./digest.ts";
import { formatDigestDate } from "./digest-date.ts";
import { RankedDay } from "./ranked-day.ts";

/** The day the bundled sample papers were featured on Hugging Face. */
export const SAMPLE_DATE = "2026-06-12";

/**
 * The bundled sample as a digest of its own day, titled and noted as a sample so nobody takes it for
 * today's papers. Only for interactive answers on an empty store offline; never posted on a schedule.
 */
export function sampleDigest(options: {
  timezone: string;
  limit: number;
  weights?: RankingWeights;
  matchesTopic?: ConstructorParameters<typeof RankedDay>[1]["matchesTopic"];
}): Digest {
  const day = new RankedDay(samplePapers(), {
    date: SAMPLE_DATE,
    now: new Date(`${SAMPLE_DATE}T12:00:00Z`),
    weights: options.weights,
    matchesTopic: options.matchesTopic,
  });
  const digest = pickDigest(day, undefined, {
    timezone: options.timezone,
    limit: options.limit,
    followedTopics: [],
    mutedWords: [],
    recentlyPosted: new Set(),
  });
  return {
    ...digest,
    title: `SAMPLE papers · ${formatDigestDate(SAMPLE_DATE)} (not today's)`,
    sample: true,
  };
}
