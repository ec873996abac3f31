import type { Invocation } from "../../src/chat/invocation.ts";
import type { ReactionEvent } from "../../src/chat/reactions.ts";
import type { Reply } from "../../src/chat/reply.ts";
import type { ShareClick } from "../../src/chat/share.ts";

/** The answer to a command typed outside a server. */
export const OUTSIDE_SERVER_REPLY: Reply = {
  kind: "message",
  tone: "info",
  text: "paperboy answers in server channels, not in DMs.",
  private: true,
};

/** One typed option as Discord delivers it (a subcommand carries its options nested). */
export interface DiscordOptionData {
  name: string;
  value?: string | number | boolean;
  options?: readonly DiscordOptionData[];
}

/** The fields of a `/papers` interaction that paperboy reads; a discord.js interaction fits this shape. */
export interface DiscordCommandPayload {
  guildId: string | null;
  channelId: string | null;
  user: { id: string };
  options: { data: readonly DiscordOptionData[] };
}

/** The fields of a reaction event that paperboy reads, flattened from discord.js's reaction and user. */
export interface DiscordReactionPayload {
  guildId: string | null;
  channelId: string;
  messageId: string;
  userId: string;
  emoji: { id: string | null; name: string | null };
  added: boolean;
}

/**
 * `/papers topic query:forgetting` → an Invocation. The subcommand's typed options become `options`
 * (their names are the command's option names) and, joined, `text`, which the length guard checks.
 * Undefined outside a server (a DM has no channel settings to act on). Admin rights are settled by the
 * runtime, and only for commands that need them.
 */
export function parseCommand(payload: DiscordCommandPayload, isAdmin = false): Invocation | undefined {
  if (!payload.guildId || !payload.channelId) return undefined;
  const subcommand = payload.options.data[0];
  const options: Record<string, string | undefined> = {};
  for (const option of subcommand?.options ?? []) {
    options[option.name] = option.value === undefined ? undefined : String(option.value);
  }
  return {
    platform: "discord",
    workspaceId: payload.guildId,
    channelId: payload.channelId,
    userId: payload.user.id,
    isAdmin,
    command: (subcommand?.name ?? "").toLowerCase(),
    text: Object.values(options)
      .filter((value) => value !== undefined)
      .join(" "),
    options,
  };
}

/**
 * A reaction's emoji as the core sees it: the Unicode emoji, or a custom server emoji in its `<:name:id>`
 * form, so one named `fire` is not taken for 🔥. Undefined for an emoji without a name.
 */
export function emojiText(emoji: { id: string | null; name: string | null }): string | undefined {
  if (!emoji.name) return undefined;
  return emoji.id ? `<:${emoji.name}:${emoji.id}>` : emoji.name;
}

/** A reaction → the core's ReactionEvent; undefined outside a server. */
export function parseReaction(payload: DiscordReactionPayload, at: Date): ReactionEvent | undefined {
  const emoji = emojiText(payload.emoji);
  if (!payload.guildId || !emoji) return undefined;
  return {
    channel: { platform: "discord", workspaceId: payload.guildId, channelId: payload.channelId },
    messageId: payload.messageId,
    userId: payload.userId,
    emoji,
    added: payload.added,
    at,
  };
}

/** The fields of a button click that paperboy reads; a discord.js `ButtonInteraction` fits this shape. */
export interface DiscordButtonPayload {
  guildId: string | null;
  channelId: string | null;
  user: { id: string };
  customId: string;
}

/**
 * A click on a button whose `custom_id` begins with `prefix` → a ShareClick carrying the rest as the token;
 * undefined for other buttons and outside a server. The token is only a key to an offer stored on our side.
 */
export function parseShareClick(payload: DiscordButtonPayload, prefix: string): ShareClick | undefined {
  if (!payload.guildId || !payload.channelId || !payload.customId.startsWith(prefix)) return undefined;
  return {
    channel: { platform: "discord", workspaceId: payload.guildId, channelId: payload.channelId },
    userId: payload.user.id,
    token: payload.customId.slice(prefix.length),
  };
}
