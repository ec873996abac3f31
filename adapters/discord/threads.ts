import {
  type Client,
  DiscordAPIError,
  PermissionFlagsBits,
  type SendableChannels,
  ThreadAutoArchiveDuration,
} from "discord.js";
import type { Logger } from "../../src/log.ts";

/** "A thread has already been created for this message": its thread's id is the message's id. */
const THREAD_ALREADY_CREATED = 160004;
/** Missing Permissions. */
const MISSING_PERMISSIONS = 50013;
/** No such channel, or one closed to the bot (Unknown Channel, Missing Access): no thread to post in. */
const NO_THREAD = new Set([10003, 50001]);

/** The permissions a threaded digest needs, as Discord's settings name them. */
export const THREAD_PERMISSIONS = {
  create: "Create Public Threads",
  send: "Send Messages in Threads",
} as const;

const codeOf = (error: unknown) => (error instanceof DiscordAPIError ? error.code : undefined);

/** How many parents' threads, and channels' missing permissions, are remembered (oldest forgotten first). */
const REMEMBERED = 10_000;

/** Adds to a Map or Set kept in insertion order, forgetting the oldest entry past {@link REMEMBERED}. */
function remember<K>(into: Map<K, unknown> | Set<K>, key: K, set: () => void): void {
  into.delete(key);
  set();
  if (into.size > REMEMBERED) into.delete(into.keys().next().value as K);
}

/**
 * What a reply (`replyTo`) means on Discord: a message in the public thread started from the parent message
 * when it has one (a threaded digest's header, whose thread Discord gives the header's id), otherwise a
 * message reply in the channel (a follow-up on a paper message). A threaded header's thread is started
 * right after the header is posted; started twice (a retry after a lost answer, a restart before the
 * header was recorded), Discord answers 160004 and the thread is the header's id. Without Create Public
 * Threads (Discord's 50013 on the start) or Send Messages in Threads (seen in the cached permissions before
 * starting, or a 50013 on a post), the papers go to the channel as replies and one line says which
 * permission is missing: the digest is never lost.
 */
export function discordThreads(client: Client, logger: Logger) {
  /** Message id → the id of the thread started from it, or null: it has none. */
  const threads = new Map<string, string | null>();
  const known = {
    get: (messageId: string) => threads.get(messageId),
    set: (messageId: string, id: string | null) =>
      remember(threads, messageId, () => threads.set(messageId, id)),
  };
  /** Each channel id and missing permission already logged: one line per pair. */
  const warned = new Set<string>();

  function missing(permission: string, channelId: string): void {
    const key = `${channelId}:${permission}`;
    if (warned.has(key)) return;
    remember(warned, key, () => warned.add(key));
    logger.warn(
      { channelId, permission },
      `the bot lacks ${permission} in channel ${channelId}: posting the digest's papers as replies in the channel instead of in a thread; grant ${permission} to show one message a day`,
    );
  }

  /** The id of the thread started from `messageId`, if any: looked up once (active threads are cached). */
  async function threadIdOf(messageId: string): Promise<string | null> {
    const remembered = known.get(messageId);
    if (remembered !== undefined) return remembered;
    let id: string | null;
    const cached = client.channels.cache.get(messageId);
    if (cached) id = cached.isThread() ? cached.id : null;
    else {
      try {
        const fetched = await client.channels.fetch(messageId);
        id = fetched?.isThread() ? fetched.id : null;
      } catch (error) {
        const code = codeOf(error);
        if (typeof code !== "number" || !NO_THREAD.has(code)) throw error;
        id = null;
      }
    }
    known.set(messageId, id);
    return id;
  }

  return {
    /** Starts the public thread a posted header asks for, archived after a day without messages. */
    async start(channel: SendableChannels, headerId: string, name: string): Promise<void> {
      if (!("threads" in channel)) {
        known.set(headerId, null);
        return;
      }
      // A thread the bot could not post in would stay empty under the header: known before asking.
      const me = channel.guild.members.me;
      if (me && channel.permissionsFor(me)?.has(PermissionFlagsBits.SendMessagesInThreads) === false) {
        missing(THREAD_PERMISSIONS.send, channel.id);
        known.set(headerId, null);
        return;
      }
      try {
        const thread = await channel.threads.create({
          startMessage: headerId,
          name,
          autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
        });
        known.set(headerId, thread.id);
      } catch (error) {
        const code = codeOf(error);
        if (code === THREAD_ALREADY_CREATED) known.set(headerId, headerId);
        else if (code === MISSING_PERMISSIONS) {
          missing(THREAD_PERMISSIONS.create, channel.id);
          known.set(headerId, null);
        } else throw error;
      }
    },
    /** The thread a reply to `parentId` goes into, if one was started from it. */
    async threadOf(parentId: string): Promise<SendableChannels | undefined> {
      const id = await threadIdOf(parentId);
      if (!id) return undefined;
      const thread = client.channels.cache.get(id) ?? (await client.channels.fetch(id));
      return thread?.isSendable() ? thread : undefined;
    },
    /**
     * Whether a refused post into a parent's thread should go to the channel instead: true (and logged)
     * when the bot may not send in threads or the thread is gone; replies to that parent then go there.
     */
    fallBack(channelId: string, parentId: string, error: unknown): boolean {
      const code = codeOf(error);
      if (code === MISSING_PERMISSIONS) missing(THREAD_PERMISSIONS.send, channelId);
      else if (typeof code === "number" && NO_THREAD.has(code)) {
        logger.warn(
          { channelId, threadId: known.get(parentId), code },
          "a digest's thread is gone; replying in the channel",
        );
      } else return false;
      known.set(parentId, null);
      return true;
    },
  };
}
