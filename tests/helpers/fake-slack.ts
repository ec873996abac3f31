import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { slackBlockLimitProblems, slackViewLimitProblems } from "./slack-block-limits.ts";

/** The bot identity the fake workspace reports from `auth.test`. */
export const FAKE_BOT = { userId: "UBOT", botId: "BBOT", teamId: "T1" } as const;

/**
 * The tokens the fake's `oauth.v2.access` hands out for an authorization `code`, shaped as Slack's
 * (token rotation on): bot token, its refresh token, and the installing user's token and refresh token.
 */
export function installTokens(code: string) {
  return {
    bot: `xoxe.xoxb-1-installed-${code}`,
    botRefresh: `xoxe-1-bot-refresh-${code}`,
    user: `xoxe.xoxp-1-installer-${code}`,
    userRefresh: `xoxe-1-user-refresh-${code}`,
  };
}

/** One Web API call the fake received: the method, its decoded body and what the fake answered. */
export interface SlackCall {
  method: string;
  /** Form or JSON body; JSON-encoded form values (`blocks`, `view`) are decoded. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** The JSON the fake answered, or would have before a reset (absent for injected HTTP errors and 429s). */
  response?: Record<string, unknown>;
  /** `performance.now()` when the fake received the call. */
  at: number;
  /** The HTTP status the fake answered, once answered. */
  status?: number;
}

/** One message sent to a `response_url` (what Bolt's `respond()` posts). */
export interface ResponseUrlCall {
  /** The id in the response URL, one per slash command. */
  id: string;
  body: Record<string, unknown>;
}

/** A message or view whose blocks break a limit Slack's SDK enforces (see `slack-block-limits.ts`). */
export interface BlockViolation {
  /** The Web API method, or `response_url`. */
  method: string;
  problems: string[];
  body: Record<string, unknown>;
}

/** Web API methods whose `blocks` (or `view`) the fake checks. */
const BLOCK_METHODS = new Set([
  "chat.postMessage",
  "chat.postEphemeral",
  "chat.update",
  "chat.scheduleMessage",
]);
const VIEW_METHODS = new Set(["views.publish", "views.open", "views.update", "views.push"]);

/** The block limits a call breaks, if it carries blocks or a view. */
function blockLimitProblems(method: string, body: Record<string, unknown>): string[] {
  if (VIEW_METHODS.has(method)) return slackViewLimitProblems(body.view);
  if (BLOCK_METHODS.has(method) || method === "response_url") return slackBlockLimitProblems(body.blocks);
  return [];
}

/** A workspace user as `users.info` reports them. */
export interface FakeUser {
  is_admin?: boolean;
  is_owner?: boolean;
}

/** A channel as `conversations.info` reports it: who created it. */
export interface FakeChannel {
  creator?: string;
}

/**
 * Slack's `chat.postMessage` limit as the fake enforces it when asked: a token bucket per channel that holds
 * `burst` messages and earns `perSecond` more each second. Slack documents "1 message per second per channel,
 * short bursts allowed" without saying how short; the fake makes both numbers explicit. A post that finds
 * the bucket empty gets HTTP 429 with `Retry-After` in whole seconds (at least 1, as Slack sends it) and
 * leaves no message. The workspace-wide limit is {@link SlackWorkspaceLimit}, enforced when asked.
 */
export interface SlackRateLimit {
  /** Messages a channel may take at once. */
  burst: number;
  /** Messages a channel earns per second. */
  perSecond: number;
}

/** Slack's per-channel posting limit as paperboy reads it: bursts of 3, then 1 message a second. */
export const SLACK_POST_LIMIT: SlackRateLimit = { burst: 3, perSecond: 1 };

