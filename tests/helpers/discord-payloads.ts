/**
 * Gateway payload builders and shared constants for the fake Discord (`fake-discord.ts`).
 * Payloads follow Discord's API v10 shapes closely enough for the real discord.js client.
 */

/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 0n;

/** A fresh snowflake for the current time, strictly greater than every one issued before in this process. */
export function snowflake(): string {
  const candidate = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = candidate > lastSnowflake ? candidate : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

/** The fake's default application id. */
export const DEFAULT_APPLICATION_ID = "100000000000000001";
/** The fake's default bot user id (deliberately different from the application id). */
export const DEFAULT_BOT_USER_ID = "200000000000000002";
/** The fake's default guild id. */
export const DEFAULT_GUILD_ID = "300000000000000003";
/** The fake's default text channel id (in the default guild). */
export const DEFAULT_CHANNEL_ID = "400000000000000004";
/** The default guild's owner (not the bot, not the default interaction user). */
export const DEFAULT_OWNER_ID = "500000000000000005";

/** Permission bits used by the builders (strings in payloads, as Discord sends them). */
export const Permission = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
  UseApplicationCommands: 1n << 31n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
} as const;

/** What an ordinary member may do in a channel: read, write, react, run commands; no Manage Channels. */
export const MEMBER_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.UseApplicationCommands;

/** What the fake bot may do in its guilds' channels unless a guild says otherwise. */
export const BOT_PERMISSIONS =
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.ReadMessageHistory |
  Permission.AddReactions |
  Permission.CreatePublicThreads |
  Permission.SendMessagesInThreads;

/** A Discord user as the builders take it. */
export interface PayloadUser {
  id: string;
  username?: string;
  bot?: boolean;
}

/** A user object as Discord sends it. */
export interface UserJson {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  public_flags: number;
  bot?: boolean;
}

/** The JSON shape of a payload user. */
export function userJson(user: PayloadUser): UserJson {
  const username = user.username ?? `user${user.id.slice(-4)}`;
  return {
    id: user.id,
    username,
    global_name: user.bot ? null : username,
    discriminator: "0",
    avatar: null,
    public_flags: 0,
    ...(user.bot ? { bot: true } : {}),
  };
}

/** A guild member object as Discord sends it in interactions and reaction events. */
export function memberJson(user: PayloadUser, extra: { permissions?: string; roles?: string[] } = {}) {
  return {
    user: userJson(user),
    roles: extra.roles ?? [],
    joined_at: "2025-01-01T00:00:00.000000+00:00",
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    communication_disabled_until: null,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0,
    ...(extra.permissions === undefined ? {} : { permissions: extra.permissions }),
  };
}

/** An option value; plain numbers become INTEGER (4) when whole, NUMBER (10) otherwise. */
export type OptionValue = string | number | boolean | { type: number; value: string | number | boolean };

/** Input for {@link slashCommand}. */
export interface SlashCommandInput {
  /** Guild the command is run in; `null` for a DM. Default {@link DEFAULT_GUILD_ID}. */
  guildId?: string | null;
  /** Default {@link DEFAULT_CHANNEL_ID}. */
  channelId?: string;
  user: PayloadUser;
  /** The member's permissions in the channel. Default {@link MEMBER_PERMISSIONS} (no Manage Channels). */
  permissions?: bigint | string;
  /** The bot's permissions in the channel. Default {@link BOT_PERMISSIONS}. */
  appPermissions?: bigint | string;
  /** Top-level command name. Default "papers". */
  commandName?: string;
  /** Omit for a command without subcommands (options then sit at the top level). */
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Makes it an autocomplete interaction (type 4) with this option focused (added as "" if absent). */
  focused?: string;
  applicationId?: string;
  locale?: string;
}

/** An INTERACTION_CREATE payload (`d`), as built by {@link slashCommand}. */
export interface InteractionPayload {
  id: string;
  token: string;
  type: number;
  application_id: string;
  channel_id: string;
  guild_id?: string;
  data: { id: string; name: string; type: number; options: CommandOptionJson[] };
  [field: string]: unknown;
}

/** One option in an interaction's `data.options`. */
export interface CommandOptionJson {
  type: number;
  name: string;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOptionJson[];
}

const optionJson = (name: string, value: OptionValue, focused: boolean): CommandOptionJson => {
  const typed =
    typeof value === "object"
      ? value
      : {
          type:
            typeof value === "string" ? 3 : typeof value === "boolean" ? 5 : Number.isInteger(value) ? 4 : 10,
          value,
        };
  return { type: typed.type, name, value: typed.value, ...(focused ? { focused: true } : {}) };
};

const permissionString = (value: bigint | string): string =>
  typeof value === "bigint" ? value.toString() : value;

/** The USER option type, whose value is a user id that Discord also resolves in `data.resolved`. */
export const USER_OPTION = 6;

/** `data.resolved` as Discord sends it when USER options name people. */
function resolvedUsers(options: CommandOptionJson[]) {
  const ids = options.filter((option) => option.type === USER_OPTION).map((option) => String(option.value));
  if (ids.length === 0) return {};
  return { resolved: { users: Object.fromEntries(ids.map((id) => [id, userJson({ id })])) } };
}

