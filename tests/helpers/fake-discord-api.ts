/**
 * Discord API shapes, errors and limits shared by the fake Discord's REST modules
 * (`fake-discord-rest.ts`, `fake-discord-interactions.ts`).
 */
import { snowflake, type UserJson } from "./discord-payloads.ts";

/** An HTTP answer: status, JSON body (omit for none) and extra headers. */
export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A reaction on a stored message, as Discord renders it. */
export interface ReactionJson {
  emoji: { id: string | null; name: string | null };
  count: number;
  count_details: { burst: number; normal: number };
  me: boolean;
  me_burst: boolean;
  burst_colors: string[];
}

/** A message the fake stores, in its current state (Discord's message object). */
export interface FakeMessage {
  id: string;
  channel_id: string;
  type: number;
  content: string;
  author: UserJson;
  embeds: unknown[];
  components: unknown[];
  attachments: unknown[];
  mentions: unknown[];
  mention_roles: string[];
  mention_everyone: boolean;
  pinned: boolean;
  tts: boolean;
  timestamp: string;
  edited_timestamp: string | null;
  flags: number;
  nonce?: string | number;
  message_reference?: unknown;
  reactions?: ReactionJson[];
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Record<string, unknown>;
}

/** What a route handler sees. */
export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** Registers a route: `pattern` like `/channels/:channel/messages`; `auth` false for token-less routes. */
export type AddRoute = (
  method: string,
  pattern: string,
  handle: (context: RouteContext) => FakeResponse,
  auth?: boolean,
) => void;

/** Builds a Discord JSON error answer. */
export function discordError(
  status: number,
  code: number,
  message: string,
  errors?: Record<string, unknown>,
): FakeResponse {
  return { status, body: { message, code, ...(errors ? { errors } : {}) } };
}

/** Common Discord errors, ready for `fake.failNext`. */
export const DiscordErrors = {
  unauthorized: discordError(401, 0, "401: Unauthorized"),
  notFound: discordError(404, 0, "404: Not Found"),
  missingAccess: discordError(403, 50001, "Missing Access"),
  missingPermissions: discordError(403, 50013, "Missing Permissions"),
  unknownChannel: discordError(404, 10003, "Unknown Channel"),
  unknownMessage: discordError(404, 10008, "Unknown Message"),
  unknownWebhook: discordError(404, 10015, "Unknown Webhook"),
  unknownInteraction: discordError(404, 10062, "Unknown interaction"),
  alreadyAcknowledged: discordError(400, 40060, "Interaction has already been acknowledged."),
  emptyMessage: discordError(400, 50006, "Cannot send an empty message"),
  serverError: discordError(500, 0, "500: Internal Server Error"),
} as const;

/** A 429 answer as Discord sends it (`retry-after` is fractional seconds here, to keep tests fast). */
export function rateLimited(
  options: { retryAfter?: number; global?: boolean; scope?: string } = {},
): FakeResponse {
  const retryAfter = options.retryAfter ?? 0.05;
  return {
    status: 429,
    body: {
      message: "You are being rate limited.",
      retry_after: retryAfter,
      global: options.global ?? false,
    },
    headers: {
      "retry-after": String(retryAfter),
      "x-ratelimit-limit": "5",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": (Date.now() / 1000 + retryAfter).toFixed(3),
      "x-ratelimit-reset-after": retryAfter.toFixed(3),
      "x-ratelimit-bucket": "fakebucket429",
      "x-ratelimit-scope": options.scope ?? "user",
      ...(options.global ? { "x-ratelimit-global": "true" } : {}),
    },
  };
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
export const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const text = (value: unknown): string => (typeof value === "string" ? value : "");
export const json = (body: unknown, status = 200): FakeResponse => ({ status, body });
export const noContent: FakeResponse = { status: 204 };
/** Message flag: the deferred "is thinking…" message. */
export const LOADING = 128;
/** Message flag: only the invoking user sees it. */
export const EPHEMERAL = 64;

/** One validation problem, at a path into the request body. */
export type FormError = { path: (string | number)[]; code: string; message: string };

/** A 50035 Invalid Form Body answer with Discord's nested `errors` shape. */
export function invalidForm(problems: FormError[]): FakeResponse {
  const errors: Record<string, unknown> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) {
      node[key] = record(node[key]);
      node = node[key] as Record<string, unknown>;
    }
    node._errors = [...list(node._errors), { code: problem.code, message: problem.message }];
  }
  return discordError(400, 50035, "Invalid Form Body", errors);
}

export const tooLong = (path: (string | number)[], max: number): FormError => ({
  path,
  code: "BASE_TYPE_MAX_LENGTH",
  message: `Must be ${max} or fewer in length.`,
});

/**
 * Discord's message limits: content 2000, nonce 25, 10 embeds (title 256, description 4096, 25 fields of
 * 256/1024, footer 2048, author 256) totalling at most 6000. Lengths are UTF-16 code units.
 */
