/**
 * Interaction responses (callbacks, @original edits, follow-ups) and application commands for the fake
 * Discord. Routes are registered on the REST router through an {@link AddRoute}.
 */
import { snowflake, type UserJson, userJson } from "./discord-payloads.ts";
import {
  type AddRoute,
  applyEdit,
  commandProblems,
  DiscordErrors,
  EPHEMERAL,
  type FakeMessage,
  type FakeResponse,
  invalidForm,
  isEmpty,
  json,
  LOADING,
  list,
  messageProblems,
  newMessage,
  noContent,
  record,
  text,
  tooLong,
} from "./fake-discord-api.ts";

/** One thing the bot did to an interaction: its callback, or a webhook call on its token. */
export interface InteractionResponseRecord {
  interactionId: string;
  token: string;
  kind: "callback" | "editOriginal" | "editFollowup" | "followup" | "deleteMessage";
  /** The callback type (4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type?: number;
  /** The JSON body the bot sent. */
  body: unknown;
  query: Record<string, string>;
  /** The affected message after the call, if any. */
  message?: FakeMessage;
}

/** A stored application command. */
export interface FakeCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  type: number;
  [field: string]: unknown;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string;
  user: UserJson;
  acknowledged: boolean;
  original?: FakeMessage;
  followups: FakeMessage[];
}

/** Interactions dispatched through the fake and everything the bot answered to them. */
export class FakeInteractions {
  /** Interaction responses, in order. */
  readonly responses: InteractionResponseRecord[] = [];
  readonly #applicationId: string;
  readonly #botUser: UserJson;
  readonly #interactions = new Map<string, InteractionState>();

  constructor(options: { applicationId: string; botUser: UserJson; route: AddRoute }) {
    this.#applicationId = options.applicationId;
    this.#botUser = options.botUser;
    this.#defineRoutes(options.route);
  }

