import type { ChannelRef } from "../store/refs.ts";
import type { ReactionVote } from "../store/vote-repository.ts";
import { normalizeEmoji } from "./emoji.ts";
import type { ReactionEvent, ReactionTarget } from "./reaction-event.ts";

/** One emoji on a message with everyone who reacted with it, or `users` undefined when that is unknown. */
export interface ObservedReaction {
  emoji: string;
  users: readonly string[] | undefined;
}

/** What {@link planReconcile} compares. */
export interface ReconcileInput {
  channel: ChannelRef;
  messageId: string;
  /** The emoji that count on this message (vote or save) as read now, each with its reactors. */
  observed: readonly ObservedReaction[];
  /** The votes and downvotes stored as cast by a reaction on this message. */
  stored: readonly ReactionVote[];
  /** What an emoji does on this message; undefined for emoji that do nothing. */
  target: (emoji: string) => ReactionTarget | undefined;
  botUserId?: string;
  /** The time given to votes and saves added now (the platform does not say when a reaction was made). */
  at: Date;
}

/**
 * The reaction events a message's current reactions imply but the store does not reflect: what a live
 * event would have done had it been delivered. The rules, conservative where the platform shows too little:
 * - Add: every reactor (not the bot) of an emoji that votes, downvotes or saves, unless the store already
 *   holds that vote (or downvote) as cast on this message. Adding is idempotent (one key per user, paper and emoji; a save keeps its
 *   first date), so a vote stored before votes named their message is never counted twice.
 * - Remove a vote or downvote only when all of these hold: the store recorded it as cast on this message with this emoji
 *   (so a vote cast on another message, by a command, or before votes named their message is never touched);
 *   the emoji still points at that paper here; and the full list of who reacted with every variant of that
 *   emoji (skin tones, presentation selectors) was read and does not name the user. An emoji no longer on
 *   the message at all has no reactors. If any list was cut short, nothing is removed for that emoji.
 * - Saves are only ever added: a reading list is personal, and a paper left on it after an unseen removal
 *   is harmless, while removing it on a guess would lose it.
 * A message that could not be read is not judged at all (the caller skips it).
 */
export function planReconcile(input: ReconcileInput): ReactionEvent[] {
  const { channel, messageId, botUserId, at } = input;
  const base = { channel, messageId, at };
  const voteKey = (paperId: string, userId: string, emoji: string) =>
    JSON.stringify([paperId, userId, emoji]);
  const storedVotes = new Set(input.stored.map((vote) => voteKey(vote.paperId, vote.userId, vote.emoji)));
  /** Normalised emoji → who reacted with any of its variants, or undefined when some list is unknown. */
  const reactors = new Map<string, Set<string> | undefined>();
  const events: ReactionEvent[] = [];

  for (const reaction of input.observed) {
    const emoji = normalizeEmoji(reaction.emoji);
    const target = input.target(emoji);
    if (!target) continue;
    const known = reactors.has(emoji) ? reactors.get(emoji) : new Set<string>();
    const users = reaction.users?.filter((userId) => userId !== botUserId);
    reactors.set(emoji, known && users ? new Set([...known, ...users]) : undefined);
    for (const userId of users ?? []) {
      if (target.kind !== "save" && storedVotes.has(voteKey(target.paperId, userId, emoji))) continue;
      events.push({ ...base, userId, emoji: reaction.emoji, added: true });
    }
  }
  for (const vote of input.stored) {
    const target = input.target(vote.emoji);
    if (!target || target.kind === "save" || target.paperId !== vote.paperId) continue;
    const users = reactors.has(vote.emoji) ? reactors.get(vote.emoji) : new Set<string>();
    if (!users || users.has(vote.userId)) continue;
    events.push({ ...base, userId: vote.userId, emoji: vote.emoji, added: false });
  }
  return events;
}
