import {
  type Client,
  DiscordAPIError,
  type Message,
  type SendableChannels,
  ThreadAutoArchiveDuration,
} from "discord.js";
import type { Logger } from "../../src/log.ts";

/** Discord's longest thread name. */
const MAX_THREAD_NAME = 100;
/** "A thread has already been created for this message": its thread's id is the message's id. */
const THREAD_ALREADY_CREATED = 160004;
/** Missing Permissions. */
const MISSING_PERMISSIONS = 50013;
/** Unknown Message: the header was deleted. */
const UNKNOWN_MESSAGE = 10008;
/** A thread deleted or closed to the bot (Unknown Channel, Missing Access): its channel still takes replies. */
const THREAD_GONE = new Set([10003, 50001]);

/** The permissions a threaded digest needs, as Discord's settings name them. */
export const THREAD_PERMISSIONS = {
  create: "Create Public Threads",
  send: "Send Messages in Threads",
} as const;

/** Where a reply to a header is posted: in the header's thread, or (none) as a reply in the channel. */
export type ReplyPlace = { thread: SendableChannels } | { inChannel: true };

/**
 * What `replyTo` means on Discord: the public thread started from that message (Discord gives it the
 * message's id), so a threaded digest shows one message in the channel. The thread is started on the first
 * reply and found again after a restart (Discord refuses a second thread on the same message with 160004,
 * and its id is the message's). Without Create Public Threads (or Send Messages in Threads), replies fall
 * back to message replies in the channel, logged once per missing permission: the digest is never lost.
 */
export function discordThreads(client: Client, logger: Logger) {
  /** Header id → its thread's id, or null: replies to it go into the channel. */
  const known = new Map<string, string | null>();
  const warned = new Set<string>();

  function missing(permission: string, channelId: string): void {
    if (warned.has(permission)) return;
    warned.add(permission);
    logger.warn(
      { channelId, permission },
      `the bot lacks ${permission} in channel ${channelId}: posting the digest's papers as replies in the channel instead of in a thread; grant ${permission} to get one message a day`,
    );
  }

  async function open(channel: SendableChannels, headerId: string): Promise<string | null> {
    if (!("threads" in channel)) return null;
    try {
      const header = await channel.messages.fetch(headerId);
      const thread = await channel.threads.create({
        startMessage: headerId,
        name: threadName(header),
        autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      });
      return thread.id;
    } catch (error) {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      if (code === THREAD_ALREADY_CREATED) return headerId;
      if (code === UNKNOWN_MESSAGE) return null;
      if (code === MISSING_PERMISSIONS) {
        missing(THREAD_PERMISSIONS.create, channel.id);
        return null;
      }
      throw error;
    }
  }

  return {
    /** Where a reply to `headerId` in `channel` goes; starts the header's thread on first use. */
    async placeFor(channel: SendableChannels, headerId: string): Promise<ReplyPlace> {
      let threadId = known.get(headerId);
      if (threadId === undefined) {
        threadId = await open(channel, headerId);
        known.set(headerId, threadId);
      }
      if (threadId === null) return { inChannel: true };
      const thread = client.channels.cache.get(threadId) ?? (await client.channels.fetch(threadId));
      return thread?.isSendable() ? { thread } : { inChannel: true };
    },
    /**
     * Whether a refused post into a header's thread should go to the channel instead: true (and logged)
     * when the bot may not send in threads or the thread is gone; replies to that header then go there.
     */
    fallBack(channelId: string, headerId: string, error: unknown): boolean {
      const code = error instanceof DiscordAPIError ? error.code : undefined;
      if (code === MISSING_PERMISSIONS) missing(THREAD_PERMISSIONS.send, channelId);
      else if (typeof code === "number" && THREAD_GONE.has(code)) {
        logger.warn(
          { channelId, threadId: known.get(headerId), code },
          "the digest's thread is gone; replying in the channel",
        );
      } else return false;
      known.set(headerId, null);
      return true;
    },
  };
}

/** The thread's name: the header's title without its leading emoji (`Top papers · Fri 12 Jun 2026`). */
function threadName(header: Message): string {
  const title = header.embeds[0]?.title ?? header.content;
  const name = title.replace(/^[^\p{L}\p{N}]+/u, "").trim() || "Papers";
  return [...name].slice(0, MAX_THREAD_NAME).join("");
}
