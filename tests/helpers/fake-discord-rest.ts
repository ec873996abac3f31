/**
 * The fake Discord's REST router and its guild/channel/message/reaction state, with Discord's limits and
 * error codes. Interactions and commands live in `fake-discord-interactions.ts`.
 */
import {
  BOT_PERMISSIONS,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_OWNER_ID,
  Permission,
  snowflake,
  type UserJson,
  userJson,
} from "./discord-payloads.ts";
import {
  type AddRoute,
  applyEdit,
  DiscordErrors,
  discordError,
  type FakeMessage,
  type FakeResponse,
  invalidForm,
  isEmpty,
  json,
  list,
  messageProblems,
  newMessage,
  noContent,
  type ReactionJson,
  type RouteContext,
  record,
  text,
} from "./fake-discord-api.ts";
import type { GuildCreateJson } from "./fake-discord-gateway.ts";

/** A channel the fake knows; `type` 0 = text (default), 1 = DM, 4 = category, 5 = announcement. */
export interface FakeChannelSpec {
  id: string;
  name?: string;
  type?: number;
}

/** A guild the bot is in. */
export interface FakeGuildSpec {
  id: string;
  name?: string;
  ownerId?: string;
  channels: FakeChannelSpec[];
  /** The bot's role permissions in this guild. Default {@link BOT_PERMISSIONS}. */
  botPermissions?: bigint | string;
}

/** The default guild: {@link DEFAULT_GUILD_ID} with one text channel {@link DEFAULT_CHANNEL_ID}. */
export const DEFAULT_GUILDS: FakeGuildSpec[] = [
  { id: DEFAULT_GUILD_ID, name: "Paper Club", channels: [{ id: DEFAULT_CHANNEL_ID, name: "general" }] },
];

/** A registered route. */
export interface Route {
  method: string;
  segments: string[];
  /** Whether the route needs `Authorization: Bot <token>` (interaction and webhook-token routes do not). */
  auth: boolean;
  handle: (context: RouteContext) => FakeResponse;
}

interface ChannelState {
  id: string;
  type: number;
  name?: string;
  guildId?: string;
  recipient?: UserJson;
  /** A thread's channel (type 11). */
  parentId?: string;
  /** A thread's auto-archive duration in minutes. */
  autoArchive?: number;
}

/** Channel type of a public thread. */
const PUBLIC_THREAD = 11;

/** Channel types messages can be sent to. */
const TEXT_CHANNEL_TYPES = new Set([0, 1, 2, 5, 10, 11, 12]);
const JOINED_AT = "2025-01-01T00:00:00.000000+00:00";

const segmentsOf = (path: string): string[] => path.split("/").filter((segment) => segment !== "");

/** The fake's REST router plus guilds, channels, messages, reactions and DMs. */
export class FakeRest {
  readonly #token: string;
  readonly #applicationId: string;
  readonly #botUser: UserJson;
  readonly #guilds: FakeGuildSpec[];
  readonly #gatewayUrl: () => string;
  readonly #routes: Route[] = [];
  readonly #channels = new Map<string, ChannelState>();
  readonly #messages = new Map<string, FakeMessage[]>();
  readonly #nonces = new Map<string, FakeMessage>();
  readonly #reactions = new Map<string, Map<string, { emoji: ReactionJson["emoji"]; users: Set<string> }>>();
  readonly #dms = new Map<string, string>();
  readonly #botRoles = new Map<string, string>();

  constructor(options: {
    token: string;
    applicationId: string;
    botUser: UserJson;
    guilds: FakeGuildSpec[];
    gatewayUrl: () => string;
  }) {
    this.#token = options.token;
    this.#applicationId = options.applicationId;
    this.#botUser = options.botUser;
    this.#guilds = options.guilds;
    this.#gatewayUrl = options.gatewayUrl;
    for (const guild of this.#guilds) {
      this.#botRoles.set(guild.id, snowflake());
      for (const { id, type, name } of guild.channels) {
        this.#channels.set(id, { id, type: type ?? 0, name, guildId: guild.id });
      }
    }
    this.#defineRoutes();
  }

  /** Adds a route (see {@link AddRoute}). */
  readonly route: AddRoute = (method, pattern, handle, auth = true) => {
    this.#routes.push({ method, segments: segmentsOf(pattern), auth, handle });
  };

  /** Whether an `Authorization` header carries the fake's bot token. */
  authorized(header: string | undefined): boolean {
    return header === `Bot ${this.#token}`;
  }

  /** The route for a method and decoded path, with its parameters. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const segments = segmentsOf(path);
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((pattern, index) => {
        if (pattern.startsWith(":")) params[pattern.slice(1)] = segments[index]!;
        return pattern.startsWith(":") || pattern === segments[index];
      });
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** A stable bucket hash per route, for the `x-ratelimit-bucket` header. */
  bucketOf(route: Route): string {
    return Buffer.from(`${route.method}${route.segments.join("/")}`)
      .toString("base64url")
      .slice(-16);
  }