/**
 * Slack's workspace-wide limit on `chat.postMessage`: a token bucket per workspace (the token's team)
 * holding `burst` messages and earning `perMinute` more each minute, on top of the per-channel bucket;
 * a post needs a token from both. Slack's chat.postMessage reference (Rate limiting): "It will generally
 * allow an app to post 1 message per second to a specific channel. There are limits governing your
 * app's relationship with the entire workspace above that, limiting posting to several hundred messages
 * per minute. Generous burst behavior is also granted." (https://docs.slack.dev/reference/methods/chat.postMessage,
 * also quoted in Slack's Java SDK, `MethodsRateLimitTier.SpecialTier_chat_postMessage`). Slack gives no
 * exact figure; the fake takes the low end of "several hundred".
 */
export interface SlackWorkspaceLimit {
  /** Messages a workspace may take at once. */
  burst: number;
  /** Messages a workspace earns per minute. */
  perMinute: number;
}

/** "Several hundred messages per minute", read conservatively: 300 a minute, bursts of 50. */
export const SLACK_WORKSPACE_POST_LIMIT: SlackWorkspaceLimit = { burst: 50, perMinute: 300 };

/**
 * The workspace a bot token posts to: the fake's OAuth installs hand out `…-installed-<code>` tokens for
 * team `T-<code>` ({@link installTokens}); any other token is the fake workspace's own ({@link FAKE_BOT}).
 */
export function workspaceOfToken(token: string | undefined): string {
  const match = /^xoxe\.xoxb-1-installed-(.+)$/.exec(token ?? "");
  return match ? `T-${match[1]}` : FAKE_BOT.teamId;
}

/** What the enforced rate limit did (all zero when it is off). */
export interface SlackRateLimitStats {
  /** 429s the limit answered. */
  limited: number;
  /** Of which the workspace-wide limit refused (the channel's bucket had a message). */
  workspaceLimited: number;
  /** Posts to a channel that arrived before the `Retry-After` the fake had given for it ran out. */
  ignoredRetryAfter: number;
}

/** Options for {@link startFakeSlack}; without any, the fake accepts everything at any rate. */
export interface FakeSlackOptions {
  /** Enforce a per-channel limit on `chat.postMessage`. Default off. */
  rateLimit?: SlackRateLimit;
  /** Enforce a per-workspace limit on `chat.postMessage` too (with `rateLimit`). Default off. */
  workspaceRateLimit?: SlackWorkspaceLimit;
}

type Injected =
  | { kind: "error"; error: string }
  | { kind: "status"; status: number; retryAfter?: number }
  | { kind: "reset" }
  | { kind: "pass" };

