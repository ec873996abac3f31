import { type Client, DiscordAPIError, type Message, type MessageReaction, ReactionType } from "discord.js";
import type { ReactionReader } from "../../src/chat/reaction-reconcile.ts";
import type { ReactionOnMessage } from "../../src/chat/reactions.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { emojiText } from "./parse.ts";

/** Discord's largest page of reactors. */
const USERS_PAGE = 100;
/**
 * Least time between two reads of a catch-up pass: at most 20 requests a second, well inside the global
 * 50 per second, so commands and digests keep most of the budget (discord.js also waits out any 429).
 */
const READ_GAP_MS = 50;
/** Discord errors that mean the message cannot be read: Unknown Channel, Unknown Message, Missing Access. */
const GONE = new Set([10003, 10008, 50001]);

/**
 * Reads what a reaction catch-up needs through discord.js: the server text channels in the client's cache,
 * a message's reactions (in the thread started from the header it was posted under, when that thread is
 * known) (`GET /channels/{channel}/messages/{message}`, always from Discord, never the cache)
 * and each emoji's reactors, page by page (`GET …/reactions/{emoji}?after=&limit=100`, super reactions too).
 * Requests are spaced by `gapMs`.
 */
export function discordReactionReader(client: Client, gapMs = READ_GAP_MS): ReactionReader {
  let nextSlot = 0;
  const paced = async <T>(request: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + gapMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    return request();
  };

  const usersOf = async (reaction: MessageReaction): Promise<string[]> => {
    const users = new Set<string>();
    const types =
      reaction.countDetails.burst > 0 ? [ReactionType.Normal, ReactionType.Burst] : [ReactionType.Normal];
    for (const type of types) {
      let after: string | undefined;
      for (;;) {
        const page = await paced(() => reaction.users.fetch({ type, limit: USERS_PAGE, after }));
        for (const id of page.keys()) users.add(id);
        if (page.size < USERS_PAGE) break;
        after = [...page.keys()].reduce((last, id) => (BigInt(id) > BigInt(last) ? id : last));
      }
    }
    return [...users];
  };

  return {
    channels() {
      const refs: ChannelRef[] = [];
      for (const channel of client.channels.cache.values()) {
        // A thread's messages are recorded under its channel (a threaded digest's papers).
        if (channel.isTextBased() && !channel.isDMBased() && !channel.isThread() && channel.guildId) {
          refs.push({ platform: "discord", workspaceId: channel.guildId, channelId: channel.id });
        }
      }
      return refs;
    },
    async reactionsOn(ref, messageId, postedUnder) {
      // A threaded digest's paper is in the thread started from its header, whose id is the header's.
      const thread = postedUnder ? client.channels.cache.get(postedUnder) : undefined;
      const channel = thread?.isThread() ? thread : client.channels.cache.get(ref.channelId);
      if (!channel?.isTextBased() || !("messages" in channel)) return undefined;
      let message: Message;
      try {
        message = await paced(() =>
          channel.messages.fetch({ message: messageId, force: true, cache: false }),
        );
      } catch (error) {
        if (error instanceof DiscordAPIError && typeof error.code === "number" && GONE.has(error.code)) {
          return undefined;
        }
        throw error;
      }
      return [...message.reactions.cache.values()].flatMap((reaction): ReactionOnMessage[] => {
        const emoji = emojiText(reaction.emoji);
        if (!emoji) return [];
        return [{ emoji, count: reaction.count, mine: reaction.me, users: () => usersOf(reaction) }];
      });
    },
  };
}
