import type { Paper } from "../papers/paper.ts";
import { compareScored } from "../ranking/score.ts";
import type { ChannelChoice, Digest, DigestItem, DigestOptions } from "./digest.ts";
import { formatDigestDate } from "./digest-date.ts";
import { RankedDay } from "./ranked-day.ts";

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
  const day = { date: options.date, now: options.now, weights: options.weights };
  const matchesTopic = options.matchesTopic;
  return pickDigest(
    new RankedDay(todays, { ...day, matchesTopic }),
    new RankedDay(weekBest, { ...day, matchesTopic, wholeWeek: true }),
    options,
  );
}

/**
 * `buildDigest` from days ranked beforehand, so channels with the same date share the ranking. Without
 * `weekBest`, a day with nothing new for the channel gives a quiet digest with no items; build again
 * with the week to fill it.
 */
export function pickDigest(
  today: RankedDay,
  weekBest: RankedDay | undefined,
  choice: ChannelChoice,
  fetched: { source?: string } = {},
): Digest {
  const day = formatDigestDate(today.date);
  const limit = choice.limit ?? DEFAULT_DIGEST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`[digest] limit must be a positive integer, got ${limit}`);
  }
  const base = { date: today.date, timezone: choice.timezone };
  const featured = today.papers;
  const fresh = featured.filter(excluder(today, choice));
  if (fresh.length > 0) {
    return {
      ...base,
      kind: "daily",
      title: `Top papers · ${day}`,
      items: rank(today, fresh, choice, limit),
    };
  }
  const week = weekBest?.papers.filter(excluder(weekBest, choice)) ?? [];
  const items = weekBest ? rank(weekBest, week, choice, limit) : [];
  if (fetched.source) {
    // Not a quiet day: the day could not be fetched. Say that, never "no papers were featured".
    const cause = `${fetched.source} could not be reached for ${day}'s papers`;
    return {
      ...base,
      kind: "quiet",
      title:
        items.length > 0
          ? "Today's papers couldn't be fetched — the week's best instead"
          : "Today's papers couldn't be fetched",
      note:
        items.length > 0
          ? `${cause}, so here are this week's best stored papers that this channel hasn't seen yet.`
          : `${cause}, and nothing stored from this week is new to this channel.`,
      items,
    };
  }
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
function excluder(day: RankedDay, choice: ChannelChoice): (paper: Paper) => boolean {
  const muted = choice.mutedWords.map((word) => day.papersMentioning(word));
  return (paper) => !choice.recentlyPosted.has(paper.id) && !muted.some((ids) => ids.has(paper.id));
}

function rank(day: RankedDay, papers: readonly Paper[], choice: ChannelChoice, limit: number): DigestItem[] {
  const topics = choice.followedTopics.map((topic) => topic.trim()).filter(Boolean);
  const onTopic = topics.map((topic) => [topic, day.papersOnTopic(topic)] as const);
  return papers
    .map((paper) => {
      const scored = day.score(paper, choice.teamVotes?.get(paper.id) ?? 0);
      const followed = onTopic.filter(([, ids]) => ids.has(paper.id)).map(([topic]) => topic);
      if (followed.length === 0) return scored;
      return {
        ...scored,
        score: scored.score * TOPIC_BOOST,
        why: `matches ${followed.map((topic) => `“${topic}”`).join(", ")} · ${scored.why}`,
      };
    })
    .sort(compareScored)
    .slice(0, limit)
    .map(({ paper, score, why }, index) => ({ paper, score, why, tldr: day.tldr(paper), rank: index + 1 }));
}
