import { describeError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { arxivUrl, type Paper } from "../papers/paper.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import { addDays, localDate } from "../time.ts";
import {
  type FollowUpsOfWeek,
  noFollowUps,
  RECAP_LIMITS,
  type Recap,
  type RecapCount,
  type RecapPaper,
  type RecapWeek,
} from "./recap.ts";
import { type ReadPaper, topicsRead } from "./recap-topics.ts";
import { inWeek } from "./recap-week.ts";

/** Days of featured papers before the week that the topics are weighed against, besides the week's own. */
const BACKGROUND_DAYS = 14;

/** What building a recap reads from. */
export interface RecapInputs {
  store: Store;
  /** Follow-ups of the week; default none. A provider that fails leaves the section out, with a log line. */
  followUps?: FollowUpsOfWeek;
  logger: Logger;
}

/**
 * A channel's recap of `week`, from what it recorded: the votes cast and the 🔖 saves made in the channel
 * during the week (one per person and paper, as the leaderboard counts them), the papers posted in it
 * (the delivery ledger), and the follow-ups the provider reports. Reads only this channel's records.
 */
export async function buildRecap(inputs: RecapInputs, channel: ChannelRef, week: RecapWeek): Promise<Recap> {
  const { store } = inputs;
  const firstDate = addDays(localDate(new Date(week.since), week.timezone), -1);
  const [votes, saves, posts, followUps] = await Promise.all([
    store.votes.list(channel, new Date(week.since)),
    store.readingLists.savedIn(channel),
    store.posts.since(channel, firstDate),
    weekFollowUps(inputs, channel, week),
  ]);
  const weekVotes = votes.filter((vote) => inWeek(week, vote.at));
  // One vote record per person and paper, one save record per person and paper: records are people.
  const upvoters = countByPaper(weekVotes);
  const savers = countByPaper(saves.filter((saved) => inWeek(week, saved.savedAt)));
  const posted = new Set(
    posts
      .filter((post) => !post.paperId.startsWith("_") && inWeek(week, post.postedAt))
      .map((post) => post.paperId),
  );
  const ids = [...new Set([...upvoters.keys(), ...savers.keys(), ...posted])];
  const papers = new Map((await store.papers.getMany(ids)).map((paper) => [paper.id, paper]));
  const background = await store.papers.featuredBetween(
    addDays(firstDate, -BACKGROUND_DAYS),
    localDate(new Date(week.until), week.timezone),
  );
  const read: ReadPaper[] = ids.flatMap((id) => {
    const paper = papers.get(id);
    return paper
      ? [{ paper, upvoters: upvoters.get(id) ?? 0, savers: savers.get(id) ?? 0, posted: posted.has(id) }]
      : [];
  });
  return {
    week,
    upvoted: mostPeople(upvoters, papers, RECAP_LIMITS.upvoted),
    saved: mostPeople(savers, papers, RECAP_LIMITS.saved),
    followUps: followUps.slice(-RECAP_LIMITS.followUps),
    topics: topicsRead(read, background, RECAP_LIMITS.topics),
    totals: {
      posted: posted.size,
      upvotes: weekVotes.length,
      upvoters: new Set(weekVotes.map((vote) => vote.userId)).size,
      saves: total(savers),
    },
  };
}

async function weekFollowUps(inputs: RecapInputs, channel: ChannelRef, week: RecapWeek) {
  try {
    return await (inputs.followUps ?? noFollowUps)(channel, week);
  } catch (error) {
    inputs.logger.warn(
      { err: error, week },
      `could not read the week's follow-ups; the recap leaves them out: ${describeError(error)}`,
    );
    return [];
  }
}

/** Paper → how many records name it. */
function countByPaper(records: readonly { paperId: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.paperId, (counts.get(record.paperId) ?? 0) + 1);
  return counts;
}

const total = (counts: ReadonlyMap<string, number>): number =>
  [...counts.values()].reduce((sum, count) => sum + count, 0);

/** The papers most people acted on, ties broken by Hugging Face upvotes, then id (stable week to week). */
function mostPeople(
  byPaper: ReadonlyMap<string, number>,
  papers: ReadonlyMap<string, Paper>,
  limit: number,
): RecapCount[] {
  return [...byPaper]
    .map(([id, people]) => ({ paper: papers.get(id), id, people }))
    .sort(
      (a, b) =>
        b.people - a.people ||
        (b.paper?.upvotes ?? 0) - (a.paper?.upvotes ?? 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, limit)
    .map((item) => ({ paper: recapPaper(item.id, item.paper), people: item.people }));
}

/** A paper as the recap names it; one the store lost is named by its id. */
export function recapPaper(id: string, paper?: Paper): RecapPaper {
  return { id, title: paper?.title ?? `arXiv:${id}`, url: arxivUrl(id) };
}
