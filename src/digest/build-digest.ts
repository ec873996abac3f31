import type { Paper } from "../papers/paper.ts";
import {
  BLEND_WEIGHTS,
  blendScore,
  DEFAULT_BLEND,
  normalisedRelevance,
  WHY_RELEVANCE,
} from "../ranking/blend.ts";
import { compareScored, type ScoredPaper } from "../ranking/score.ts";
import {
  buildProfile,
  EMPTY_PROFILE,
  nearestLiked,
  relevances,
  type TasteEvidence,
  tasteConfidence,
} from "../ranking/taste.ts";
import { truncate } from "../truncate.ts";
import type { ChannelChoice, Digest, DigestItem, DigestOptions } from "./digest.ts";
import { formatDigestDate } from "./digest-date.ts";
import { RankedDay } from "./ranked-day.ts";

/** How many papers a digest carries when the channel sets no limit. */
export const DEFAULT_DIGEST_LIMIT = 5;

/**
 * Builds a channel's digest for one local date: today's papers minus muted and recently posted ones,
 * ranked for the channel (trending blended with its taste and follows, see `blendScore`) and cut to `limit`. When nothing is left it builds a `quiet` digest
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
    new RankedDay(todays, { ...day, matchesTopic, background: () => options.background }),
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
  const featured = today.papers.filter((paper) => !today.listedOnly.has(paper.id));
  const fresh = today.papers.filter(excluder(today, choice));
  if (fresh.some((paper) => !today.listedOnly.has(paper.id))) {
    return {
      ...base,
      kind: "daily",
      title: `Top papers · ${day}`,
      items: rankFor(today, fresh, choice, limit),
    };
  }
  const week = weekBest?.papers.filter(excluder(weekBest, choice)) ?? [];
  const items = weekBest ? rankFor(weekBest, week, choice, limit) : [];
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
  const narrowedTo = choice.narrowedTo ?? [];
  const reason =
    featured.length === 0 && narrowedTo.length > 0
      ? `No paper featured on ${day} is about ${narrowedTo.map((topic) => `“${topic}”`).join(" or ")}`
      : featured.length === 0
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

/**
 * `rank`, shared by the channels that have nothing of their own to rank by: no taste in play, no follows
 * and no team votes on these papers. Their items depend only on the candidates, the blend and the limit,
 * so the day ranks each such choice once (a fan-out to 1,000 such channels ranked the same 30 papers
 * 1,000 times: 15 % of the main thread before every channel had started); each channel gets its own
 * copies of the items.
 */
function rankFor(
  day: RankedDay,
  papers: readonly Paper[],
  choice: ChannelChoice,
  limit: number,
): DigestItem[] {
  const blend = choice.blend ?? DEFAULT_BLEND;
  const personal =
    (BLEND_WEIGHTS[blend] > 0 && (choice.taste?.length ?? 0) > 0) ||
    choice.followedTopics.some((topic) => topic.trim() !== "") ||
    (choice.followedAuthors?.length ?? 0) > 0 ||
    (choice.followedOrgs?.length ?? 0) > 0 ||
    (choice.teamVotes !== undefined &&
      choice.teamVotes.size > 0 &&
      papers.some((paper) => (choice.teamVotes?.get(paper.id) ?? 0) !== 0));
  if (personal) return rank(day, papers, choice, limit);
  const key = `${blend}|${limit}|${papers.map((paper) => paper.id).join(" ")}`;
  return day.ranking(key, () => rank(day, papers, choice, limit)).map((item) => ({ ...item }));
}

/** One candidate of a channel's digest on its way to a slot. */
interface Candidate {
  scored: ScoredPaper;
  followed: string[];
  /** Followed people and organizations the paper is by. */
  by: string[];
  similarity: number;
  score: number;
}

/**
 * Orders the channel's candidates by `blendScore` (trending, the channel's taste, its follows) and cuts to
 * `limit`. Unless the blend is `team`, the day's best trending paper keeps a slot, so a digest never
 * becomes only a mirror of past likes. Each item's `why` names its evidence.
 */