  /** GUILD_CREATE payloads for every guild (the bot's own member included). */
  guildCreates(): GuildCreateJson[] {
    return this.#guilds.map((guild) => ({
      ...this.#guildJson(guild),
      joined_at: JOINED_AT,
      large: false,
      unavailable: false,
      member_count: 2,
      members: [
        {
          user: this.#botUser,
          roles: [this.#botRoles.get(guild.id)!],
          joined_at: JOINED_AT,
          nick: null,
          avatar: null,
          premium_since: null,
          communication_disabled_until: null,
          deaf: false,
          mute: false,
          pending: false,
          flags: 0,
        },
      ],
      channels: guild.channels.map((channel) => this.#channelJson(this.#channels.get(channel.id)!)),
      // Discord lists the guild's active threads here, so a new session knows them again.
      threads: this.threads(guild.id).map((thread) => this.#channelJson(thread)),
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    }));
  }

  /** Mirrors a dispatched reaction event onto the stored message (so REST reaction lists agree). */
  applyReactionEvent(event: string, data: Record<string, unknown>): void {
    const emoji = record(data.emoji);
    const key = typeof emoji.id === "string" ? `${text(emoji.name)}:${emoji.id}` : text(emoji.name);
    this.#react(text(data.message_id), key, text(data.user_id), event === "MESSAGE_REACTION_ADD");
  }

  /**
   * Adds (or removes) a user's reaction on a stored message without telling any gateway session: what
   * happens on Discord while the bot is stopped. `emoji` is a Unicode emoji or `name:id`.
   */
  setReaction(messageId: string, emoji: string, userId: string, added = true): void {
    this.#react(messageId, emoji, userId, added);
  }

  /** Messages created in a channel, in order, in their current state. */
  messages(channelId: string): FakeMessage[] {
    return structuredClone(this.#messages.get(channelId) ?? []);
  }

  /** The threads started in a guild, in order. */
  threads(guildId: string): ChannelState[] {
    return [...this.#channels.values()].filter(
      (channel) => channel.type === PUBLIC_THREAD && channel.guildId === guildId,
    );
  }

  /** A channel message by id. */
  message(messageId: string): FakeMessage | undefined {
    const found = this.#find(messageId);
    return found ? structuredClone(found) : undefined;
  }

  #find(messageId: string): FakeMessage | undefined {
    for (const messages of this.#messages.values()) {
      const found = messages.find((message) => message.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  #guildJson(guild: FakeGuildSpec) {
    const role = (id: string, name: string, permissions: string, extra: Record<string, unknown> = {}) => ({
      id,
      name,
      permissions,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position: 0,
      managed: false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
      ...extra,
    });
    const botPermissions = String(guild.botPermissions ?? BOT_PERMISSIONS);
    return {
      id: guild.id,
      name: guild.name ?? "Fake Guild",
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId ?? DEFAULT_OWNER_ID,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [
        role(guild.id, "@everyone", "0"),
        role(this.#botRoles.get(guild.id)!, this.#botUser.username, botPermissions, {
          managed: true,
          position: 1,
          tags: { bot_id: this.#botUser.id },
        }),
      ],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: "en-US",
      nsfw_level: 0,
      max_members: 500000,
      max_video_channel_users: 25,
    };
  }

  #channelJson(channel: ChannelState) {
    const last_message_id = this.#messages.get(channel.id)?.at(-1)?.id ?? null;
    if (channel.type === 1) {
      return { id: channel.id, type: 1, flags: 0, last_message_id, recipients: [channel.recipient] };
    }
    if (channel.type === PUBLIC_THREAD) {
      const count = this.#messages.get(channel.id)?.length ?? 0;
      return {
        id: channel.id,
        type: PUBLIC_THREAD,
        guild_id: channel.guildId,
        parent_id: channel.parentId,
        owner_id: this.#botUser.id,
        name: channel.name,
        last_message_id,
        rate_limit_per_user: 0,
        flags: 0,
        message_count: count,
        member_count: 1,
        total_message_sent: count,
        thread_metadata: {
          archived: false,
          auto_archive_duration: channel.autoArchive ?? 4320,
          archive_timestamp: new Date(0).toISOString(),
          locked: false,
        },
      };
    }
    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name ?? `channel-${channel.id.slice(-4)}`,
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id,
      rate_limit_per_user: 0,
      flags: 0,
    };
  }

