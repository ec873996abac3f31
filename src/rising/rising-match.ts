import { likeReason } from "../digest/build-digest.ts";
import type { ChannelChoice } from "../digest/digest.ts";
import type { RankedDay } from "../digest/ranked-day.ts";
import { BLEND_WEIGHTS, DEFAULT_BLEND, normalisedRelevance, WHY_RELEVANCE } from "../ranking/blend.ts";
import { buildProfile, nearestLiked, relevances, tasteConfidence } from "../ranking/taste.ts";
import { truncate } from "../truncate.ts";

/**
 * How close to the channel's taste a rising paper must be to count as a match: the digest's own bar for
 * naming the taste in a `why` (`WHY_RELEVANCE`, relevance normalised by the best match among the recent
 * papers), and a liked paper near enough to be named (`nearestLiked`). An unsolicited heads-up has to say
 * which paper of the team's it resembles, so the second condition is not optional here.
 */
export const RISING_TASTE_RELEVANCE = WHY_RELEVANCE;

/** How long a followed name may be inside a reason. */
const NAME_CHARS = 60;

/** What of a channel's choices decides whether a paper matches it. */
export type RisingChoice = Pick<
  ChannelChoice,
  "followedTopics" | "followedAuthors" | "followedOrgs" | "mutedWords" | "blend" | "taste"
>;

/**
 * Why each of `candidates` (papers of `day`) matches the channel, in the digest's words: `matches
 * “topic” (followed)`, `by <name>, whom you follow`, `like “…” that 3 of you upvoted`. Papers that match
 * nothing, or mention a muted word, are absent. Follows and mutes are matched exactly as the digest
 * matches them (`RankedDay`); the taste is the digest's profile and relevance (see
 * `RISING_TASTE_RELEVANCE`).
 */
export function risingMatches(
  day: RankedDay,
  candidates: readonly string[],
  choice: RisingChoice,
): Map<string, string[]> {
  const muted = choice.mutedWords.map((word) => day.papersMentioning(word));
  const topics = choice.followedTopics.map((topic) => topic.trim()).filter(Boolean);
  const onTopic = topics.map((topic) => [topic, day.papersOnTopic(topic)] as const);
  const byFollowed = [
    ...(choice.followedAuthors ?? []).map((name) => [name, day.papersByAuthor(name)] as const),
    ...(choice.followedOrgs ?? []).map((name) => [name, day.papersByOrg(name)] as const),
  ];
  const taste = tasteOf(day, choice);
  const matches = new Map<string, string[]>();
  for (const id of candidates) {
    if (muted.some((ids) => ids.has(id))) continue;
    const reasons: string[] = [];
    const followed = onTopic.filter(([, ids]) => ids.has(id)).map(([topic]) => `“${topic}”`);
    if (followed.length > 0) reasons.push(`matches ${followed.join(", ")} (followed)`);
    const by = byFollowed.filter(([, ids]) => ids.has(id)).map(([name]) => truncate(name, NAME_CHARS));
    if (by.length > 0) reasons.push(`by ${by.join(" and ")}, whom you follow`);
    const liked = taste(id);
    if (liked) reasons.push(liked);
    if (reasons.length > 0) matches.set(id, reasons);
  }
  return matches;
}

/** The taste reason of a paper of the day, if the channel's taste is close enough to it. */
function tasteOf(day: RankedDay, choice: RisingChoice): (id: string) => string | undefined {
  const blend = choice.blend ?? DEFAULT_BLEND;
  if (BLEND_WEIGHTS[blend] === 0 || !choice.taste?.length) return () => undefined;
  const profile = buildProfile(choice.taste, day.terms);
  if (tasteConfidence(profile) === 0) return () => undefined;
  const similarities = relevances(
    profile,
    day.papers.map((paper) => day.terms.vector(paper)),
  );
  const top = Math.max(0, ...similarities);
  const byId = new Map(day.papers.map((paper, index) => [paper.id, index]));
  return (id) => {
    const index = byId.get(id);
    const paper = index === undefined ? undefined : day.papers[index];
    if (!paper || normalisedRelevance(similarities[index as number] ?? 0, top) < RISING_TASTE_RELEVANCE) {
      return undefined;
    }
    const near = nearestLiked(profile, paper, day.terms);
    return near ? likeReason(near.evidence) : undefined;
  };
}
