/**
 * A local fake Discord the real discord.js client can log into: REST under `/api/v10` and a JSON gateway on
 * the same port. Routes and state: `fake-discord-rest.ts` (channels, messages, reactions),
 * `fake-discord-interactions.ts` (interaction responses, commands); the WebSocket: `fake-discord-gateway.ts`.
 *
 * const fake = await startFakeDiscord();
 * const client = new Client({ intents, rest: { api: fake.apiUrl } });
 * await client.login(fake.token);
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_BOT_USER_ID,
  type DispatchPayload,
  type PayloadUser,
  type UserJson,
  userJson,
} from "./discord-payloads.ts";
import { checkDiscordRequest } from "./discord-spec.ts";
import {
  DiscordErrors,
  type FakeMessage,
  type FakeResponse,
  type FormError,
  invalidForm,
} from "./fake-discord-api.ts";
import { FakeGateway, type GatewayConnection, type IdentifyRecord } from "./fake-discord-gateway.ts";
import {
  type FakeCommand,
  FakeCommands,
  FakeInteractions,
  type InteractionResponseRecord,
} from "./fake-discord-interactions.ts";
import {
  type DiscordRateLimitStats,
  type DiscordRateLimits,
  FakeRateLimiter,
} from "./fake-discord-limits.ts";
import { DEFAULT_GUILDS, type FakeGuildSpec, FakeRest } from "./fake-discord-rest.ts";

export type { FakeMessage, FakeResponse, ReactionJson } from "./fake-discord-api.ts";
export { DiscordErrors, discordError, rateLimited } from "./fake-discord-api.ts";
export type { GatewayConnection, IdentifyRecord } from "./fake-discord-gateway.ts";
export type { FakeCommand, InteractionResponseRecord } from "./fake-discord-interactions.ts";
export type { DiscordRateLimitStats, DiscordRateLimits, WindowLimit } from "./fake-discord-limits.ts";
export { DISCORD_RATE_LIMITS } from "./fake-discord-limits.ts";
export type { FakeChannelSpec, FakeGuildSpec } from "./fake-discord-rest.ts";

/** Options for {@link startFakeDiscord}; everything has a default. */
export interface FakeDiscordOptions {
  /** The bot token clients must log in with. Default "fake-token". */
  token?: string;
  /** Default {@link DEFAULT_APPLICATION_ID}. */
  applicationId?: string;
  /** Default `{ id: DEFAULT_BOT_USER_ID, username: "paperboy" }` (always a bot). */
  botUser?: PayloadUser;
  /** The guilds the bot is in. Default one guild with one text channel (see `DEFAULT_GUILDS`). */
  guilds?: FakeGuildSpec[];
  /** HELLO's heartbeat interval in ms. Default 41250 (the client's first beat is jittered within it). */
  heartbeatInterval?: number;
  /**
   * Enforce Discord's rate limits (e.g. `DISCORD_RATE_LIMITS`): a per-channel bucket on message creation
   * and a global limit per bot, answered with 429s and `x-ratelimit-*` headers. Default off: every request
   * is accepted and reports a roomy bucket.
   */
  rateLimits?: DiscordRateLimits;
}

