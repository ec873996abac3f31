import { remember } from "../memo.ts";
import { dedupePapers } from "../papers/merge.ts";
import type { Paper } from "../papers/paper.ts";
import { authorMatches, orgMatches } from "../papers/person-name.ts";
import {
  DEFAULT_RANKING_WEIGHTS,
  type RankingWeights,
  type ScoredPaper,
  scorePaper,
} from "../ranking/score.ts";
import { type DocumentFrequencies, TermSpace } from "../ranking/taste.ts";
import type { DigestItem } from "./digest.ts";
import { wholeWordMatcher } from "./match-words.ts";
import { tldr } from "./tldr.ts";

/** What ranking a day's papers depends on, the same for every channel with that local date. */
export interface RankedDayOptions {
  /** Local date (YYYY-MM-DD) the papers are ranked for. */
  date: string;
  /** The ranking's clock: scores decay from each paper's featuring time to this moment. */
  now: Date;
  weights?: RankingWeights;
  /** Rank without the daily recency decay (the week's best on a quiet day). */
  wholeWeek?: boolean;
  /** Decides whether a paper is about a topic; defaults to a whole-word match. */
  matchesTopic?: (paper: Paper, topic: string) => boolean;
  /** Word statistics of the weeks before, for the taste (see `TermSpace`); read when first needed. */
  background?: () => DocumentFrequencies | undefined;
  /**
   * arXiv's new submissions in the followed categories (the listing before the date): candidates that a
   * channel gets only on its follows or its taste, never on popularity (they have none yet).
   */
  listed?: readonly Paper[];
}

/**
 * A date's papers, deduplicated, with the work every channel's digest of that date would repeat done
 * once and remembered: the score without team votes, topic and muted-word matches, TL;DRs, the papers'
 * term vectors for taste. A fan-out to hundreds of channels ranks the day once; each channel then applies
 * its own votes, taste, topics, mutes and recent posts (`pickDigest`).
 */
export class RankedDay {
  readonly date: string;
  /** Every candidate of the date: the papers featured on Hugging Face, then arXiv's listed ones. */
  readonly papers: readonly Paper[];
  /** Ids of the candidates that come only from arXiv's listing (not featured on Hugging Face that day). */
  readonly listedOnly: ReadonlySet<string>;
  private readonly scores = new Map<string, ScoredPaper>();
  private readonly onTopic = new Map<string, ReadonlySet<string>>();
  private readonly mentioning = new Map<string, ReadonlySet<string>>();
  private readonly byFollowed = new Map<string, ReadonlySet<string>>();
  private readonly tldrs = new Map<string, string>();
  private readonly rankings = new Map<string, readonly DigestItem[]>();
  private space: TermSpace | undefined;

  constructor(
    papers: readonly Paper[],
    private readonly options: RankedDayOptions,
  ) {
    this.date = options.date;
    const featured = dedupePapers(papers);
    const featuredIds = new Set(featured.map((paper) => paper.id));
    const listed = dedupePapers(options.listed ?? []).filter((paper) => !featuredIds.has(paper.id));
    this.papers = [...featured, ...listed];
    this.listedOnly = new Set(listed.map((paper) => paper.id));
  }

  /** A paper of this day scored with `teamVotes` votes from the reader's team. */
  score(paper: Paper, teamVotes = 0): ScoredPaper {
    const known = teamVotes === 0 ? this.scores.get(paper.id) : undefined;
    if (known) return known;
    const weights = this.options.weights ?? DEFAULT_RANKING_WEIGHTS;
    const scored = scorePaper(paper, {
      teamVotes,
      now: this.options.now,
      today: this.date,
      weights: this.options.wholeWeek ? { ...weights, halfLifeHours: Number.POSITIVE_INFINITY } : weights,
    });
    if (teamVotes === 0) this.scores.set(paper.id, scored);
    return scored;
  }

  /** Ids of this day's papers about `topic` (trimmed, non-blank). */
  papersOnTopic(topic: string): ReadonlySet<string> {
    let ids = this.onTopic.get(topic);
    if (!ids) {
      const matches = this.options.matchesTopic ?? defaultTopicMatch(topic);
      ids = new Set(this.papers.filter((paper) => matches(paper, topic)).map((paper) => paper.id));
      this.onTopic.set(topic, ids);
    }
    return ids;
  }

  /** Ids of this day's papers written by the person followed as `name` (see `authorMatches`). */
  papersByAuthor(name: string): ReadonlySet<string> {
    return this.followedIds(`author:${name}`, (paper) =>
      paper.authors.some((author) => authorMatches(name, author)),
    );
  }

  /** Ids of this day's papers from the Hugging Face organization followed as `name`. */
  papersByOrg(name: string): ReadonlySet<string> {
    return this.followedIds(`org:${name}`, (paper) => orgMatches(name, paper.organization));
  }

  private followedIds(key: string, matches: (paper: Paper) => boolean): ReadonlySet<string> {
    let ids = this.byFollowed.get(key);
    if (!ids) {
      ids = new Set(this.papers.filter(matches).map((paper) => paper.id));
      this.byFollowed.set(key, ids);
    }
    return ids;
  }

  /** Ids of this day's papers that mention `word` as a whole word (none for a blank word). */
  papersMentioning(word: string): ReadonlySet<string> {
    let ids = this.mentioning.get(word);
    if (!ids) {
      const mentions = wholeWordMatcher(word);
      ids = new Set(mentions ? this.papers.filter(mentions).map((paper) => paper.id) : []);
      this.mentioning.set(word, ids);
    }
    return ids;
  }

  /**
   * The day's term space: document frequencies over its papers and each paper's TF-IDF vector (also of
   * the papers a channel reacted to), built on first use and shared by every channel's taste.
   */
  get terms(): TermSpace {
    this.space ??= new TermSpace(this.papers, this.options.background?.());
    return this.space;
  }

  /**
   * The items ranked under `key` (`make`'s, the first time): the digests that every channel with nothing
   * of its own to rank by would repeat (see `pickDigest`), made once for the day. At most `RANKINGS_KEPT`
   * keys are kept; past that the memo starts again.
   */
  ranking(key: string, make: () => readonly DigestItem[]): readonly DigestItem[] {
    return remember(this.rankings, key, RANKINGS_KEPT, make);
  }

  /** The paper's TL;DR line. */
  tldr(paper: Paper): string {
    let line = this.tldrs.get(paper.id);
    if (line === undefined) {
      line = tldr(paper);
      this.tldrs.set(paper.id, line);
    }
    return line;
  }
}

/** How many distinct rankings a day remembers (channels differ in what they were sent recently). */
const RANKINGS_KEPT = 256;

function defaultTopicMatch(topic: string): (paper: Paper) => boolean {
  return wholeWordMatcher(topic) ?? (() => false);
}
