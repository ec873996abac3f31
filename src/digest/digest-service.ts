import type { Catalog, CatalogAnswer } from "../papers/catalog.ts";
import type { Paper } from "../papers/paper.ts";
import { SOURCE_LABELS, type SourceName } from "../papers/upstream-guard.ts";
import { DEFAULT_BLEND } from "../ranking/blend.ts";
import type { RankingWeights } from "../ranking/score.ts";
import { DocumentFrequencies } from "../ranking/taste.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { addDays } from "../time.ts";
import { pickDigest } from "./build-digest.ts";
import { channelTaste } from "./channel-taste.ts";
import type { ChannelChoice, Digest } from "./digest.ts";
import { formatDigestDate } from "./digest-date.ts";
import { RankedDay } from "./ranked-day.ts";
import { SAMPLE_DATE, sampleDigest } from "./sample-digest.ts";

/** How far back the "already posted" dedup looks. */
export const DEDUP_DAYS = 14;
/** How many days of stored papers before a date give the taste its document frequencies. */
export const BACKGROUND_DAYS = 30;
/** How many dates' word statistics are kept (a fan-out spans at most a couple of local dates). */
const STATISTICS_DATES_KEPT = 3;
/** Team votes within this window lift a paper in the digest. */
export const VOTE_WINDOW_DAYS = 7;

/** A digest plus where its papers came from, when that needs saying (offline, sample). */
export interface DigestAnswer {
  digest: Digest;
  note?: string;
  /**
   * The source that could not be asked for the date's papers while none were stored for it: the digest
   * is not that day's (it is the week's best from the store, or empty) and says so.
   */
  unavailable?: SourceName;
  /** With `unavailable`: how that source failed, as a note ("Hugging Face is unreachable right now."). */
  failure?: string;
  /** The digest is the bundled sample (`orSample`), not any day's papers. */
  sample?: true;
}

/** How a digest's day is fetched. */
export interface DigestFetch {
  /** How long to wait for the day's listing; a scheduled post can wait longer than a command. */
  budgetMs?: number;
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
  /** The source that could not be asked. */
  unavailable?: SourceName;
}

/** Loads a date's papers, and the week before it, at most once each. */
interface DayLoader {
  today(): Promise<LoadedDay>;
  week(): Promise<LoadedDay>;
  /** Loads the word statistics of the `BACKGROUND_DAYS` before the date, for the taste. */
  background(): Promise<void>;
  /**
   * Stored papers by id (absent ones left out), each read from the store once while the day is shared: the
   * papers a channel's taste learns from, which the channels of a fan-out mostly have in common (the
   * days before brought them all the same trending papers).
   */
  papers(ids: readonly string[]): Promise<Paper[]>;
}

/** Papers a shared day keeps read (see `DayLoader.papers`) before it starts again. */
const PAPERS_KEPT = 5000;

/**
 * Builds digests: today's papers for a channel with its taste, followed topics, muted words, team votes
 * and the 14-day dedup applied; the week's best on a quiet day. Channels' digests for the same date share
 * one ranking of the day for `RANKED_DAY_TTL_MS`; what is the channel's own is read for each.
 */
export class DigestService {
  private readonly days = new Map<string, { at: number; loader: DayLoader }>();
  /** Word statistics of the weeks before each recent date: read and counted once per date, not per day loaded. */
  private readonly statistics = new Map<string, Promise<DocumentFrequencies>>();

  constructor(
    private readonly store: Store,
    private readonly catalog: Pick<
      Catalog,
      "forDate" | "weekBefore" | "empty" | "listedOn" | "warmArxivListing"
    >,
    private readonly options: {
      weights: RankingWeights;
      defaults: { timezone: string; digestSize: number };
      matchesTopic?: (paper: Paper, topic: string) => boolean;
      now: () => Date;
    },
  ) {}

