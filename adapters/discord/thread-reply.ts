import type { ChatAdapter } from "../../src/chat/adapter.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { type DiscordMessage, renderDiscord } from "./render.ts";

/** A channel messages can be sent to, as far as a reply needs it (discord.js's sendable channels). */
interface ReplyTarget {
  send(options: Record<string, unknown>): Promise<{ id: string }>;
}

/** What a reply needs from the Discord adapter. */
export interface DiscordThreadReplyDeps {
  sendable: (channel: ChannelRef) => Promise<ReplyTarget>;
  /** A rendered message as discord.js send options (no mentions allowed). */
  toOptions: (message: DiscordMessage) => object;
  /** Discord saying the channel is gone or closed, as the core's `ChannelUnavailableError`. */
  unavailable: (channel: ChannelRef, error: unknown) => Error | undefined;
  /** A ledger key as a Discord nonce. */
  nonceFor: (key: string) => string;
}

/**
 * `replyInThread` for Discord: the reply is a message that references the parent (Discord's reply,
 * type 19, shown with the quoted message above it), with `failIfNotExists: false` so a deleted parent
 * still gets the follow-up. The ledger key goes as an enforced nonce, as in `post`, so a retried send
 * returns the first message instead of a duplicate.
 */
export function discordThreadReply(deps: DiscordThreadReplyDeps): NonNullable<ChatAdapter["replyInThread"]> {
  return async (channel, parentMessageId, reply, options = {}) => {
    try {
      const target = await deps.sendable(channel);
      const key = options.idempotencyKey;
      let first: string | undefined;
      for (const [index, message] of renderDiscord(reply).entries()) {
        const sent = await target.send({
          ...deps.toOptions(message),
          ...(index === 0 ? { reply: { messageReference: parentMessageId, failIfNotExists: false } } : {}),
          ...(key ? { nonce: deps.nonceFor(`${key}:${index}`), enforceNonce: true } : {}),
        });
        first ??= sent.id;
      }
      if (!first) throw new Error("[paperboy] [discord] rendering produced no message");
      return { messageId: first };
    } catch (error) {
      throw deps.unavailable(channel, error) ?? error;
    }
  };
}