  /** Registers a dispatched INTERACTION_CREATE so its callback and webhook calls are accepted. */
  register(data: Record<string, unknown>): void {
    const id = text(data.id);
    const token = text(data.token);
    if (!id || !token) return;
    const user = record(data.user ?? record(data.member).user);
    this.#interactions.set(id, {
      id,
      token,
      type: typeof data.type === "number" ? data.type : 2,
      channelId: text(data.channel_id) || text(record(data.channel).id),
      user: userJson({ id: text(user.id), username: text(user.username) || undefined }),
      acknowledged: false,
      followups: [],
    });
  }

  /** An interaction original or follow-up message by id. */
  message(messageId: string): FakeMessage | undefined {
    for (const state of this.#interactions.values()) {
      if (state.original?.id === messageId) return structuredClone(state.original);
      const followup = state.followups.find((message) => message.id === messageId);
      if (followup) return structuredClone(followup);
    }
    return undefined;
  }

  #record(state: InteractionState, entry: Omit<InteractionResponseRecord, "interactionId" | "token">): void {
    this.responses.push({
      interactionId: state.id,
      token: state.token,
      ...entry,
      ...(entry.message ? { message: structuredClone(entry.message) } : {}),
    });
  }

  #messageFor(state: InteractionState, body: Record<string, unknown>, type: number): FakeMessage {
    return newMessage(this.#botUser, state.channelId, body, {
      type,
      flags: (typeof body.flags === "number" ? body.flags : 0) & (EPHEMERAL | 4 | 4096),
      webhook_id: this.#applicationId,
      application_id: this.#applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user: state.user,
        authorizing_integration_owners: {},
      },
    });
  }

  /** POST /interactions/:id/:token/callback. */
  #callback(state: InteractionState, raw: unknown, query: Record<string, string>): FakeResponse {
    if (state.acknowledged) return DiscordErrors.alreadyAcknowledged;
    const body = record(raw);
    const type = typeof body.type === "number" ? body.type : 0;
    const data = record(body.data);
    if (type === 4) {
      const problems = messageProblems(data);
      if (problems.length > 0) return invalidForm(problems.map((p) => ({ ...p, path: ["data", ...p.path] })));
      if (isEmpty(data)) return DiscordErrors.emptyMessage;
      state.original = this.#messageFor(state, data, 20);
    } else if (type === 5) {
      state.original = this.#messageFor(state, { ...data, content: "" }, 20);
      state.original.flags |= LOADING;
    } else if (type === 8) {
      if (list(data.choices).length > 25) return invalidForm([tooLong(["data", "choices"], 25)]);
    } else if (![6, 7, 9].includes(type)) {
      return invalidForm([
        { path: ["type"], code: "BASE_TYPE_CHOICES", message: "Value must be one of {4, 5, 6, 7, 8, 9}." },
      ]);
    }
    state.acknowledged = true;
    this.#record(state, { kind: "callback", type, body: raw, query, message: state.original });
    if (query.with_response !== "true") return noContent;
    const original = state.original;
    const responseMessage = original
      ? {
          response_message_id: original.id,
          response_message_loading: (original.flags & LOADING) !== 0,
          response_message_ephemeral: (original.flags & EPHEMERAL) !== 0,
        }
      : {};
    return json({
      interaction: { id: state.id, type: state.type, ...responseMessage },
      resource: { type, ...(original ? { message: structuredClone(original) } : {}) },
    });
  }

  /** POST /webhooks/:app/:token (a follow-up; the first one after a deferral fills in the loading message). */
  #followup(state: InteractionState, raw: unknown, query: Record<string, string>): FakeResponse {
    const body = record(raw);
    const problems = messageProblems(body);
    if (problems.length > 0) return invalidForm(problems);
    if (isEmpty(body)) return DiscordErrors.emptyMessage;
    let message: FakeMessage;
    if (state.original && state.original.flags & LOADING) {
      const error = applyEdit(state.original, body);
      if (error) return error;
      message = state.original;
    } else {
      message = this.#messageFor(state, body, 0);
      state.followups.push(message);
    }
    this.#record(state, { kind: "followup", body: raw, query, message });
    return query.wait === "true" ? json(structuredClone(message)) : noContent;
  }

  #defineRoutes(route: AddRoute): void {
    route(
      "POST",
      "/interactions/:interaction/:token/callback",
      ({ params, query, body }) => {
        const state = this.#interactions.get(params.interaction!);
        if (!state || state.token !== params.token) return DiscordErrors.unknownInteraction;
        return this.#callback(state, body, query);
      },
      false,
    );

    /** The interaction behind a webhook URL; only acknowledged interactions have a webhook. */
    const webhook = (params: Record<string, string>): InteractionState | undefined => {
      if (params.app !== this.#applicationId) return undefined;
      const state = [...this.#interactions.values()].find((candidate) => candidate.token === params.token);
      return state?.acknowledged ? state : undefined;
    };
    const find = (state: InteractionState, id: string): FakeMessage | undefined =>
      id === "@original" ? state.original : state.followups.find((message) => message.id === id);

    route(
      "POST",
      "/webhooks/:app/:token",
      ({ params, query, body }) => {
        const state = webhook(params);
        return state ? this.#followup(state, body, query) : DiscordErrors.unknownWebhook;
      },
      false,
    );
    route(
      "GET",
      "/webhooks/:app/:token/messages/:message",
      ({ params }) => {
        const state = webhook(params);
        if (!state) return DiscordErrors.unknownWebhook;
        const message = find(state, params.message!);
        return message ? json(structuredClone(message)) : DiscordErrors.unknownMessage;
      },
      false,
    );
    route(
      "PATCH",
      "/webhooks/:app/:token/messages/:message",
      ({ params, query, body }) => {
        const state = webhook(params);
        if (!state) return DiscordErrors.unknownWebhook;
        const message = find(state, params.message!);
        if (!message) return DiscordErrors.unknownMessage;
        const error = applyEdit(message, record(body));
        if (error) return error;
        const kind = params.message === "@original" ? "editOriginal" : "editFollowup";
        this.#record(state, { kind, body, query, message });
        return json(structuredClone(message));
      },
      false,
    );
    route(
      "DELETE",
      "/webhooks/:app/:token/messages/:message",
      ({ params, query }) => {
        const state = webhook(params);
        if (!state) return DiscordErrors.unknownWebhook;
        const message = find(state, params.message!);
        if (!message) return DiscordErrors.unknownMessage;
        if (params.message === "@original") state.original = undefined;
        else state.followups = state.followups.filter((candidate) => candidate !== message);
        this.#record(state, { kind: "deleteMessage", body: undefined, query, message });
        return noContent;
      },
      false,
    );
  }
}