export function messageProblems(body: Record<string, unknown>): FormError[] {
  const problems: FormError[] = [];
  if (text(body.content).length > 2000) problems.push(tooLong(["content"], 2000));
  if (typeof body.nonce === "string" && body.nonce.length > 25) problems.push(tooLong(["nonce"], 25));
  const embeds = list(body.embeds);
  if (embeds.length > 10) problems.push(tooLong(["embeds"], 10));
  let total = 0;
  embeds.forEach((raw, index) => {
    const embed = record(raw);
    const check = (path: (string | number)[], value: unknown, max: number) => {
      const length = text(value).length;
      total += length;
      if (length > max) problems.push(tooLong(["embeds", index, ...path], max));
    };
    check(["title"], embed.title, 256);
    check(["description"], embed.description, 4096);
    check(["footer", "text"], record(embed.footer).text, 2048);
    check(["author", "name"], record(embed.author).name, 256);
    const fields = list(embed.fields);
    if (fields.length > 25) problems.push(tooLong(["embeds", index, "fields"], 25));
    fields.forEach((field, f) => {
      check(["fields", f, "name"], record(field).name, 256);
      check(["fields", f, "value"], record(field).value, 1024);
    });
  });
  if (total > 6000) {
    problems.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: "Embed size exceeds maximum size of 6000",
    });
  }
  return problems;
}

/** Whether a message (body) has nothing to show: no content, embeds, components or attachments. */
export const isEmpty = (message: {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  attachments?: unknown;
}): boolean =>
  text(message.content) === "" &&
  list(message.embeds).length === 0 &&
  list(message.components).length === 0 &&
  list(message.attachments).length === 0;

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's command limits: lower-case names of 1–32, descriptions of 1–100, at most 25 options/choices. */
export function commandProblems(raw: unknown, path: (string | number)[], chatInput: boolean): FormError[] {
  const command = record(raw);
  const problems: FormError[] = [];
  const name = text(command.name);
  if (!COMMAND_NAME.test(name) || (chatInput && name !== name.toLowerCase())) {
    problems.push({
      path: [...path, "name"],
      code: "APPLICATION_COMMAND_INVALID_NAME",
      message: "Command name is invalid",
    });
  }
  const description = text(command.description);
  if (chatInput && (description.length < 1 || description.length > 100)) {
    problems.push({
      path: [...path, "description"],
      code: "BASE_TYPE_BAD_LENGTH",
      message: "Must be between 1 and 100 in length.",
    });
  }
  const options = list(command.options);
  if (options.length > 25) problems.push(tooLong([...path, "options"], 25));
  let seenOptional = false;
  options.forEach((option, index) => {
    const required = record(option).required === true;
    if (required && seenOptional) {
      problems.push({
        path: [...path, "options", index, "required"],
        code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        message: "Required options must be placed before non-required options",
      });
    }
    seenOptional ||= !required;
    if (list(record(option).choices).length > 25) {
      problems.push(tooLong([...path, "options", index, "choices"], 25));
    }
    problems.push(...commandProblems(option, [...path, "options", index], true));
  });
  return problems;
}

const embedsOf = (value: unknown): unknown[] =>
  list(value).map((embed) => ({ type: "rich", ...record(embed) }));

/** A new message object by `author` from a create body (content, embeds, components, flags, nonce…). */
export function newMessage(
  author: UserJson,
  channelId: string,
  body: Record<string, unknown>,
  extra: Partial<FakeMessage> = {},
): FakeMessage {
  return {
    id: snowflake(),
    channel_id: channelId,
    type: 0,
    content: text(body.content),
    author,
    embeds: embedsOf(body.embeds),
    components: list(body.components),
    attachments: list(body.attachments),
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: body.tts === true,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: typeof body.flags === "number" ? body.flags : 0,
    ...(typeof body.nonce === "string" || typeof body.nonce === "number" ? { nonce: body.nonce } : {}),
    ...(body.message_reference === undefined ? {} : { message_reference: body.message_reference }),
    ...extra,
  };
}

/**
 * Applies an edit body in place (filling in a deferred LOADING message clears the flag without marking it
 * edited). Answers the error, or undefined once applied.
 */
export function applyEdit(message: FakeMessage, body: Record<string, unknown>): FakeResponse | undefined {
  const problems = messageProblems(body);
  if (problems.length > 0) return invalidForm(problems);
  const next: FakeMessage = { ...message };
  if ("content" in body) next.content = text(body.content);
  if ("embeds" in body) next.embeds = embedsOf(body.embeds);
  if ("components" in body) next.components = list(body.components);
  if ("attachments" in body) next.attachments = list(body.attachments);
  if (isEmpty(next)) return DiscordErrors.emptyMessage;
  const wasLoading = (message.flags & LOADING) !== 0;
  Object.assign(message, next, {
    flags: message.flags & ~LOADING,
    edited_timestamp: wasLoading ? null : new Date().toISOString(),
  });
  return undefined;
}
