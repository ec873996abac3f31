import type { ChannelRef } from "../store/refs.ts";

/** A paper as the recap names it: enough to show and link it. */
export interface RecapPaper {
  id: string;
  title: string;
  url: string;
}

/** A paper and how many people of the channel did something with it this week. */
export interface RecapCount {
  paper: RecapPaper;
  /** Distinct people: upvoters in "most upvoted", savers in "saved". */
  people: number;
}

/** One follow-up on a paper the channel liked: code released, a new arXiv version, a model on Hugging Face. */
export interface FollowUpOfWeek {
  paper: RecapPaper;
  /** What happened, in a few words: `code released`, `v2 on arXiv`, `model on Hugging Face`. */
  what: string;
  /** Where to see it (the repository, the new version, the model). */
  url?: string;
  /** When paperboy noticed it (ISO instant). */
  at: string;
}

/** The week a recap covers: from `since` (inclusive) to `until` (exclusive), ISO instants. */
export interface RecapWeek {
  since: string;
  until: string;
  timezone: string;
}

/**
 * Where the recap's "follow-ups of the week" come from: the follow-ups posted in the channel during the
 * week, newest last. The recap does not track papers itself; whoever does (the follow-ups feature) plugs
 * a provider in. {@link noFollowUps} is the default, and the recap then leaves the section out.
 */
export type FollowUpsOfWeek = (channel: ChannelRef, week: RecapWeek) => Promise<FollowUpOfWeek[]>;

/** The provider when nothing tracks follow-ups: none, ever. */
export const noFollowUps: FollowUpsOfWeek = async () => [];

/** A topic the channel read a lot this week, and in how many of its papers it came up. */
export interface RecapTopic {
  topic: string;
  papers: number;
}

/**
 * A channel's week, platform-neutral: the team's most upvoted papers, what was saved, follow-ups on papers
 * it liked, and the topics it read most. A week with no upvotes, saves or follow-ups is `quiet`: the
 * recap still goes out, as one honest line, so the team sees the ritual is alive and how to feed it.
 */
export interface Recap {
  week: RecapWeek;
  upvoted: RecapCount[];
  saved: RecapCount[];
  followUps: FollowUpOfWeek[];
  topics: RecapTopic[];
  totals: {
    /** Papers posted in the channel this week. */
    posted: number;
    /** Upvotes cast (one per person and paper) and by how many people. */
    upvotes: number;
    upvoters: number;
    /** Saves made (one per person and paper). */
    saves: number;
  };
}

/** Whether nothing happened worth listing: no upvotes, saves or follow-ups. */
export function isQuiet(recap: Recap): boolean {
  return recap.upvoted.length === 0 && recap.saved.length === 0 && recap.followUps.length === 0;
}

/** How many of each list a recap shows: enough to remember the week, short enough to read in a minute. */
export const RECAP_LIMITS = { upvoted: 5, saved: 5, followUps: 8, topics: 6 } as const;