/** Global and guild application commands (bulk overwrite, create, list). */
export class FakeCommands {
  readonly #applicationId: string;
  readonly #guildIds: Set<string>;
  readonly #commands = new Map<string, FakeCommand[]>();

  constructor(options: { applicationId: string; guildIds: string[]; route: AddRoute }) {
    this.#applicationId = options.applicationId;
    this.#guildIds = new Set(options.guildIds);
    this.#defineRoutes(options.route);
  }

  /** Stored commands: global ones, or a guild's. */
  list(guildId?: string): FakeCommand[] {
    return structuredClone(this.#commands.get(guildId ?? "global") ?? []);
  }

  /** The storage key for a route's scope, or the error for a foreign application or guild. */
  #scope(params: Record<string, string>): string | FakeResponse {
    if (params.app !== this.#applicationId) return DiscordErrors.missingAccess;
    if (params.guild === undefined) return "global";
    return this.#guildIds.has(params.guild) ? params.guild : DiscordErrors.missingAccess;
  }

  /** A command as Discord stores it; keeps the id of a previous command with the same name and type. */
  #stored(key: string, raw: unknown, previous: FakeCommand[]): FakeCommand {
    const command = record(raw);
    const type = typeof command.type === "number" ? command.type : 1;
    const name = text(command.name);
    const existing = previous.find((candidate) => candidate.name === name && candidate.type === type);
    return {
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      name_localizations: null,
      description_localizations: null,
      ...command,
      id: existing?.id ?? snowflake(),
      application_id: this.#applicationId,
      ...(key === "global" ? {} : { guild_id: key }),
      name,
      type,
      description: text(command.description),
      version: snowflake(),
    };
  }

  #defineRoutes(route: AddRoute): void {
    const problemsOf = (raw: unknown, path: (string | number)[]) =>
      commandProblems(raw, path, (record(raw).type ?? 1) === 1);
    for (const base of ["/applications/:app/commands", "/applications/:app/guilds/:guild/commands"]) {
      route("GET", base, ({ params }) => {
        const key = this.#scope(params);
        return typeof key === "string" ? json(this.list(key === "global" ? undefined : key)) : key;
      });
      route("PUT", base, ({ params, body }) => {
        const key = this.#scope(params);
        if (typeof key !== "string") return key;
        if (!Array.isArray(body)) {
          return invalidForm([{ path: [], code: "BASE_TYPE_ARRAY", message: "Must be an array." }]);
        }
        const problems = body.flatMap((command, index) => problemsOf(command, [index]));
        if (problems.length > 0) return invalidForm(problems);
        const previous = this.#commands.get(key) ?? [];
        const next = body.map((command) => this.#stored(key, command, previous));
        this.#commands.set(key, next);
        return json(structuredClone(next));
      });
      route("POST", base, ({ params, body }) => {
        const key = this.#scope(params);
        if (typeof key !== "string") return key;
        const problems = problemsOf(body, []);
        if (problems.length > 0) return invalidForm(problems);
        const previous = this.#commands.get(key) ?? [];
        const command = this.#stored(key, body, previous);
        const isNew = !previous.some((candidate) => candidate.id === command.id);
        this.#commands.set(key, [...previous.filter((candidate) => candidate.id !== command.id), command]);
        return json(structuredClone(command), isNew ? 201 : 200);
      });
    }
  }
}
