import type { Catalog } from "../papers/catalog.ts";
import type { Paper } from "../papers/paper.ts";
import type { RankingWeights } from "../ranking/score.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { addDays } from "../time.ts";
import { buildDigest } from "./build-digest.ts";
import type { Digest } from "./digest.ts";

/** How far back the "already posted" dedup looks. */
export const DEDUP_DAYS = 14;
/** Team votes within this window lift a paper in the digest. */
export const VOTE_WINDOW_DAYS = 7;

/** A digest plus where its papers came from, when that needs saying (offline, sample). */
export interface DigestAnswer {
  digest: Digest;
  note?: string;
}

/** Options for a digest built outside any channel (the CLI). */
export interface StandaloneDigestOptions {
  date: string;
  timezone: string;
  limit: number;
  topics?: string[];
}

/**
 * Builds digests: today's papers for a channel with its followed topics, muted words, team votes and
 * the 14-day dedup applied; the week's best on a quiet day.
 */
export class DigestService {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    private readonly options: {
      weights: RankingWeights;
      defaults: { timezone: string; digestSize: number };
      matchesTopic?: (paper: Paper, topic: string) => boolean;
      now: () => Date;
    },
  ) {}

  /** The digest for a channel's local `date`; papers already posted on earlier days are left out. */
  async forChannel(ref: ChannelRef, date: string): Promise<DigestAnswer> {
    const settings = await this.store.channels.get(ref);
    const now = this.options.now();
    const since = new Date(now.getTime() - VOTE_WINDOW_DAYS * 86_400_000);
    const [posts, teamVotes] = await Promise.all([
      this.store.posts.since(ref, addDays(date, -DEDUP_DAYS)),
      this.store.votes.counts(ref, since),
    ]);
    const recentlyPosted = new Set(posts.filter((post) => post.date < date).map((post) => post.paperId));
    return this.build(date, {
      timezone: timezoneOf(settings, this.options.defaults.timezone),
      limit: settings.digestSize ?? this.options.defaults.digestSize,
      followedTopics: settings.followedTopics,
      mutedWords: settings.mutedWords,
      recentlyPosted,
      teamVotes,
    });
  }

  /** A digest for a date with no channel context (the `paperboy digest` command); a topic narrows it. */
  async standalone(options: StandaloneDigestOptions): Promise<DigestAnswer> {
    const matches = this.options.matchesTopic;
    const topics = options.topics ?? [];
    const keep =
      topics.length > 0 && matches
        ? (paper: Paper) => topics.some((topic) => matches(paper, topic))
        : undefined;
    return this.build(options.date, {
      keep,
      timezone: options.timezone,
      limit: options.limit,
      followedTopics: options.topics ?? [],
      mutedWords: [],
      recentlyPosted: new Set(),
      teamVotes: new Map(),
    });
  }

  private async build(
    date: string,
    choice: {
      timezone: string;
      limit: number;
      followedTopics: string[];
      mutedWords: string[];
      recentlyPosted: ReadonlySet<string>;
      teamVotes: ReadonlyMap<string, number>;
      keep?: (paper: Paper) => boolean;
    },
  ): Promise<DigestAnswer> {
    const { keep, ...settings } = choice;
    const pick = (papers: Paper[]) => (keep ? papers.filter(keep) : papers);
    const build = (todays: Paper[], weekBest: Paper[]) =>
      buildDigest(pick(todays), pick(weekBest), {
        date,
        ...settings,
        now: this.options.now(),
        weights: this.options.weights,
        matchesTopic: this.options.matchesTopic,
      });
    const today = await this.catalog.forDate(date);
    const daily = build(today.value, []);
    if (daily.kind === "daily") return { digest: daily, note: today.note };
    const week = await this.catalog.weekBefore(date);
    const note = today.value.length === 0 ? (week.note ?? today.note) : today.note;
    return { digest: build(today.value, week.value), note };
  }
}

/** The time zone a channel's "today" is computed in. */
export function timezoneOf(settings: ChannelSettings, fallback: string): string {
  return settings.schedule?.timezone ?? fallback;
}
