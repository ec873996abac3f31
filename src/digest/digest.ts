import type { Paper } from "../papers/paper.ts";
import type { RankingBlend } from "../ranking/blend.ts";
import type { RankingWeights } from "../ranking/score.ts";
import type { DocumentFrequencies, TasteEvidence } from "../ranking/taste.ts";

/** One paper in a digest, with what a reader needs to decide whether to open it. */
export interface DigestItem {
  paper: Paper;
  score: number;
  /** Human-readable reasons it was picked, e.g. `118 upvotes · 3 team votes · featured today`. */
  why: string;
  tldr: string;
  /** 1-based position in the digest. */
  rank: number;
  /** The channel's team votes for the paper, when it has any. */
  votes?: number;
}

/**
 * A platform-neutral digest for one channel and local date. `quiet` means the day had nothing new,
 * so the items are the week's best (possibly none, then `note` says so): a quiet day is never silent.
 */
export interface Digest {
  /** Local date (YYYY-MM-DD) in `timezone`. */
  date: string;
  timezone: string;
  kind: "daily" | "quiet";
  title: string;
  note?: string;
  items: DigestItem[];
  /**
   * The bundled sample a brand-new install shows offline: an answer for the person who asked only,
   * never posted in a channel nor offered for sharing.
   */
  sample?: boolean;
}

/** A channel's settings and state applied to a day's ranking to pick its digest. */
export interface ChannelChoice {
  timezone: string;
  /** How many papers to post; defaults to `DEFAULT_DIGEST_LIMIT`. */
  limit?: number;
  /** How the channel's taste is weighed against trending (default `balanced`); see `blendScore`. */
  blend?: RankingBlend;
  /** What the channel's reactions say about papers (`gatherEvidence`); none leaves the order trending. */
  taste?: readonly TasteEvidence[];
  /** Topics whose papers get a boost and a `matches “topic” (followed)` reason. */
  followedTopics: string[];
  /** People whose papers get the follow boost and a `by <name>, whom you follow` reason. */
  followedAuthors?: readonly string[];
  /** Hugging Face organizations whose papers get the follow boost and the same reason. */
  followedOrgs?: readonly string[];
  /** Papers mentioning any of these (whole word, case-insensitive) are left out. */
  mutedWords: string[];
  /**
   * Topics the day's papers were narrowed to before ranking (`paperboy digest --topic`): a day with none
   * left says none is about them, not that no papers were featured.
   */
  narrowedTo?: readonly string[];
  /** Ids this channel received in the last 14 days; they are left out. */
  recentlyPosted: ReadonlySet<string>;
  teamVotes?: ReadonlyMap<string, number>;
}

/** A channel's settings and state applied when building its digest; `now` is injected for determinism. */
export interface DigestOptions extends ChannelChoice {
  /** Local date (YYYY-MM-DD) in the channel's timezone. */
  date: string;
  now: Date;
  weights?: RankingWeights;
  /** Decides whether a paper is about a topic (e.g. the search tokenizer); defaults to a whole-word match. */
  matchesTopic?: (paper: Paper, topic: string) => boolean;
  /** Word statistics of the weeks before, for the taste (see `TermSpace`). */
  background?: DocumentFrequencies;
}