  /**
   * The digest for a channel's local `date`, ranked for the channel: its blend of trending and taste (the
   * reactions made in it, faded as of that date), its follows, mutes and team votes; papers already posted
   * on earlier days are left out. Reads only; `limit` overrides the channel's digest size (a preview).
   */
  async forChannel(
    ref: ChannelRef,
    date: string,
    fetch: DigestFetch = {},
    options: { limit?: number } = {},
  ): Promise<DigestAnswer> {
    const settings = await this.store.channels.get(ref);
    const now = this.options.now();
    const since = new Date(now.getTime() - VOTE_WINDOW_DAYS * 86_400_000);
    const blend = settings.ranking ?? DEFAULT_BLEND;
    const day = this.sharedDay(date, fetch);
    const [posts, teamVotes, taste] = await Promise.all([
      this.store.posts.since(ref, addDays(date, -DEDUP_DAYS)),
      this.store.votes.counts(ref, since),
      blend === "trending"
        ? []
        : channelTaste(this.store, ref, settings, rankingClock(date, now), (ids) => day.papers(ids)),
    ]);
    const recentlyPosted = new Set(posts.filter((post) => post.date < date).map((post) => post.paperId));
    // A taste compares papers by their words: it needs the weeks before to know which words are common.
    if (taste.length > 0) await day.background();
    return this.build(day, {
      timezone: timezoneOf(settings, this.options.defaults.timezone),
      limit: options.limit ?? settings.digestSize ?? this.options.defaults.digestSize,
      blend,
      taste,
      followedTopics: settings.followedTopics,
      followedAuthors: settings.followedAuthors,
      followedOrgs: settings.followedOrgs,
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
    return this.build(this.loader(options.date, this.options.now(), { keep, fetch: {} }), {
      timezone: options.timezone,
      limit: options.limit,
      followedTopics: options.topics ?? [],
      ...(keep ? { narrowedTo: topics } : {}),
      mutedWords: [],
      recentlyPosted: new Set(),
      teamVotes: new Map(),
    });
  }

  /**
   * When a day could not be fetched and nothing at all is stored (a brand-new install offline), the
   * bundled sample, labelled, for an interactive answer; otherwise `answer` itself. Never for a post.
   */
  orSample(answer: DigestAnswer, choice: { timezone: string; limit: number }): DigestAnswer {
    if (!answer.unavailable || answer.digest.items.length > 0 || !this.catalog.empty) return answer;
    return {
      digest: sampleDigest({
        ...choice,
        weights: this.options.weights,
        matchesTopic: this.options.matchesTopic,
      }),
      note: `${answer.failure ?? `${SOURCE_LABELS[answer.unavailable]} could not be asked.`} No papers are stored yet: showing a bundled SAMPLE of papers (Hugging Face, ${formatDigestDate(SAMPLE_DATE)}), not today's.`,
      sample: true,
    };
  }

  private async build(day: DayLoader, choice: ChannelChoice): Promise<DigestAnswer> {
    const today = await day.today();
    const daily = pickDigest(today.ranked, undefined, choice);
    if (daily.kind === "daily") return { digest: daily, note: today.note };
    const week = await day.week();
    if (today.unavailable && today.empty) {
      // The digest itself says the day could not be fetched; no second note repeating it.
      const unavailable = { source: SOURCE_LABELS[today.unavailable] };
      return {
        digest: pickDigest(today.ranked, week.ranked, choice, unavailable),
        unavailable: today.unavailable,
        ...(today.note ? { failure: today.note } : {}),
      };
    }
    const note = today.empty ? (week.note ?? today.note) : today.note;
    return { digest: pickDigest(today.ranked, week.ranked, choice), note };
  }

  /**
   * The date's loader shared by every digest built within `RANKED_DAY_TTL_MS` of the first. An answer
   * with a note (upstream down, the sample) or an error is not kept: the next digest asks again.
   */
  private sharedDay(date: string, fetch: DigestFetch): DayLoader {
    const at = this.options.now().getTime();
    for (const [key, day] of this.days) {
      if (at - day.at > RANKED_DAY_TTL_MS || at < day.at) this.days.delete(key);
    }
    const key = `${date}:${fetch.budgetMs ?? "default"}`;
    const known = this.days.get(key);
    if (known) return known.loader;
    const forget = () => {
      if (this.days.get(key) === shared) this.days.delete(key);
    };
    const shared = { at, loader: this.loader(date, new Date(at), { forget, fetch }) };
    this.days.set(key, shared);
    return shared.loader;
  }

  /**
   * arXiv's new submissions listed the day before `date`: the listing is fetched once per date for every
   * channel (started here if no one has yet); a scheduled digest waits for it up to its fetch budget, a
   * command takes what is stored. A failure leaves the listing out, never the digest.
   */
  private async arxivCandidates(date: string, fetch: DigestFetch): Promise<readonly Paper[]> {
    const listingDate = addDays(date, -1);
    void this.catalog.warmArxivListing(listingDate);
    return this.catalog.listedOn(listingDate, fetch.budgetMs ?? 0).catch(() => []);
  }

  /**
   * Starts fetching what a digest of `date` will need that takes long (arXiv's listing of the day
   * before), so the digests at the scheduled time do not wait for it. Never throws.
   */
  prepare(date: string): void {
    void this.catalog.warmArxivListing(addDays(date, -1));
  }

  /**
   * The word statistics of the papers featured in the `BACKGROUND_DAYS` before `date`, for the taste:
   * a few hundred papers read and counted once per date (they do not change during the day) rather than
   * each time a date's ranking is rebuilt. The last few dates are kept; a failed read is not.
   */
  private wordStatistics(date: string): Promise<DocumentFrequencies> {
    let known = this.statistics.get(date);
    if (!known) {
      known = this.store.papers
        .featuredBetween(addDays(date, -BACKGROUND_DAYS), addDays(date, -1))
        .then((papers) => new DocumentFrequencies(papers));
      known.catch(() => this.statistics.delete(date));
      this.statistics.set(date, known);
      for (const old of [...this.statistics.keys()].slice(0, -STATISTICS_DATES_KEPT))
        this.statistics.delete(old);
    }
    return known;
  }

  /** Loads and ranks the date's papers (those `keep` accepts) on first use, each at most once. */
  private loader(
    date: string,
    now: Date,
    options: { keep?: (paper: Paper) => boolean; forget?: () => void; fetch: DigestFetch },
  ): DayLoader {
    const { keep, forget } = options;
    // A past date is ranked as of that day, not decayed from today's clock.
    const asOf = rankingClock(date, now);
    let background: DocumentFrequencies | undefined;
    const load = async (
      asking: Promise<CatalogAnswer<Paper[]>>,
      wholeWeek: boolean,
      listing: Promise<readonly Paper[]> = Promise.resolve([]),
    ): Promise<LoadedDay> => {
      let answer: CatalogAnswer<Paper[]>;
      let listed: readonly Paper[];
      try {
        [answer, listed] = await Promise.all([asking, listing]);
      } catch (error) {
        forget?.();
        throw error;
      }
      if (answer.note !== undefined) forget?.();
      const ranked = new RankedDay(keep ? answer.value.filter(keep) : answer.value, {
        date,
        now: asOf,
        weights: this.options.weights,
        matchesTopic: this.options.matchesTopic,
        wholeWeek,
        background: () => background,
        listed: keep ? listed.filter(keep) : listed,
      });
      return { ranked, note: answer.note, empty: answer.value.length === 0, unavailable: answer.unavailable };
    };
    let today: Promise<LoadedDay> | undefined;
    let week: Promise<LoadedDay> | undefined;
    const read = new Map<string, Promise<Paper | undefined>>();
    return {
      today: () => {
        today ??= load(
          this.catalog.forDate(date, options.fetch),
          false,
          this.arxivCandidates(date, options.fetch),
        );
        return today;
      },
      week: () => {
        week ??= load(this.catalog.weekBefore(date), true);
        return week;
      },
      background: async () => {
        background ??= await this.wordStatistics(date);
      },
      papers: async (ids) => {
        const missing = [...new Set(ids.filter((id) => !read.has(id)))];
        if (missing.length > 0) {
          if (read.size + missing.length > PAPERS_KEPT) read.clear();
          // One read for the missing ones, shared with every channel asking meanwhile; a failed read is
          // forgotten, so the next channel asks the store again.
          const reading = this.store.papers.getMany(missing).then((found) => {
            return new Map(found.map((paper) => [paper.id, paper]));
          });
          reading.catch(() => {
            for (const id of missing) read.delete(id);
          });
          for (const id of missing)
            read.set(
              id,
              reading.then((found) => found.get(id)),
            );
        }
        // Taken before waiting: another channel may start the map again meanwhile.
        const asked = ids.map((id) => read.get(id));
        const papers = await Promise.all(asked);
        return papers.filter((paper) => paper !== undefined);
      },
    };
  }
}

/**
 * The moment a date's papers are ranked at: now for today, the end of the day (UTC) for a past date, so
 * `digest --date` of last month ranks as it would have then instead of decaying every score to 0.
 */
export function rankingClock(date: string, now: Date): Date {
  const endOfDay = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  return Number.isNaN(endOfDay) || endOfDay >= now.getTime() ? now : new Date(endOfDay);
}

/** The time zone a channel's "today" is computed in. */
export function timezoneOf(settings: ChannelSettings, fallback: string): string {
  return settings.schedule?.timezone ?? fallback;
}