/** An INTERACTION_CREATE payload for `/papers <subcommand> [options]` (or its autocomplete). */
export function slashCommand(input: SlashCommandInput): InteractionPayload {
  const id = snowflake();
  const guildId = input.guildId === undefined ? DEFAULT_GUILD_ID : input.guildId;
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const entries = Object.entries(input.options ?? {});
  if (input.focused !== undefined && !entries.some(([name]) => name === input.focused)) {
    entries.push([input.focused, ""]);
  }
  const options = entries.map(([name, value]) => optionJson(name, value, name === input.focused));
  const appPermissions = permissionString(input.appPermissions ?? BOT_PERMISSIONS);
  const where =
    guildId === null
      ? {
          user: userJson(input.user),
          channel: { id: channelId, type: 1, flags: 0, recipients: [userJson(input.user)] },
          authorizing_integration_owners: { "1": input.user.id },
          context: 1,
        }
      : {
          guild_id: guildId,
          guild: { id: guildId, locale: "en-US", features: [] },
          guild_locale: "en-US",
          member: memberJson(input.user, {
            permissions: permissionString(input.permissions ?? MEMBER_PERMISSIONS),
          }),
          channel: {
            id: channelId,
            type: 0,
            guild_id: guildId,
            name: "general",
            flags: 0,
            nsfw: false,
            parent_id: null,
            position: 0,
            topic: null,
            rate_limit_per_user: 0,
            last_message_id: null,
            permissions: appPermissions,
          },
          authorizing_integration_owners: { "0": guildId },
          context: 0,
        };
  return {
    id,
    token: `fake-interaction-token-${id}`,
    type: input.focused === undefined ? 2 : 4,
    application_id: input.applicationId ?? DEFAULT_APPLICATION_ID,
    channel_id: channelId,
    ...where,
    data: {
      id: "600000000000000006",
      name: input.commandName ?? "papers",
      type: 1,
      options: input.subcommand === undefined ? options : [{ type: 1, name: input.subcommand, options }],
      ...(guildId === null ? {} : { guild_id: guildId }),
      ...resolvedUsers(options),
    },
    app_permissions: appPermissions,
    locale: input.locale ?? "en-US",
    entitlements: [],
    attachment_size_limit: 10_485_760,
    version: 1,
  };
}

/** Input for {@link reaction}. */
export interface ReactionInput {
  userId: string;
  username?: string;
  messageId: string;
  /** Default {@link DEFAULT_CHANNEL_ID}. */
  channelId?: string;
  /** Default {@link DEFAULT_GUILD_ID}; `null` for a DM reaction. */
  guildId?: string | null;
  /** A unicode emoji, or a custom emoji. */
  emoji: string | { id: string; name: string; animated?: boolean };
  added: boolean;
  /** Author of the reacted-to message (sent on add). Default {@link DEFAULT_BOT_USER_ID}. */
  messageAuthorId?: string;
}

/** A reaction gateway event, ready for `fake.dispatch(event)`. */
export interface DispatchPayload {
  event: string;
  data: Record<string, unknown>;
}

/** A MESSAGE_REACTION_ADD / MESSAGE_REACTION_REMOVE event. */
export function reaction(input: ReactionInput): DispatchPayload {
  const guildId = input.guildId === undefined ? DEFAULT_GUILD_ID : input.guildId;
  const emoji =
    typeof input.emoji === "string"
      ? { id: null, name: input.emoji }
      : { id: input.emoji.id, name: input.emoji.name, animated: input.emoji.animated ?? false };
  const data: Record<string, unknown> = {
    user_id: input.userId,
    channel_id: input.channelId ?? DEFAULT_CHANNEL_ID,
    message_id: input.messageId,
    emoji,
    burst: false,
    type: 0,
    ...(guildId === null ? {} : { guild_id: guildId }),
  };
  if (!input.added) return { event: "MESSAGE_REACTION_REMOVE", data };
  return {
    event: "MESSAGE_REACTION_ADD",
    data: {
      ...data,
      ...(guildId === null ? {} : { member: memberJson({ id: input.userId, username: input.username }) }),
      burst_colors: [],
      message_author_id: input.messageAuthorId ?? DEFAULT_BOT_USER_ID,
    },
  };
}

/** Input for {@link buttonClick}. */
export interface ButtonClickInput {
  user: PayloadUser;
  /** The button's `custom_id`. */
  customId: string;
  /** The message the button is on, as Discord sends it (an interaction's ephemeral answer, say). */
  message: Record<string, unknown>;
  guildId?: string;
  channelId?: string;
  permissions?: bigint | string;
}

/**
 * An INTERACTION_CREATE payload for a click on a button (a MESSAGE_COMPONENT interaction, type 3): the
 * same guild, channel and member fields as a slash command, `data` naming the button, and its message.
 */
export function buttonClick(input: ButtonClickInput): Record<string, unknown> & { id: string } {
  const base = slashCommand({
    user: input.user,
    guildId: input.guildId,
    channelId: input.channelId,
    permissions: input.permissions,
  });
  const { data: _command, ...rest } = base;
  return {
    ...rest,
    type: 3,
    data: { custom_id: input.customId, component_type: 2 },
    message: input.message,
  };
}
