import type { Logger } from "../log.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";

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

/** What a reaction did. */
export type ReactionOutcome = "voted" | "unvoted" | "saved" | "unsaved" | "ignored";

/** Which emoji count as upvotes and which save to the reading list. */
export interface ReactionEmoji {
  upvote: readonly string[];
  save: readonly string[];
}

/** 👍 ⬆️ 🔥 upvote and 🔖 saves, by Slack name and by Unicode. */
export const DEFAULT_REACTION_EMOJI: ReactionEmoji = {
  upvote: ["+1", "thumbsup", "arrow_up", "fire", "👍", "⬆", "🔥"],
  save: ["bookmark", "🔖"],
};

/**
 * The numbered reactions a compact digest carries, 1️⃣ to 🔟: reacting with N votes for item N.
 * Slack names them `one` … `keycap_ten`; Discord and the console use the Unicode keycaps.
 */
export const NUMBER_EMOJI: readonly (readonly [unicode: string, slackName: string])[] = [
  ["1️⃣", "one"],
  ["2️⃣", "two"],
  ["3️⃣", "three"],
  ["4️⃣", "four"],
  ["5️⃣", "five"],
  ["6️⃣", "six"],
  ["7️⃣", "seven"],
  ["8️⃣", "eight"],
  ["9️⃣", "nine"],
  ["🔟", "keycap_ten"],
];

/** Most items a compact digest carries: one per numbered reaction. */
export const MAX_COMPACT_ITEMS = NUMBER_EMOJI.length;

/** Drops skin tones (`+1::skin-tone-3`, 👍🏽) and emoji presentation selectors so variants count alike. */
export function normalizeEmoji(emoji: string): string {
  return emoji
    .replace(/::skin-tone-\d$/, "")
    .replace(/[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu, "")
    .replace(/^:|:$/g, "")
    .trim();
}

/**
 * Turns reactions on the bot's paper messages into team votes and reading-list entries. Reactions on
 * other messages, other emoji and the bot's own reactions are ignored. Votes are one key per user and
 * paper, so a repeated or concurrent event never double-counts.
 */
export class ReactionService {
  private readonly upvote: Set<string>;
  private readonly save: Set<string>;
  /** Numbered reaction (normalised Unicode or Slack name) → 0-based item of a compact digest. */
  private readonly number = new Map<string, number>();

  constructor(
    private readonly store: Store,
    emoji: ReactionEmoji,
    private readonly logger: Logger,
  ) {
    this.upvote = new Set(emoji.upvote.map(normalizeEmoji));
    this.save = new Set(emoji.save.map(normalizeEmoji));
    NUMBER_EMOJI.forEach(([unicode, name], index) => {
      this.number.set(normalizeEmoji(unicode), index);
      this.number.set(name, index);
    });
  }

  /**
   * The paper a reaction is about: the message's only paper for 👍/🔖, or item N of a compact digest
   * for the numbered reaction N. Undefined when the reaction does not point at a paper.
   */
  private async paperFor(event: ReactionEvent, emoji: string): Promise<string | undefined> {
    const papers = await this.store.posts.papersForMessage(event.channel, event.messageId);
    const position = this.number.get(emoji);
    const paperId = position === undefined ? (papers.length === 1 ? papers[0] : undefined) : papers[position];
    return paperId && !paperId.startsWith("_") ? paperId : undefined;
  }

  /** Applies one reaction event; `botUserId` marks the bot's own reactions, which never count. */
  async handle(event: ReactionEvent, botUserId?: string): Promise<ReactionOutcome> {
    if (botUserId && event.userId === botUserId) return "ignored";
    const emoji = normalizeEmoji(event.emoji);
    const kind =
      this.upvote.has(emoji) || this.number.has(emoji) ? "vote" : this.save.has(emoji) ? "save" : undefined;
    if (!kind) return "ignored";
    const paperId = await this.paperFor(event, emoji);
    if (!paperId) return "ignored";
    const user = {
      platform: event.channel.platform,
      workspaceId: event.channel.workspaceId,
      userId: event.userId,
    };
    let outcome: ReactionOutcome;
    if (kind === "vote") {
      if (event.added) await this.store.votes.add(event.channel, paperId, event.userId, event.at, emoji);
      else await this.store.votes.remove(event.channel, paperId, event.userId, emoji);
      outcome = event.added ? "voted" : "unvoted";
    } else {
      if (event.added) await this.store.readingLists.save(user, paperId, event.at, event.channel.channelId);
      else await this.store.readingLists.remove(user, paperId);
      outcome = event.added ? "saved" : "unsaved";
    }
    this.logger.debug({ paperId, userId: event.userId, outcome }, "reaction");
    return outcome;
  }
}

/** How long a delivered event id is remembered; platforms retry within minutes. */
export const EVENT_DEDUP_TTL_MS = 60 * 60 * 1000;

/**
 * Runs `work` for the first delivery of a platform event id (across every process sharing the store)
 * and skips retries and duplicates, so an add/remove sequence cannot be replayed out of order. If
 * `work` fails, the id is released so the platform's retry is processed instead of lost. Returns
 * whether `work` ran.
 */
export async function onFirstDelivery(
  store: Store,
  platform: string,
  eventId: string,
  work: () => Promise<unknown>,
): Promise<boolean> {
  const key = `event:${platform}:${eventId}`;
  if (!(await store.backend.setIfAbsent(key, 1, EVENT_DEDUP_TTL_MS))) return false;
  try {
    await work();
    return true;
  } catch (error) {
    await store.backend.delete(key).catch(() => false);
    throw error;
  }
}