/** A local stand-in for Slack's Web API and response URLs, recording everything it is sent. */
export interface FakeSlack {
  /** Web API base URL for `clientOptions.slackApiUrl` / `SLACK_API_URL` (ends in `/api/`). */
  apiUrl: string;
  /** Every Web API call, in arrival order. */
  calls: SlackCall[];
  /** The calls to one method. */
  callsTo(method: string): SlackCall[];
  /** Every message sent to a response URL, in arrival order. */
  responses: ResponseUrlCall[];
  /**
   * Messages and views whose blocks break a limit Slack's SDK enforces, in arrival order. The fake answers
   * them `invalid_blocks` as Slack would, and `close()` fails while any is left here: a test that sends bad
   * blocks on purpose empties this list (`splice(0)`) after checking it.
   */
  blockViolations: BlockViolation[];
  /** A fresh response URL for one slash command. */
  responseUrl(id: string): string;
  /** Workspace users by id; unknown users get `user_not_found`. */
  users: Map<string, FakeUser>;
  /** Channels as `conversations.info` reports them (by channel id); an unknown one has no creator. */
  channels: Map<string, FakeChannel>;
  /** Delay before answering chat.postMessage (the message is already stored): makes a crash land mid-send. */
  postDelayMs: number;
  /**
   * chat.postMessage calls this matches are stored (the message is in the channel) and never answered: the
   * sender waits until it gives up or is killed, as when a process dies mid-send. Default: none.
   */
  holdPosts: ((body: Record<string, unknown>) => boolean) | undefined;
  /** The next `times` calls to `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times?: number): void;
  /** The next `times` calls to `method` answer with an HTTP status (429 with `Retry-After` seconds). */
  statusNext(method: string, status: number, options?: { retryAfter?: number; times?: number }): void;
  /**
   * The next `times` calls to `method` (after `after` calls answered as usual) do their work (a message
   * lands), then the connection is reset unanswered.
   */
  resetNext(method: string, times?: number, after?: number): void;
  /** What the enforced rate limit (option `rateLimit`) did. */
  rateLimitStats: SlackRateLimitStats;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const rateLimitStats: SlackRateLimitStats = { limited: 0, workspaceLimited: 0, ignoredRetryAfter: 0 };
  const limiter = options.rateLimit
    ? postLimiter(options.rateLimit, options.workspaceRateLimit, rateLimitStats)
    : undefined;
  const responses: ResponseUrlCall[] = [];
  const blockViolations: BlockViolation[] = [];
  /** Records a call's broken block limits; answers Slack's refusal for them, if any. */
  const checkBlocks = (method: string, body: Record<string, unknown>) => {
    const problems = blockLimitProblems(method, body);
    if (problems.length === 0) return undefined;
    blockViolations.push({ method, problems, body });
    return { ok: false, error: "invalid_blocks", errors: problems };
  };
  const users = new Map<string, FakeUser>();
  const channels = new Map<string, FakeChannel>();
  /** Messages posted per channel, oldest first, with their metadata (for conversations.history). */
  const histories = new Map<
    string,
    { ts: string; text: unknown; metadata?: unknown; thread_ts?: string }[]
  >();
  const injected = new Map<string, Injected[]>();
  let messageCounter = 0;

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.test/",
          team: "Fake",
          user: "paperboy",
          team_id: FAKE_BOT.teamId,
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        };
      case "chat.postMessage": {
        messageCounter += 1;
        const ts = `1781254800.${String(messageCounter).padStart(6, "0")}`;
        const channel = String(body.channel);
        const history = histories.get(channel) ?? [];
        const thread = body.thread_ts === undefined ? {} : { thread_ts: String(body.thread_ts) };
        history.push({ ts, text: body.text, metadata: body.metadata, ...thread });
        histories.set(channel, history);
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { text: body.text, ts, bot_id: FAKE_BOT.botId },
        };
      }
      case "chat.postEphemeral":
        messageCounter += 1;
        return { ok: true, message_ts: `1781254800.${String(messageCounter).padStart(6, "0")}` };
      case "users.info": {
        const id = String(body.user);
        const user = users.get(id);
        return user
          ? { ok: true, user: { id, name: id.toLowerCase(), ...user } }
          : { ok: false, error: "user_not_found" };
      }
      case "views.publish":
        return { ok: true, view: { id: "V1", ...(body.view as object) } };
      case "oauth.v2.access": {
        const tokens = installTokens(String(body.code));
        return {
          ok: true,
          app_id: "A1",
          authed_user: {
            id: "U_INSTALLER",
            scope: "search:read",
            token_type: "user",
            access_token: tokens.user,
            refresh_token: tokens.userRefresh,
            expires_in: 43_200,
          },
          scope: "commands,chat:write,reactions:read,users:read",
          token_type: "bot",
          access_token: tokens.bot,
          refresh_token: tokens.botRefresh,
          expires_in: 43_200,
          bot_user_id: FAKE_BOT.userId,
          team: { id: `T-${String(body.code)}`, name: "Installed" },
          enterprise: null,
          is_enterprise_install: false,
        };
      }
      case "conversations.history": {
        const history = [...(histories.get(String(body.channel)) ?? [])].reverse();
        const withMetadata = body.include_all_metadata === true || body.include_all_metadata === "true";
        const messages = history
          .slice(0, Number(body.limit ?? 100))
          .map((message) => (withMetadata ? message : { ts: message.ts, text: message.text }));
        return { ok: true, messages, has_more: history.length > messages.length };
      }
      case "conversations.replies": {
        const parent = String(body.ts);
        const thread = (histories.get(String(body.channel)) ?? []).filter(
          (message) => message.ts === parent || message.thread_ts === parent,
        );
        return { ok: true, messages: thread.slice(0, Number(body.limit ?? 100)), has_more: false };
      }
      case "reactions.add":
        return { ok: true };
      case "conversations.info":
        return {
          ok: true,
          channel: { id: body.channel, is_member: true, ...channels.get(String(body.channel)) },
        };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const serve = async (request: IncomingMessage, response: ServerResponse, raw: string) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const body = decodeBody(raw, request.headers["content-type"]);

    const respondMatch = /^\/respond\/([^/]+)$/.exec(path);
    if (respondMatch) {
      // A response URL refuses bad blocks with HTTP 400, as Slack's incoming webhooks do.
      const refusal = checkBlocks("response_url", body);
      if (!refusal) responses.push({ id: decodeURIComponent(respondMatch[1] ?? ""), body });
      sendJson(response, refusal ? 400 : 200, refusal ?? { ok: true });
      return;
    }
    const methodMatch = /^\/api\/([\w.]+)$/.exec(path);
    if (!methodMatch) {
      sendJson(response, 404, { ok: false, error: "not_found" });
      return;
    }
    const method = methodMatch[1] ?? "";
    const call: SlackCall = { method, body, headers: request.headers, at: performance.now() };
    calls.push(call);
    const queued = injected.get(method)?.shift();
    const next = queued?.kind === "pass" ? undefined : queued;
    const retryAfter =
      method === "chat.postMessage" && !next
        ? limiter?.(String(body.channel), workspaceOfToken(bearer(request.headers.authorization, body)))
        : undefined;
    if (retryAfter !== undefined) {
      call.status = 429;
      response.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) });
      response.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (next?.kind === "status") {
      call.status = next.status;
      const headers: Record<string, string> =
        next.retryAfter !== undefined ? { "retry-after": String(next.retryAfter) } : {};
      response.writeHead(next.status, { "content-type": "application/json", ...headers });
      response.end(
        JSON.stringify({ ok: false, error: next.status === 429 ? "ratelimited" : "internal_error" }),
      );
      return;
    }
    const refusal = checkBlocks(method, body);
    call.response =
      next?.kind === "error" ? { ok: false, error: next.error } : (refusal ?? answer(method, body));
    if (next?.kind === "reset") {
      response.socket?.destroy();
      return;
    }
    if (method === "chat.postMessage" && fake.holdPosts?.(body)) return;
    // Slow answers: the message exists before the caller hears back, as when a response is lost.
    if (method === "chat.postMessage" && fake.postDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, fake.postDelayMs));
    }
    call.status = 200;
    sendJson(response, 200, call.response);
  };
  const server = createServer((request, response) => {
    // Listeners rather than `for await`, whose async iterator showed in the fan-out benchmark's profile.
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("error", () => undefined);
    request.on("end", () => void serve(request, response, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const inject = (method: string, entry: Injected, times: number) => {
    const queue = injected.get(method) ?? [];
    for (let index = 0; index < times; index += 1) queue.push(entry);
    injected.set(method, queue);
  };

  const fake: FakeSlack = {
    postDelayMs: 0,
    holdPosts: undefined,
    apiUrl: `${base}/api/`,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    responses,
    blockViolations,
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    users,
    channels,
    failNext: (method, error, times = 1) => inject(method, { kind: "error", error }, times),
    statusNext: (method, status, options = {}) =>
      inject(method, { kind: "status", status, retryAfter: options.retryAfter }, options.times ?? 1),
    resetNext: (method, times = 1, after = 0) => {
      inject(method, { kind: "pass" }, after);
      inject(method, { kind: "reset" }, times);
    },
    rateLimitStats,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      if (blockViolations.length > 0) {
        const lines = blockViolations.map(({ method, problems }) => `${method}: ${problems.join("; ")}`);
        throw new Error(`fake-slack: blocks over the limits Slack's SDK enforces:\n${lines.join("\n")}`);
      }
    },
  };
  return fake;
}

/** Tolerance for timers that fire a hair early; a retry earlier than this counts as ignoring `Retry-After`. */
const RETRY_AFTER_TOLERANCE_MS = 2;

/** The token a call brings: the `Authorization: Bearer` header, else the `token` form field. */
function bearer(authorization: string | undefined, body: Record<string, unknown>): string | undefined {
  const match = /^Bearer (.+)$/.exec(authorization ?? "");
  return match?.[1] ?? (typeof body.token === "string" ? body.token : undefined);
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Refills a token bucket to `now`. */
function refill(bucket: Bucket, burst: number, perMs: number, now: number): void {
  bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perMs);
  bucket.at = now;
}

/**
 * The per-channel token bucket and, when given, the per-workspace one: answers undefined when a post may
 * go (and takes a token from each), else the whole seconds to wait for both to have one. A refused post
 * takes no token.
 */
function postLimiter(
  limit: SlackRateLimit,
  workspaceLimit: SlackWorkspaceLimit | undefined,
  stats: SlackRateLimitStats,
): (channel: string, workspace: string) => number | undefined {
  const channels = new Map<string, Bucket & { blockedUntil: number }>();
  const workspaces = new Map<string, Bucket>();
  const channelPerMs = limit.perSecond / 1000;
  const workspacePerMs = workspaceLimit ? workspaceLimit.perMinute / 60_000 : 0;
  return (channel, workspace) => {
    const now = performance.now();
    const bucket = channels.get(`${workspace}:${channel}`) ?? {
      tokens: limit.burst,
      at: now,
      blockedUntil: 0,
    };
    channels.set(`${workspace}:${channel}`, bucket);
    if (now < bucket.blockedUntil - RETRY_AFTER_TOLERANCE_MS) stats.ignoredRetryAfter += 1;
    refill(bucket, limit.burst, channelPerMs, now);
    let team: Bucket | undefined;
    if (workspaceLimit) {
      team = workspaces.get(workspace) ?? { tokens: workspaceLimit.burst, at: now };
      workspaces.set(workspace, team);
      refill(team, workspaceLimit.burst, workspacePerMs, now);
    }
    if (bucket.tokens >= 1 && (!team || team.tokens >= 1)) {
      bucket.tokens -= 1;
      if (team) team.tokens -= 1;
      return undefined;
    }
    const waitMs = Math.max(
      bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / channelPerMs,
      team && team.tokens < 1 ? (1 - team.tokens) / workspacePerMs : 0,
    );
    if (bucket.tokens >= 1) stats.workspaceLimited += 1;
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    bucket.blockedUntil = now + retryAfter * 1000;
    stats.limited += 1;
    return retryAfter;
  };
}

/** Form fields at least this long (as sent, encoded) are decoded once and the result shared: see {@link decodedFields}. */
const SHARED_FIELD_LENGTH = 256;
/** How many decoded fields are kept before the lot is dropped. */
const MAX_SHARED_FIELDS = 2_000;
/**
 * Long form fields (`blocks`, `metadata`) as decoded, by their encoded text: a fan-out sends the same
 * blocks to many channels, and decoding each copy again (percent-decoding, then JSON) was a third of the
 * fake's request handling in the fan-out benchmark's profile, and keeping every copy grew its heap per post.
 * The decoded values are shared between calls: read them, never change them.
 */
const decodedFields = new Map<string, [key: string, value: unknown][]>();

/** Decodes a Web API body: JSON, or a form whose nested values (`blocks`, `view`) are JSON strings. */
function decodeBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const decoded: Record<string, unknown> = {};
  // Field by field, exactly as `URLSearchParams` reads the whole form (it splits on `&` too).
  for (const field of raw.split("&")) {
    const shared = field.length >= SHARED_FIELD_LENGTH;
    let entries = shared ? decodedFields.get(field) : undefined;
    if (!entries) {
      entries = [...new URLSearchParams(field)].map(([key, value]): [string, unknown] => [
        key,
        /^[[{]/.test(value) ? tryJson(value) : value,
      ]);
      if (shared) {
        if (decodedFields.size >= MAX_SHARED_FIELDS) decodedFields.clear();
        decodedFields.set(field, entries);
      }
    }
    for (const [key, value] of entries) decoded[key] = value;
  }
  return decoded;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify(body));
}
