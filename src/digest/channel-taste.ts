import type { Paper } from "../papers/paper.ts";
import { gatherEvidence, TASTE_WINDOW_DAYS, type TasteEvidence, type TasteSignal } from "../ranking/taste.ts";
import type { ChannelSettings } from "../store/channel-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";

const DAY_MS = 86_400_000;

/**
 * The reactions a channel's taste learns from, as of `now`: its members' upvotes, downvotes and saves made
 * in this channel during the last `TASTE_WINDOW_DAYS` and after the last `/papers taste reset`. Only this
 * channel's records are read, so taste never crosses channels or workspaces.
 */
export async function channelSignals(
  store: Store,
  ref: ChannelRef,
  settings: Pick<ChannelSettings, "tasteResetAt">,
  now: Date,
): Promise<TasteSignal[]> {
  const window = new Date(now.getTime() - TASTE_WINDOW_DAYS * DAY_MS).toISOString();
  const from = settings.tasteResetAt && settings.tasteResetAt > window ? settings.tasteResetAt : window;
  const since = new Date(from);
  const [votes, downvotes, saves] = await Promise.all([
    store.votes.list(ref, since),
    store.downvotes.list(ref, since),
    store.readingLists.savedIn(ref),
  ]);
  return [
    ...votes.map((vote) => ({ paperId: vote.paperId, kind: "upvote" as const, at: vote.at })),
    ...downvotes.map((vote) => ({ paperId: vote.paperId, kind: "downvote" as const, at: vote.at })),
    ...saves
      .filter((saved) => saved.savedAt >= from)
      .map((saved) => ({ paperId: saved.paperId, kind: "save" as const, at: saved.savedAt })),
  ];
}

/**
 * What the channel's reactions say about the papers they were on (see `gatherEvidence`), as of `now`.
 * `read` reads those papers (default: from the store; a fan-out shares what one channel read with the next).
 */
export async function channelTaste(
  store: Store,
  ref: ChannelRef,
  settings: Pick<ChannelSettings, "tasteResetAt">,
  now: Date,
  read: (ids: readonly string[]) => Promise<Paper[]> = (ids) => store.papers.getMany(ids),
): Promise<TasteEvidence[]> {
  const signals = await channelSignals(store, ref, settings, now);
  if (signals.length === 0) return [];
  const ids = [...new Set(signals.map((signal) => signal.paperId))];
  const papers = new Map<string, Paper>((await read(ids)).map((paper) => [paper.id, paper]));
  return gatherEvidence(signals, papers, now);
}
