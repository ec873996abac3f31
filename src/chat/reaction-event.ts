import type { ChannelRef } from "../store/refs.ts";

/** One emoji reaction added to or removed from a message, as any platform reports it. */
export interface ReactionEvent {
  channel: ChannelRef;
  messageId: string;
  userId: string;
  /** The platform's emoji: a Slack name (`+1`, `thumbsup::skin-tone-2`) or a Unicode emoji (`👍`). */
  emoji: string;
  added: boolean;
  at: Date;
}

/** What an emoji on a paper message does, and to which paper. */
export interface ReactionTarget {
  kind: "vote" | "save" | "downvote";
  paperId: string;
}
