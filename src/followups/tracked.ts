import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";

const DAY_MS = 86_400_000;

/** A paper tracked in one channel: since the channel's first upvote or save of this tracking period. */
export interface Tracking {
  channel: ChannelRef;
  /** The channel's first upvote or save of the paper (ISO): news older than it is old news. */
  since: string;
}

/**
 * The papers tracked in every channel as of `now`: each paper a channel upvoted or saved in the last
 * `trackDays` days, by paper, with the channels tracking it. Reads the tracked-paper index (written as
 * channels upvote and save, see `TrackedRepository`), not the votes and saves, and deletes the records
 * whose window is over. The first time, the votes and saves stored before the index existed are adopted
 * into it, so nothing tracked then is lost.
 */
export async function trackedPapers(
  store: Store,
  now: Date,
  trackDays: number,
): Promise<Map<string, Tracking[]>> {
  const from = new Date(now.getTime() - trackDays * DAY_MS);
  if (!(await store.tracked.adopted())) await adoptVotesAndSaves(store, from, now);
  const records = await store.tracked.all();
  const cutoff = from.toISOString();
  const expired = records.filter((record) => record.lastAt < cutoff);
  if (expired.length > 0) await store.tracked.forget(expired);
  const byPaper = new Map<string, Tracking[]>();
  for (const record of records) {
    if (record.lastAt < cutoff) continue;
    const trackings = byPaper.get(record.paperId) ?? [];
    trackings.push({ channel: record.channel, since: record.since });
    byPaper.set(record.paperId, trackings);
  }
  return byPaper;
}

/**
 * Indexes the upvotes and saves cast since `from`, once: what a store written before the index existed
 * holds. Replicas adopting at the same time write the same records.
 */
async function adoptVotesAndSaves(store: Store, from: Date, now: Date): Promise<void> {
  const [votes, saves] = await Promise.all([
    store.votes.everywhereSince(from),
    store.readingLists.everywhereSince(from),
  ]);
  const signals = [
    ...votes.map((vote) => ({ paperId: vote.paperId, channel: vote.channel, at: vote.at })),
    ...saves.map((saved) => ({ paperId: saved.paperId, channel: saved.channel, at: saved.savedAt })),
  ];
  for (const signal of signals)
    await store.tracked.track(signal.channel, signal.paperId, new Date(signal.at));
  await store.tracked.markAdopted(now);
}
