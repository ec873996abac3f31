import type { ChannelRef } from "../store/refs.ts";
import { channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";

const DAY_MS = 86_400_000;

/** A paper tracked in one channel: since the channel's first upvote or save within the window. */
export interface Tracking {
  channel: ChannelRef;
  /** The channel's first upvote or save of the paper within the window (ISO): news older than it is old news. */
  since: string;
}

/**
 * The papers tracked in every channel as of `now`: each paper a channel upvoted or saved in the last
 * `trackDays` days, by paper, with the channels tracking it. Reads the votes and the reading lists once,
 * whatever the number of channels.
 */
export async function trackedPapers(
  store: Store,
  now: Date,
  trackDays: number,
): Promise<Map<string, Tracking[]>> {
  const since = new Date(now.getTime() - trackDays * DAY_MS);
  const [votes, saves] = await Promise.all([
    store.votes.everywhereSince(since),
    store.readingLists.everywhereSince(since),
  ]);
  const signals = [
    ...votes.map((vote) => ({ paperId: vote.paperId, channel: vote.channel, at: vote.at })),
    ...saves.map((saved) => ({ paperId: saved.paperId, channel: saved.channel, at: saved.savedAt })),
  ];
  const byPaper = new Map<string, Map<string, Tracking>>();
  for (const signal of signals) {
    const channels = byPaper.get(signal.paperId) ?? new Map<string, Tracking>();
    const key = channelKey(signal.channel);
    const known = channels.get(key);
    if (!known || signal.at < known.since) channels.set(key, { channel: signal.channel, since: signal.at });
    byPaper.set(signal.paperId, channels);
  }
  return new Map([...byPaper].map(([paperId, channels]) => [paperId, [...channels.values()]]));
}
