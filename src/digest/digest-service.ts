import type { Catalog, CatalogAnswer } from "../papers/catalog.ts";
import type { Paper } from "../papers/paper.ts";
import type { RankingWeights } from "../ranking/score.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { addDays } from "../time.ts";
import { pickDigest } from "./build-digest.ts";
import type { ChannelChoice, Digest } from "./digest.ts";
import { RankedDay } from "./ranked-day.ts";

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
 * How long a date's ranked papers are reused. A fan-out builds hundreds of digests for the same date
 * within seconds; ranking the day once for all of them keeps the CPU per channel small, and papers
 * changed meanwhile reach the next digest this long after.
 */
export const RANKED_DAY_TTL_MS = 10_000;

/** A date's papers as the catalog answered them, ranked. */
interface LoadedDay {
  ranked: RankedDay;
  note?: string;
  /** The catalog had no papers at all (before any filtering). */
  empty: boolean;
}

/** Loads a date's papers, and the week before it, at most once each. */
interface DayLoader {
  today(): Promise<LoadedDay>;
  week(): Promise<LoadedDay>;
}

/**
 * Builds digests: today's papers for a channel with its followed topics, muted words, team votes and
 * the 14-day dedup applied; the week's best on a quiet day. Channels' digests for the same date share
 * one ranking of the day for `RANKED_DAY_TTL_MS`; what is the channel's own is read for each.
 */
export class DigestService {
  private readonly days = new Map<string, { at: number; loader: DayLoader }>();

  constructor(
    private readonly store: Store,
    private readonly catalog: Pick<Catalog, "forDate" | "weekBefore">,
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
    return this.build(this.sharedDay(date), {
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
    return this.build(this.loader(options.date, this.options.now(), { keep }), {
      timezone: options.timezone,
      limit: options.limit,
      followedTopics: options.topics ?? [],
      mutedWords: [],
      recentlyPosted: new Set(),
      teamVotes: new Map(),
    });
  }

  private async build(day: DayLoader, choice: ChannelChoice): Promise<DigestAnswer> {
    const today = await day.today();
    const daily = pickDigest(today.ranked, undefined, choice);
    if (daily.kind === "daily") return { digest: daily, note: today.note };
    const week = await day.week();
    const note = today.empty ? (week.note ?? today.note) : today.note;
    return { digest: pickDigest(today.ranked, week.ranked, choice), note };
  }

  /**
   * The date's loader shared by every digest built within `RANKED_DAY_TTL_MS` of the first. An answer
   * with a note (upstream down, the sample) or an error is not kept: the next digest asks again.
   */
  private sharedDay(date: string): DayLoader {
    const at = this.options.now().getTime();
    for (const [key, day] of this.days) {
      if (at - day.at > RANKED_DAY_TTL_MS || at < day.at) this.days.delete(key);
    }
    const known = this.days.get(date);
    if (known) return known.loader;
    const forget = () => {
      if (this.days.get(date) === shared) this.days.delete(date);
    };
    const shared = { at, loader: this.loader(date, new Date(at), { forget }) };
    this.days.set(date, shared);
    return shared.loader;
  }

  /** Loads and ranks the date's papers (those `keep` accepts) on first use, each at most once. */
  private loader(
    date: string,
    now: Date,
    options: { keep?: (paper: Paper) => boolean; forget?: () => void } = {},
  ): DayLoader {
    const { keep, forget } = options;
    const load = async (asking: Promise<CatalogAnswer<Paper[]>>, wholeWeek: boolean): Promise<LoadedDay> => {
      let answer: CatalogAnswer<Paper[]>;
      try {
        answer = await asking;
      } catch (error) {
        forget?.();
        throw error;
      }
      if (answer.note !== undefined) forget?.();
      const ranked = new RankedDay(keep ? answer.value.filter(keep) : answer.value, {
        date,
        now,
        weights: this.options.weights,
        matchesTopic: this.options.matchesTopic,
        wholeWeek,
      });
      return { ranked, note: answer.note, empty: answer.value.length === 0 };
    };
    let today: Promise<LoadedDay> | undefined;
    let week: Promise<LoadedDay> | undefined;
    return {
      today: () => {
        today ??= load(this.catalog.forDate(date), false);
        return today;
      },
      week: () => {
        week ??= load(this.catalog.weekBefore(date), true);
        return week;
      },
    };
  }
}

/** The time zone a channel's "today" is computed in. */
export function timezoneOf(settings: ChannelSettings, fallback: string): string {
  return settings.schedule?.timezone ?? fallback;
}