  #react(messageId: string, emojiKey: string, userId: string, add: boolean): void {
    const message = this.#find(messageId);
    if (!message) return;
    const byEmoji = this.#reactions.get(messageId) ?? new Map();
    this.#reactions.set(messageId, byEmoji);
    const [name, id] = emojiKey.includes(":") ? emojiKey.split(":") : [emojiKey, undefined];
    const entry = byEmoji.get(emojiKey) ?? {
      emoji: { id: id ?? null, name: name ?? null },
      users: new Set(),
    };
    byEmoji.set(emojiKey, entry);
    if (add) entry.users.add(userId);
    else entry.users.delete(userId);
    const reactions: ReactionJson[] = [...byEmoji.values()]
      .filter((reaction) => reaction.users.size > 0)
      .map((reaction) => ({
        emoji: reaction.emoji,
        count: reaction.users.size,
        count_details: { burst: 0, normal: reaction.users.size },
        me: reaction.users.has(this.#botUser.id),
        me_burst: false,
        burst_colors: [],
      }));
    if (reactions.length > 0) message.reactions = reactions;
    else delete message.reactions;
  }

  /** Whether the bot's role in a channel's guild has `permission`. */
  #botMay(channel: ChannelState, permission: bigint): boolean {
    const guild = this.#guilds.find((candidate) => candidate.id === channel.guildId);
    return !guild || (BigInt(guild.botPermissions ?? BOT_PERMISSIONS) & permission) !== 0n;
  }

  /**
   * POST /channels/:channel/messages/:message/threads: a public thread started from a message, whose id is
   * the message's; a second start from the same message is refused with 160004, as Discord does.
   */
  #startThread(channelId: string, messageId: string, raw: unknown): FakeResponse {
    const channel = this.#channels.get(channelId);
    if (!channel) return DiscordErrors.unknownChannel;
    const message = this.#messages.get(channelId)?.find((candidate) => candidate.id === messageId);
    if (!message) return DiscordErrors.unknownMessage;
    if (!this.#botMay(channel, Permission.CreatePublicThreads)) return DiscordErrors.missingPermissions;
    if (this.#channels.has(messageId)) {
      return discordError(400, 160004, "A thread has already been created for this message");
    }
    const body = record(raw);
    const thread: ChannelState = {
      id: messageId,
      type: PUBLIC_THREAD,
      name: text(body.name),
      guildId: channel.guildId,
      parentId: channelId,
      autoArchive: typeof body.auto_archive_duration === "number" ? body.auto_archive_duration : undefined,
    };
    this.#channels.set(thread.id, thread);
    // Discord marks the start message (HAS_THREAD) and links the thread from it.
    message.flags |= 1 << 5;
    return json(this.#channelJson(thread), 201);
  }

  /** POST /channels/:channel/messages, honouring `nonce` + `enforce_nonce`. */
  #create(channelId: string, raw: unknown): FakeResponse {
    const channel = this.#channels.get(channelId);
    if (!channel) return DiscordErrors.unknownChannel;
    if (!TEXT_CHANNEL_TYPES.has(channel.type)) {
      return discordError(400, 50008, "Cannot send messages in a non-text channel");
    }
    if (channel.type === PUBLIC_THREAD && !this.#botMay(channel, Permission.SendMessagesInThreads)) {
      return DiscordErrors.missingPermissions;
    }
    const body = record(raw);
    const problems = messageProblems(body);
    if (problems.length > 0) return invalidForm(problems);
    if (isEmpty(body) && list(body.sticker_ids).length === 0 && body.poll === undefined) {
      return DiscordErrors.emptyMessage;
    }
    const nonceKey =
      body.enforce_nonce === true && body.nonce !== undefined
        ? `${channelId}\u0000${String(body.nonce)}`
        : undefined;
    const duplicate = nonceKey ? this.#nonces.get(nonceKey) : undefined;
    if (duplicate && this.#find(duplicate.id)) return json(structuredClone(duplicate));
    const type = body.message_reference === undefined ? 0 : 19;
    const message = newMessage(this.#botUser, channelId, body, { type });
    this.#messages.set(channelId, [...(this.#messages.get(channelId) ?? []), message]);
    if (nonceKey) this.#nonces.set(nonceKey, message);
    return json(structuredClone(message));
  }

  #defineRoutes(): void {
    const route = this.route;
    const gatewayBot = {
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    };
    route("GET", "/gateway", () => json({ url: this.#gatewayUrl() }), false);
    route("GET", "/gateway/bot", () => json({ url: this.#gatewayUrl(), ...gatewayBot }));
    route("GET", "/users/@me", () =>
      json({ ...this.#botUser, verified: true, mfa_enabled: false, flags: 0 }),
    );
    route("GET", "/applications/@me", () =>
      json({
        id: this.#applicationId,
        name: this.#botUser.username,
        icon: null,
        description: "",
        summary: "",
        type: null,
        bot: this.#botUser,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: "0".repeat(64),
        flags: 0,
        owner: userJson({ id: DEFAULT_OWNER_ID, username: "owner" }),
        team: null,
        approximate_guild_count: this.#guilds.length,
        integration_types_config: { "0": {} },
      }),
    );

    const guildOf = (id: string | undefined) => this.#guilds.find((guild) => guild.id === id);
    route("GET", "/guilds/:guild", ({ params }) => {
      const guild = guildOf(params.guild);
      return guild ? json(this.#guildJson(guild)) : DiscordErrors.missingAccess;
    });
    route("GET", "/guilds/:guild/channels", ({ params }) => {
      const guild = guildOf(params.guild);
      if (!guild) return DiscordErrors.missingAccess;
      return json(guild.channels.map((channel) => this.#channelJson(this.#channels.get(channel.id)!)));
    });

    route("POST", "/users/@me/channels", ({ body }) => {
      const recipientId = text(record(body).recipient_id);
      if (!/^\d{15,21}$/.test(recipientId)) {
        return invalidForm([
          { path: ["recipient_id"], code: "NUMBER_TYPE_COERCE", message: "Value is not snowflake." },
        ]);
      }
      const id = this.#dms.get(recipientId) ?? snowflake();
      if (!this.#dms.has(recipientId)) {
        this.#dms.set(recipientId, id);
        this.#channels.set(id, { id, type: 1, recipient: userJson({ id: recipientId }) });
      }
      return json(this.#channelJson(this.#channels.get(id)!));
    });

    route("GET", "/channels/:channel", ({ params }) => {
      const channel = this.#channels.get(params.channel!);
      return channel ? json(this.#channelJson(channel)) : DiscordErrors.unknownChannel;
    });
    route("GET", "/channels/:channel/messages", ({ params, query }) => {
      if (!this.#channels.has(params.channel!)) return DiscordErrors.unknownChannel;
      const limit = Math.min(100, Math.max(1, Number(query.limit ?? 50)));
      const all = (this.#messages.get(params.channel!) ?? []).filter(
        (message) =>
          (!query.before || BigInt(message.id) < BigInt(query.before)) &&
          (!query.after || BigInt(message.id) > BigInt(query.after)),
      );
      return json(structuredClone(all.slice(-limit).reverse()));
    });
    route("POST", "/channels/:channel/messages", ({ params, body }) => this.#create(params.channel!, body));
    route("POST", "/channels/:channel/messages/:message/threads", ({ params, body }) =>
      this.#startThread(params.channel!, params.message!, body),
    );

    /** The stored message a `/channels/:channel/messages/:message…` route names, or the error. */
    const stored = (handle: (message: FakeMessage, context: RouteContext) => FakeResponse) => {
      return (context: RouteContext): FakeResponse => {
        const { channel, message: id } = context.params;
        if (!this.#channels.has(channel!)) return DiscordErrors.unknownChannel;
        const message = this.#messages.get(channel!)?.find((candidate) => candidate.id === id);
        return message ? handle(message, context) : DiscordErrors.unknownMessage;
      };
    };
    const single = "/channels/:channel/messages/:message";
    route(
      "GET",
      single,
      stored((message) => json(structuredClone(message))),
    );
    route(
      "PATCH",
      single,
      stored((message, { body }) => {
        if (message.author.id !== this.#botUser.id) {
          return discordError(403, 50005, "Cannot edit a message authored by another user");
        }
        return applyEdit(message, record(body)) ?? json(structuredClone(message));
      }),
    );
    route(
      "DELETE",
      single,
      stored((message) => {
        const remaining = (this.#messages.get(message.channel_id) ?? []).filter((other) => other !== message);
        this.#messages.set(message.channel_id, remaining);
        return noContent;
      }),
    );

    const react = (add: boolean) =>
      stored((message, { params }) => {
        if (add && params.user !== "@me") return discordError(405, 0, "405: Method Not Allowed");
        this.#react(message.id, params.emoji!, params.user === "@me" ? this.#botUser.id : params.user!, add);
        return noContent;
      });
    route("PUT", `${single}/reactions/:emoji/:user`, react(true));
    route("DELETE", `${single}/reactions/:emoji/:user`, react(false));
    route(
      "GET",
      `${single}/reactions/:emoji`,
      stored((message, { params, query }) => {
        // Discord pages reactors in id order: `after` a user id, `limit` 1–100 (default 25).
        const limit = Math.min(100, Math.max(1, Number(query.limit ?? 25)));
        const users = [...(this.#reactions.get(message.id)?.get(params.emoji!)?.users ?? [])]
          .filter((id) => !query.after || BigInt(id) > BigInt(query.after))
          .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
          .slice(0, limit);
        return json(users.map((id) => (id === this.#botUser.id ? this.#botUser : userJson({ id }))));
      }),
    );
  }
}