/** One REST request the fake received (including rejected ones). */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/channels/1/messages/2/reactions/👍/@me`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (`payload_json` for multipart), or undefined. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The status the fake answered, once answered. */
  status?: number;
  /** `performance.now()` when the fake received the request. */
  at: number;
  /** The JSON the fake answered, if any. */
  response?: unknown;
}

/** A public thread the bot started from a message: its id is the message's. */
export interface FakeThread {
  id: string;
  parentId?: string;
  name?: string;
  /** Minutes of inactivity before Discord archives it. */
  autoArchive?: number;
}

/** A request that Discord's OpenAPI spec refuses (see `discord-spec.ts`), with every problem found. */
export interface SpecViolation {
  method: string;
  path: string;
  /** Discord's operationId, when the method and path name one. */
  operationId?: string;
  problems: FormError[];
  body: unknown;
}

/** Which requests an injected failure applies to; a string path must match exactly. */
export type RequestMatcher =
  | { method?: string; path?: string | RegExp }
  | ((request: RecordedRequest) => boolean);

/** A hook that may answer a request instead of the fake's routes (return undefined to pass). */
export type RouteOverride = (request: RecordedRequest) => FakeResponse | undefined;

/** A running fake Discord. */
export interface FakeDiscord {
  /** For `new Client({ rest: { api } })`: `http://127.0.0.1:PORT/api` (discord.js appends `/v10`). */
  apiUrl: string;
  /** `ws://127.0.0.1:PORT`, as `GET /gateway/bot` reports it. */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: UserJson;
  /** Every REST request, in arrival order. */
  requests: RecordedRequest[];
  /**
   * Requests Discord's OpenAPI spec refuses, in arrival order. The fake answers them `400 50035 Invalid Form
   * Body` as Discord would, and `close()` fails while any is left here: a test that sends bad requests on
   * purpose empties this list (`splice(0)`) after checking it.
   */
  specViolations: SpecViolation[];
  /** What the enforced rate limits did (all zero when `rateLimits` is off). */
  rateLimitStats: DiscordRateLimitStats;
  clearRequests(): void;
  /** Messages created in a channel through REST, in order, in their current state (deleted ones gone). */
  messages(channelId: string): FakeMessage[];
  /** Any stored message by id, including interaction originals and follow-ups. */
  message(messageId: string): FakeMessage | undefined;
  /** The public threads started from messages in a guild (default: the first guild), in order. */
  threads(guildId?: string): FakeThread[];
  /** Interaction callbacks and webhook calls (edits of @original, follow-ups), in order. */
  interactionResponses(interactionId?: string): InteractionResponseRecord[];
  /** Registered commands: global, or a guild's. */
  commands(guildId?: string): FakeCommand[];
  /** The next `times` (default 1) requests matching `matcher` get `response` instead of the route's. */
  failNext(matcher: RequestMatcher, response: FakeResponse, times?: number): void;
  /**
   * The next `times` (default 1) requests matching `matcher` take effect, but their answer is lost: the
   * client gets `response` (a request that landed while its caller saw a failure).
   */
  loseAnswerNext(matcher: RequestMatcher, response: FakeResponse, times?: number): void;
  /** Installs (or, with null, removes) a hook that can answer any request. */
  setRouteOverride(override: RouteOverride | null): void;
  /**
   * From now on (null: no longer) requests matching `matcher` do their work (a message is created) and are
   * never answered: the sender waits until it gives up or is killed, as when a process dies mid-send.
   */
  holdResponses(matcher: RequestMatcher | null): void;
  /** A reaction added (or removed) on Discord with no gateway event: as if made while the bot was away. */
  setReaction(messageId: string, emoji: string, userId: string, added?: boolean): void;
  /** Sends a dispatch to every identified session its intents allow; the highest `s` used, if any. */
  dispatch(event: string, data: Record<string, unknown>): number | undefined;
  dispatch(payload: DispatchPayload): number | undefined;
  /** Closes every gateway connection with `code` (default 4000: clients RESUME). */
  disconnectAll(code?: number): Promise<void>;
  /** Sends op 7 RECONNECT to every connection. */
  requestReconnect(): void;
  /** Sends op 9 INVALID_SESSION (`resumable` default false: sessions are forgotten). */
  invalidateSessions(resumable?: boolean): void;
  /**
   * From now on closes every connection that IDENTIFYs or RESUMEs with `code` (4004 after a token reset,
   * 4014 for disallowed intents), as Discord does; `null` accepts sessions again.
   */
  refuseSessions(code: number | null): void;
  readonly identifyCount: number;
  readonly resumeCount: number;
  /** Every accepted IDENTIFY (intents, shard, properties). */
  identifies: IdentifyRecord[];
  /** Every gateway connection (URL with query, payloads received, close code). */
  gatewayConnections: GatewayConnection[];
  /** Resolves with `probe()`'s first truthy value, polling every 5 ms; rejects after `timeoutMs` (2000). */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Resolves with the first recorded request (past or future) matching method and path. */
  waitForRequest(method: string, path: string | RegExp, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v10";

/** Whether a request creates a channel message: the route the per-channel bucket limits. */
function isMessageCreate(method: string, segments: readonly string[]): boolean {
  return method === "POST" && segments.join("/") === "channels/:channel/messages";
}

function matches(matcher: RequestMatcher, request: RecordedRequest): boolean {
  if (typeof matcher === "function") return matcher(request);
  if (matcher.method && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.path === undefined) return true;
  return typeof matcher.path === "string" ? matcher.path === request.path : matcher.path.test(request.path);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === "") return undefined;
  try {
    if (contentType?.startsWith("multipart/form-data")) {
      const part = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
      return part?.[1] === undefined ? undefined : JSON.parse(part[1]);
    }
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function decodePath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? "fake-token";
  const applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
  const botUser = userJson({ id: DEFAULT_BOT_USER_ID, username: "paperboy", ...options.botUser, bot: true });
  const requests: RecordedRequest[] = [];
  const specViolations: SpecViolation[] = [];
  const injected: { matcher: RequestMatcher; response: FakeResponse; times: number }[] = [];
  const lost: typeof injected = [];
  let override: RouteOverride | null = null;
  let hold: RequestMatcher | null = null;
  let port = 0;
  const limiter = options.rateLimits ? new FakeRateLimiter(options.rateLimits) : undefined;

  const guilds = options.guilds ?? DEFAULT_GUILDS;
  const rest = new FakeRest({
    token,
    applicationId,
    botUser,
    guilds,
    gatewayUrl: () => `ws://127.0.0.1:${port}`,
  });
  const interactions = new FakeInteractions({ applicationId, botUser, route: rest.route });
  const commands = new FakeCommands({
    applicationId,
    guildIds: guilds.map((guild) => guild.id),
    route: rest.route,
  });

  const answer = (request: RecordedRequest, authorization: string | undefined): FakeResponse => {
    const verdict = checkDiscordRequest(request);
    if (verdict.problems.length > 0) {
      const { method, path, body } = request;
      specViolations.push({
        method,
        path,
        operationId: verdict.operationId,
        problems: verdict.problems,
        body,
      });
    }
    const failure = injected.find((entry) => matches(entry.matcher, request));
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) injected.splice(injected.indexOf(failure), 1);
      return failure.response;
    }
    const overridden = override?.(request);
    if (overridden) return overridden;
    const found = rest.match(request.method, request.path);
    if (!found) return DiscordErrors.notFound;
    if (found.route.auth && !rest.authorized(authorization)) return DiscordErrors.unauthorized;
    if (verdict.problems.length > 0) return invalidForm(verdict.problems);
    const admitted = limiter?.admit({
      authenticated: found.route.auth,
      channel: isMessageCreate(request.method, found.route.segments) ? found.params.channel : undefined,
      bucket: rest.bucketOf(found.route),
    });
    if (admitted && "refused" in admitted) return admitted.refused;
    const handled = found.route.handle({ params: found.params, query: request.query, body: request.body });
    const loss = lost.find((entry) => matches(entry.matcher, request));
    if (loss) {
      loss.times -= 1;
      if (loss.times <= 0) lost.splice(lost.indexOf(loss), 1);
    }
    const response = loss?.response ?? handled;
    const resetAfter = 1;
    return {
      ...response,
      headers: {
        "x-ratelimit-limit": "50",
        "x-ratelimit-remaining": "49",
        "x-ratelimit-reset": (Date.now() / 1000 + resetAfter).toFixed(3),
        "x-ratelimit-reset-after": resetAfter.toFixed(3),
        "x-ratelimit-bucket": rest.bucketOf(found.route),
        ...admitted?.headers,
        ...response.headers,
      },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodePath(
        url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname,
      ),
      query: Object.fromEntries(url.searchParams),
      body: parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]),
      headers: req.headers,
      at: performance.now(),
    };
    requests.push(request);
    const response = url.pathname.startsWith(`${API_PREFIX}/`)
      ? answer(request, req.headers.authorization)
      : DiscordErrors.notFound;
    request.status = response.status;
    request.response = response.body;
    if (hold && matches(hold, request)) return;
    const headers: Record<string, string> = { ...response.headers };
    if (response.body !== undefined) headers["content-type"] = "application/json";
    res.writeHead(response.status, headers);
    res.end(response.body === undefined ? undefined : JSON.stringify(response.body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `fake-discord: ${String(error)}`, code: 0 }));
    });
  });
  const gateway = new FakeGateway(server, {
    token,
    heartbeatInterval: options.heartbeatInterval ?? 41_250,
    applicationId,
    botUser,
    guilds: () => rest.guildCreates(),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  gateway.url = `ws://127.0.0.1:${port}`;

  const waitFor = <T>(probe: () => T | undefined | null | false, timeoutMs = 2000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        const value = probe();
        if (value !== undefined && value !== null && value !== false) return resolve(value);
        if (Date.now() > deadline)
          return reject(new Error(`fake-discord: waitFor timed out after ${timeoutMs}ms`));
        setTimeout(check, 5);
      };
      check();
    });

  function dispatch(
    eventOrPayload: string | DispatchPayload,
    data?: Record<string, unknown>,
  ): number | undefined {
    const event = typeof eventOrPayload === "string" ? eventOrPayload : eventOrPayload.event;
    const payload = typeof eventOrPayload === "string" ? (data ?? {}) : eventOrPayload.data;
    if (event === "INTERACTION_CREATE") interactions.register(payload);
    if (event === "MESSAGE_REACTION_ADD" || event === "MESSAGE_REACTION_REMOVE") {
      rest.applyReactionEvent(event, payload);
    }
    return gateway.dispatch(event, payload);
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gateway.url,
    token,
    applicationId,
    botUser,
    requests,
    specViolations,
    rateLimitStats: limiter?.stats ?? { route: 0, global: 0, ignoredRetryAfter: 0 },
    clearRequests: () => {
      requests.length = 0;
    },
    messages: (channelId) => rest.messages(channelId),
    message: (messageId) => rest.message(messageId) ?? interactions.message(messageId),
    threads: (guildId = guilds[0]?.id ?? "") =>
      rest
        .threads(guildId)
        .map(({ id, parentId, name, autoArchive }) => ({ id, parentId, name, autoArchive })),
    interactionResponses: (interactionId) =>
      structuredClone(
        interactions.responses.filter(
          (entry) => interactionId === undefined || entry.interactionId === interactionId,
        ),
      ),
    commands: (guildId) => commands.list(guildId),
    failNext: (matcher, response, times = 1) => {
      injected.push({ matcher, response, times });
    },
    loseAnswerNext: (matcher, response, times = 1) => {
      lost.push({ matcher, response, times });
    },
    setRouteOverride: (next) => {
      override = next;
    },
    holdResponses: (matcher) => {
      hold = matcher;
    },
    setReaction: (messageId, emoji, userId, added) => rest.setReaction(messageId, emoji, userId, added),
    dispatch,
    disconnectAll: (code) => gateway.disconnectAll(code),
    requestReconnect: () => gateway.requestReconnect(),
    invalidateSessions: (resumable) => gateway.invalidateSessions(resumable),
    refuseSessions: (code) => gateway.refuseSessions(code),
    get identifyCount() {
      return gateway.identifyCount;
    },
    get resumeCount() {
      return gateway.resumeCount;
    },
    identifies: gateway.identifies,
    gatewayConnections: gateway.connections,
    waitFor,
    waitForRequest: (method, path, timeoutMs) =>
      waitFor(() => requests.find((request) => matches({ method, path }, request)), timeoutMs),
    close: async () => {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (specViolations.length > 0) {
        const lines = specViolations.map(
          (violation) =>
            `${violation.method} ${violation.path} (${violation.operationId ?? "no operation"}): ` +
            violation.problems
              .slice(0, 8)
              .map((problem) => `${problem.path.join(".")} ${problem.message}`)
              .join("; "),
        );
        throw new Error(`fake-discord: requests Discord's OpenAPI spec refuses:\n${lines.join("\n")}`);
      }
    },
  };
}