function rank(day: RankedDay, papers: readonly Paper[], choice: ChannelChoice, limit: number): DigestItem[] {
  const topics = choice.followedTopics.map((topic) => topic.trim()).filter(Boolean);
  const onTopic = topics.map((topic) => [topic, day.papersOnTopic(topic)] as const);
  const byFollowed = [
    ...(choice.followedAuthors ?? []).map((name) => [name, day.papersByAuthor(name)] as const),
    ...(choice.followedOrgs ?? []).map((name) => [name, day.papersByOrg(name)] as const),
  ];
  const blend = choice.blend ?? DEFAULT_BLEND;
  const profile =
    BLEND_WEIGHTS[blend] > 0 && choice.taste?.length ? buildProfile(choice.taste, day.terms) : EMPTY_PROFILE;
  const tasteWeight = BLEND_WEIGHTS[blend] * tasteConfidence(profile);
  const similarities =
    tasteWeight > 0
      ? relevances(
          profile,
          papers.map((paper) => day.terms.vector(paper)),
        )
      : undefined;
  const everyCandidate: Candidate[] = papers.map((paper, index) => ({
    scored: day.score(paper, choice.teamVotes?.get(paper.id) ?? 0),
    followed: onTopic.filter(([, ids]) => ids.has(paper.id)).map(([topic]) => topic),
    by: byFollowed.filter(([, ids]) => ids.has(paper.id)).map(([name]) => name),
    similarity: similarities?.[index] ?? 0,
    score: 0,
  }));
  const scale = {
    topTrending: Math.max(0, ...everyCandidate.map((candidate) => candidate.scored.score)),
    topSimilarity: Math.max(0, ...everyCandidate.map((candidate) => candidate.similarity)),
    tasteWeight,
  };
  // A paper only on arXiv's listing has no popularity yet: it enters on a follow or on the team's taste.
  const candidates = everyCandidate.filter(
    (candidate) =>
      !day.listedOnly.has(candidate.scored.paper.id) ||
      candidate.followed.length > 0 ||
      candidate.by.length > 0 ||
      (tasteWeight > 0 && normalisedRelevance(candidate.similarity, scale.topSimilarity) >= WHY_RELEVANCE),
  );
  for (const candidate of candidates) {
    candidate.score = blendScore(
      {
        trending: candidate.scored.score,
        similarity: candidate.similarity,
        followed: candidate.followed.length > 0 || candidate.by.length > 0,
      },
      scale,
    );
  }
  const byBlend = (a: Candidate, b: Candidate) =>
    compareScored({ paper: a.scored.paper, score: a.score }, { paper: b.scored.paper, score: b.score });
  const chosen = [...candidates].sort(byBlend).slice(0, limit);
  const topTrending = [...candidates].sort((a, b) => compareScored(a.scored, b.scored))[0];
  const reserved =
    blend !== "team" && topTrending && topTrending.scored.score > 0 && !chosen.includes(topTrending)
      ? topTrending
      : undefined;
  if (reserved) chosen.splice(limit - 1, 1, reserved);
  return chosen.sort(byBlend).map((candidate, index) => {
    const { paper } = candidate.scored;
    const reasons: string[] = [];
    if (candidate.followed.length > 0) {
      reasons.push(`matches ${candidate.followed.map((topic) => `“${topic}”`).join(", ")} (followed)`);
    }
    if (candidate.by.length > 0) {
      const names = candidate.by.map((name) => truncate(name, WHY_NAME_CHARS));
      reasons.push(`by ${names.join(" and ")}, whom you follow`);
    }
    if (tasteWeight > 0 && normalisedRelevance(candidate.similarity, scale.topSimilarity) >= WHY_RELEVANCE) {
      const near = nearestLiked(profile, paper, day.terms);
      if (near) reasons.push(likeReason(near.evidence));
    }
    if (candidate === reserved) reasons.push("today's top trending paper");
    reasons.push(candidate.scored.why);
    const votes = choice.teamVotes?.get(paper.id) ?? 0;
    return {
      paper,
      score: candidate.score,
      why: reasons.join(" · "),
      tldr: day.tldr(paper),
      rank: index + 1,
      ...(votes > 0 ? { votes } : {}),
    };
  });
}

/** How long a followed name may be inside a `why`. */
const WHY_NAME_CHARS = 60;
/** How long a liked paper's title may be inside a `why`. */
const WHY_TITLE_CHARS = 90;

/** `like “Title” that 3 of you upvoted` (or saved), naming the liked paper a pick resembles most. */
export function likeReason(evidence: TasteEvidence): string {
  const [count, verb] = evidence.upvoters > 0 ? [evidence.upvoters, "upvoted"] : [evidence.savers, "saved"];
  const who = count === 1 ? "one of you" : `${count} of you`;
  return `like “${truncate(evidence.paper.title, WHY_TITLE_CHARS)}” that ${who} ${verb}`;
}
