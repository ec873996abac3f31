import type { Logger } from "../log.ts";
import type { ChannelRef } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import type { ReactionVote } from "../store/vote-repository.ts";
import { normalizeEmoji } from "./emoji.ts";
import type { ReactionEvent, ReactionTarget } from "./reaction-event.ts";
import { type ObservedReaction, planReconcile } from "./reaction-plan.ts";

export { normalizeEmoji } from "./emoji.ts";
export type { ReactionEvent, ReactionTarget } from "./reaction-event.ts";

/** One emoji on a message as the platform shows it now: how many reacted, whether the bot did, and who. */
export interface ReactionOnMessage {
  /** As a {@link ReactionEvent} would carry it. */
  emoji: string;
  count: number;
  /** Whether the bot is one of `count`. */
  mine: boolean;
  /** Every user who reacted with it (all pages); asked only when someone besides the bot did. */
  users(): Promise<string[]>;
}

/** What a reaction did. */
export type ReactionOutcome =
  | "voted"
  | "unvoted"
  | "saved"
  | "unsaved"
  | "downvoted"
  | "undownvoted"
  | "ignored";

/** Which emoji count as upvotes, which save to the reading list, and which downvote (taste only). */
export interface ReactionEmoji {
  upvote: readonly string[];
  save: readonly string[];
  /** Defaults to none, so a service built without them never downvotes. */
  downvote?: readonly string[];
}

