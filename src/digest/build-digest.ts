import { dedupePapers } from "../papers/merge.ts";
import type { Paper } from "../papers/paper.ts";
import { compareScored, DEFAULT_RANKING_WEIGHTS, scorePaper } from "../ranking/score.ts";
import type { Digest, DigestItem, DigestOptions } from "./digest.ts";
import { formatDigestDate } from "./digest-date.ts";
import { wholeWordMatcher } from "./match-words.ts";
import { tldr } from "./tldr.ts";

/** How many papers a digest carries when the channel sets no limit. */
export const DEFAULT_DIGEST_LIMIT = 5;

/**
 * Score multiplier for papers on a topic the channel follows. On a log-damped score it is strong: a
 * followed-topic paper with 25 upvotes outranks an unfollowed one with 118.
 */
export const TOPIC_BOOST = 1.5;

/**
 * Builds a channel's digest for one local date: today's papers minus muted and recently posted ones,
 * ranked (followed topics boosted) and cut to `limit`. When nothing is left it builds a `quiet` digest
 * from `weekBest` under the same rules, ranked without the daily recency decay, with a note saying why.
 */
export function buildDigest(
  todays: readonly Paper[],
  weekBest: readonly Paper[],
  options: DigestOptions,
): Digest {
  const day = formatDigestDate(options.date);
  const limit = options.limit ?? DEFAULT_DIGEST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`[digest] limit must be a positive integer, got ${limit}`);
  }
  const base = { date: options.date, timezone: options.timezone };
  const isNew = excluder(options);
  const featured = dedupePapers(todays);
  const fresh = featured.filter(isNew);
  if (fresh.length > 0) {
    return {
      ...base,
      kind: "daily",
      title: `Top papers · ${day}`,
      items: rank(fresh, options, limit, false),
    };
  }
  const items = rank(dedupePapers(weekBest).filter(isNew), options, limit, true);
  const reason =
    featured.length === 0
      ? `No papers were featured on ${day} (weekends and holidays are usually quiet)`
      : `${featured.length === 1 ? "Today's only paper was" : `All ${featured.length} of today's papers were`} already posted here or muted`;
  if (items.length === 0) {
    return {
      ...base,
      kind: "quiet",
      title: "No new papers today",
      note: `${reason}, and there is nothing from this week that this channel hasn't seen yet.`,
      items,
    };
  }
  return {
    ...base,
    kind: "quiet",
    title: "No new papers today — the week's best instead",
    note: `${reason}, so here are this week's best papers that this channel hasn't seen yet.`,
    items,
  };
}

/** Keeps papers that were not posted here recently and mention no muted word. */
function excluder(options: DigestOptions): (paper: Paper) => boolean {
  const muted = options.mutedWords.map(wholeWordMatcher).filter((match) => match !== undefined);
  return (paper) => !options.recentlyPosted.has(paper.id) && !muted.some((mentions) => mentions(paper));
}

function rank(
  papers: readonly Paper[],
  options: DigestOptions,
  limit: number,
  wholeWeek: boolean,
): DigestItem[] {
  const weights = options.weights ?? DEFAULT_RANKING_WEIGHTS;
  const topics = options.followedTopics.map((topic) => topic.trim()).filter(Boolean);
  const matches = options.matchesTopic ?? wholeWordTopicMatch(topics);
  return papers
    .map((paper) => {
      const scored = scorePaper(paper, {
        teamVotes: options.teamVotes?.get(paper.id) ?? 0,
        now: options.now,
        today: options.date,
        weights: wholeWeek ? { ...weights, halfLifeHours: Number.POSITIVE_INFINITY } : weights,
      });
      const followed = topics.filter((topic) => matches(paper, topic));
      if (followed.length === 0) return scored;
      return {
        ...scored,
        score: scored.score * TOPIC_BOOST,
        why: `matches ${followed.map((topic) => `“${topic}”`).join(", ")} · ${scored.why}`,
      };
    })
    .sort(compareScored)
    .slice(0, limit)
    .map(({ paper, score, why }, index) => ({ paper, score, why, tldr: tldr(paper), rank: index + 1 }));
}

/** The default topic test: the topic appears as a whole word or phrase in the paper's text. */
function wholeWordTopicMatch(topics: readonly string[]): (paper: Paper, topic: string) => boolean {
  const matchers = new Map(topics.map((topic) => [topic, wholeWordMatcher(topic)]));
  return (paper, topic) => matchers.get(topic)?.(paper) ?? false;
}