/** 👍 ⬆️ 🔥 upvote, 🔖 saves and 👎 downvotes, by Slack name and by Unicode. */
export const DEFAULT_REACTION_EMOJI: Required<ReactionEmoji> = {
  upvote: ["+1", "thumbsup", "arrow_up", "fire", "👍", "⬆", "🔥"],
  save: ["bookmark", "🔖"],
  downvote: ["-1", "thumbsdown", "👎"],
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

/**
 * Turns reactions on the bot's paper messages into team votes, downvotes and reading-list entries. Reactions on
 * other messages, other emoji and the bot's own reactions are ignored. Votes are one key per user and
 * paper, so a repeated or concurrent event never double-counts.
 */
export class ReactionService {
  private readonly upvote: Set<string>;
  private readonly save: Set<string>;
  private readonly downvote: Set<string>;
  /** Numbered reaction (normalised Unicode or Slack name) → 0-based item of a compact digest. */
  private readonly number = new Map<string, number>();
  /** Per message, the tail of the work queued on it (see `exclusive`). */
  private readonly busy = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    emoji: ReactionEmoji,
    private readonly logger: Logger,
  ) {
    this.upvote = new Set(emoji.upvote.map(normalizeEmoji));
    this.save = new Set(emoji.save.map(normalizeEmoji));
    this.downvote = new Set((emoji.downvote ?? []).map(normalizeEmoji));
    NUMBER_EMOJI.forEach(([unicode, name], index) => {
      this.number.set(normalizeEmoji(unicode), index);
      this.number.set(name, index);
    });
  }

  /**
   * What a (normalised) emoji does on a message carrying `papers`: a vote, a save or a downvote, and for
   * which paper (the message's only paper for 👍/🔖/👎, item N of a compact digest for the numbered reaction N).
   * Undefined when the reaction does not point at a paper.
   */
  target(emoji: string, papers: readonly string[]): ReactionTarget | undefined {
    const kind =
      this.upvote.has(emoji) || this.number.has(emoji)
        ? "vote"
        : this.save.has(emoji)
          ? "save"
          : this.downvote.has(emoji)
            ? "downvote"
            : undefined;
    if (!kind) return undefined;
    const position = this.number.get(emoji);
    const paperId = position === undefined ? (papers.length === 1 ? papers[0] : undefined) : papers[position];
    return paperId && !paperId.startsWith("_") ? { kind, paperId } : undefined;
  }

  /** Applies one reaction event; `botUserId` marks the bot's own reactions, which never count. */
  async handle(event: ReactionEvent, botUserId?: string): Promise<ReactionOutcome> {
    return this.exclusive(event.channel, event.messageId, () => this.apply(event, botUserId));
  }

  /**
   * Brings the votes and saves of one paper message in line with the reactions it carries now, for the
   * events the platform never delivered (see {@link planReconcile} for the rules). `read` fetches the
   * message's reactions; it runs, and the changes are applied, while live events for the message wait, so a
   * live event is applied after the state it follows. `stored` are the votes recorded as cast on this message.
   */
  async reconcile(
    message: { channel: ChannelRef; messageId: string; paperIds: readonly string[] },
    read: () => Promise<readonly ReactionOnMessage[] | undefined>,
    stored: readonly ReactionVote[],
    options: { botUserId?: string; at: Date },
  ): Promise<{ read: boolean; added: number; removed: number }> {
    return this.exclusive(message.channel, message.messageId, async () => {
      const reactions = await read();
      if (!reactions) return { read: false, added: 0, removed: 0 };
      const target = (emoji: string) => this.target(normalizeEmoji(emoji), message.paperIds);
      const observed: ObservedReaction[] = [];
      for (const reaction of reactions) {
        if (!target(reaction.emoji)) continue;
        const others = reaction.count - (reaction.mine ? 1 : 0);
        observed.push({ emoji: reaction.emoji, users: others > 0 ? await this.usersOf(reaction) : [] });
      }
      const events = planReconcile({ ...message, observed, stored, target, ...options });
      let added = 0;
      let removed = 0;
      for (const event of events) {
        const outcome = await this.apply(event, options.botUserId);
        if (outcome === "voted" || outcome === "saved" || outcome === "downvoted") added += 1;
        if (outcome === "unvoted" || outcome === "undownvoted") removed += 1;
      }
      return { read: true, added, removed };
    });
  }

  /** Everyone who reacted, or undefined when the list could not be read in full (nothing is judged then). */
  private async usersOf(reaction: ReactionOnMessage): Promise<readonly string[] | undefined> {
    try {
      return await reaction.users();
    } catch (error) {
      this.logger.warn({ err: error, emoji: reaction.emoji }, "could not list who reacted");
      return undefined;
    }
  }

  /** Runs `work` after every earlier piece of work on the same message in this process has finished. */
  private async exclusive<T>(channel: ChannelRef, messageId: string, work: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([channel.platform, channel.workspaceId, channel.channelId, messageId]);
    const before = this.busy.get(key) ?? Promise.resolve();
    const running = before.then(work);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.busy.set(key, settled);
    void settled.then(() => {
      if (this.busy.get(key) === settled) this.busy.delete(key);
    });
    return running;
  }

  /** Whether a (normalised) emoji does anything on some paper message. */
  private acts(emoji: string): boolean {
    return (
      this.upvote.has(emoji) || this.number.has(emoji) || this.save.has(emoji) || this.downvote.has(emoji)
    );
  }

  private async apply(event: ReactionEvent, botUserId?: string): Promise<ReactionOutcome> {
    if (botUserId && event.userId === botUserId) return "ignored";
    const emoji = normalizeEmoji(event.emoji);
    if (!this.acts(emoji)) return "ignored";
    const papers = await this.store.posts.papersForMessage(event.channel, event.messageId);
    const target = this.target(emoji, papers);
    if (!target) return "ignored";
    const { paperId } = target;
    const user = {
      platform: event.channel.platform,
      workspaceId: event.channel.workspaceId,
      userId: event.userId,
    };
    let outcome: ReactionOutcome;
    if (target.kind === "vote" || target.kind === "downvote") {
      const votes = target.kind === "vote" ? this.store.votes : this.store.downvotes;
      if (event.added) {
        await votes.add(event.channel, paperId, event.userId, event.at, emoji, event.messageId);
        if (target.kind === "vote") await this.store.tracked.track(event.channel, paperId, event.at);
      } else await votes.remove(event.channel, paperId, event.userId, emoji);
      if (target.kind === "vote") outcome = event.added ? "voted" : "unvoted";
      else outcome = event.added ? "downvoted" : "undownvoted";
    } else {
      if (event.added) {
        await this.store.readingLists.save(user, paperId, event.at, event.channel.channelId);
        await this.store.tracked.track(event.channel, paperId, event.at);
      } else await this.store.readingLists.remove(user, paperId);
      outcome = event.added ? "saved" : "unsaved";
    }
    this.logger.debug({ paperId, userId: event.userId, outcome }, "reaction");
    return outcome;
  }
}

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
  const taken = await store.events.take(platform, eventId);
  if (!taken) return false;
  try {
    await work();
    return true;
  } catch (error) {
    await taken.release();
    throw error;
  }
}
