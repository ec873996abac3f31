import type { RequestListener } from "node:http";
import { type App as BoltApp, webApi } from "@slack/bolt";
import { commands } from "../../commands/index.ts";
import type { App } from "../../src/app.ts";
import {
  ChannelUnavailableError,
  type ChatAdapter,
  type PostedMessage,
  type PostOptions,
} from "../../src/chat/adapter.ts";
import { AnswerQueue } from "../../src/chat/answer-queue.ts";
import { NUMBER_EMOJI, onFirstDelivery } from "../../src/chat/reactions.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { ConfigError, describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import { HealthProblem } from "../../src/server/health-problem.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createAdminCheck } from "./admin-rights.ts";
import { createSlackConnection, type SlackConnectionOptions, type SlackMode } from "./connection.ts";
import { appHomeEntries } from "./home.ts";
import { createInstallationStore } from "./installation-store.ts";
import { ChannelPacer, workspaceOf } from "./pacing.ts";
import {
  parseReaction,
  parseSlashCommand,
  type SlackCommandPayload,
  type SlackReactionPayload,
} from "./parse.ts";
import { renderAppHome, renderSlack, type SlackMessage } from "./render.ts";
import { LINK_ACTION_PREFIX } from "./render-paper.ts";
import { postToResponseUrl } from "./response-url.ts";
import {
  CHANNEL_UNAVAILABLE_ERRORS,
  MAX_RATE_LIMIT_RETRIES,
  rateLimitWaitMs,
  slackErrorCode,
} from "./web-api.ts";

export { BOT_SCOPES, EVENTS_PATH, type SlackMode, slackMode } from "./connection.ts";

/** How long a `/healthz` answer about Slack is reused, so probes never hit Slack's rate limits. */
const HEALTH_CACHE_MS = 30_000;

/** Message metadata type marking paperboy's posts with their delivery-ledger key. */
const POST_EVENT_TYPE = "paperboy_post";
/** How many recent channel messages are searched for a cut-off attempt's post. */
const HISTORY_LOOKBACK = 100;

/** The slash command paperboy answers. */
export const SLASH_COMMAND = "/papers";

/** Options for the Slack adapter. */
export interface SlackAdapterOptions {
  /** The core: command handling, store, reactions. */
  app: App;
  /** Defaults to the core's logger. */
  logger?: Logger;
  /** Overrides the mode the configuration implies (Socket Mode when `SLACK_APP_TOKEN` is set, else HTTP). */
  mode?: SlackMode;
  /** Test knobs: see `SlackConnectionOptions`. */
  processBeforeResponse?: boolean;
  /** How long an answer waits for requests still being acknowledged. Default `ACK_PRIORITY_MS`. */
  ackPriorityMs?: number;
  botId?: string;
  botUserId?: string;
}

/** The Slack ChatAdapter plus what the process's HTTP server mounts. */
export interface SlackAdapter extends ChatAdapter {
  readonly platform: "slack";
  readonly mode: SlackMode;
  /** The underlying Bolt app (for diagnostics; paperboy's code goes through the adapter). */
  readonly bolt: BoltApp;
  /**
   * Serves `/slack/events` (and, with OAuth, `/slack/install` and `/slack/oauth_redirect`) as the
   * health server's fallback; any other path gets a 404. Absent in Socket Mode.
   */
  readonly requestListener?: RequestListener;
  /** Resolves once every slash-command answer still being computed has been sent. */
  idle(): Promise<void>;
}

/**
 * Slack through Bolt: `/papers …` is acknowledged at once and answered through `response_url`;
 * digests are posted with `chat.postMessage`; reactions become votes; App Home shows the user's
 * reading list and the team's week. Bad credentials throw a `ConfigError` naming the variable, at
 * construction (missing, malformed) or on `start()` (rejected by Slack).
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const core = options.app;
  const logger = (options.logger ?? core.logger).child({ platform: "slack" });
  const connectionOptions: SlackConnectionOptions = {
    config: core.config,
    logger,
    mode: options.mode,
    processBeforeResponse: options.processBeforeResponse,
    botId: options.botId,
    botUserId: options.botUserId,
    installationStore: createInstallationStore(core.store.backend, {
      encryptionKey: core.config.encryptionKey,
    }),
  };
  const connection = createSlackConnection(connectionOptions);
  const { mode, bolt, receiver } = connection;
  const pending = new Set<Promise<void>>();
  const answers = new AnswerQueue({ ackPriorityMs: options.ackPriorityMs });
  // Every request in flight (a slash command not yet acked among them) holds the next answer back.
  const requestListener: RequestListener | undefined = connection.requestListener
    ? (request, response) => {
        response.once("close", answers.acknowledging());
        connection.requestListener?.(request, response);
      }
    : undefined;
  const { poster } = connection;
  // Paced per channel (`team:channel`) and per workspace (the team before the colon).
  const pacer = new ChannelPacer({
    retryAfterMs: rateLimitWaitMs,
    maxRetries: MAX_RATE_LIMIT_RETRIES,
    workspaceOf,
  });
  const isAdmin = createAdminCheck({
    allowList: core.config.admins,
    logger,
    lookup: async (teamId, userId) =>
      (await bolt.client.users.info({ token: await tokenFor(teamId), user: userId })).user,
  });

  async function tokenFor(teamId: string): Promise<string | undefined> {
    if (mode !== "oauth") return undefined;
    const auth = await receiver?.installer?.authorize({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    return auth?.botToken;
  }

  /** Answers an acked command through its response URL, when the queue says so (acks go first). */
  async function answer(payload: SlackCommandPayload, responseUrl: string): Promise<void> {
    try {
      const reply = await answers.run(async () => {
        const invocation = parseSlashCommand(payload);
        if (commands.find((command) => command.name === invocation.command)?.admin) {
          invocation.isAdmin = await isAdmin(invocation.workspaceId, invocation.userId);
        }
        return core.handle(invocation, adapter);
      });
      for (const message of renderSlack(reply)) {
        const type = reply.private ? "ephemeral" : "in_channel";
        await postToResponseUrl(responseUrl, { response_type: type, ...message }, core.config.httpTimeoutMs);
      }
    } catch (error) {
      logger.error(
        { err: error, text: payload.text },
        `could not answer a slash command: ${describeError(error)}`,
      );
    }
  }

  bolt.command(SLASH_COMMAND, async ({ command, ack }) => {
    await ack();
    const work = answer(command, command.response_url);
    pending.add(work);
    void work.finally(() => pending.delete(work));
  });

  const onReaction = async ({ event, body, context }: ReactionArgs) => {
    const teamId = context.teamId ?? body.team_id;
    const reaction = parseReaction(event, teamId);
    if (!reaction) return;
    await onFirstDelivery(core.store, "slack", body.event_id, () =>
      core.reactions.handle(reaction, context.botUserId),
    );
  };
  bolt.event("reaction_added", onReaction);
  bolt.event("reaction_removed", onReaction);

  bolt.event("app_home_opened", async ({ event, body, context, client }) => {
    if (event.tab && event.tab !== "home") return;
    const teamId = context.teamId ?? body.team_id;
    // Published in the background: the event is answered at once, whatever views.publish takes.
    const publish = (async () => {
      const entries = await appHomeEntries(core.store, teamId, event.user, core.now());
      await client.views.publish({ user_id: event.user, view: renderAppHome(entries) });
    })().catch((error: unknown) =>
      logger.warn({ err: error, userId: event.user }, `could not publish App Home: ${describeError(error)}`),
    );
    pending.add(publish);
    void publish.finally(() => pending.delete(publish));
  });

  bolt.action(new RegExp(`^${LINK_ACTION_PREFIX}`), async ({ ack }) => {
    await ack();
  });

  const onRateLimited = (retryAfterSeconds: number, { url }: { url: string }) => {
    core.metrics.rateLimited("slack");
    logger.warn({ retryAfterSeconds, method: url }, "Slack rate limit");
  };
  bolt.client.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
  poster.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
  let lastHealth: { at: number; check: Promise<void> } | undefined;

  bolt.error(async (error) => {
    logger.error({ err: error }, `Slack listener failed: ${describeError(error)}`);
    // Passed on, so the receiver answers the event with a 500 and Slack delivers it again (a vote that
    // could not be stored is retried, not lost). Commands ack first and answer on their own, so no
    // command is ever answered twice this way.
    throw error;
  });

  /**
   * Posts rendered messages in order (a user id as `channel` means their DM), paced per channel and per
   * workspace; a 429 is waited out in that channel alone and the message sent again. Returns the first ts.
   */
  async function postMessages(
    teamId: string,
    channel: string,
    messages: SlackMessage[],
    key?: string,
  ): Promise<string> {
    const token = await tokenFor(teamId);
    let first: string | undefined;
    for (const [index, message] of messages.entries()) {
      const result = await pacer.send(`${teamId}:${channel}`, () =>
        poster.postMessage({
          token,
          channel,
          ...message,
          unfurl_links: false,
          unfurl_media: false,
          ...(key
            ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { key: `${key}:${index}` } } }
            : {}),
        }),
      );
      first ??= result.ts;
    }
    if (!first) throw new Error("[paperboy] [slack] chat.postMessage returned no message ts");
    return first;
  }

  /**
   * Slack's chat.postMessage has no idempotency key, so each post carries its ledger key as message
   * metadata; after a cut-off attempt the channel's recent history is searched for it before sending.
   */
  async function findPosted(channel: ChannelRef, key: string): Promise<string | undefined> {
    const history = await bolt.client.conversations.history({
      token: await tokenFor(channel.workspaceId),
      channel: channel.channelId,
      limit: HISTORY_LOOKBACK,
      include_all_metadata: true,
    });
    const found = history.messages?.find(
      (message) =>
        message.metadata?.event_type === POST_EVENT_TYPE &&
        (message.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
    );
    if (found?.ts)
      logger.info(
        { channel: channel.channelId, ts: found.ts },
        "found an earlier attempt's message; not sending it again",
      );
    return found?.ts;
  }

  const adapter: SlackAdapter = {
    platform: "slack",
    mode,
    bolt,
    requestListener,
    async start() {
      try {
        await bolt.init();
      } catch (error) {
        throw credentialError(error, "SLACK_BOT_TOKEN") ?? error;
      }
      if (mode === "socket") {
        try {
          await bolt.start();
        } catch (error) {
          throw credentialError(error, "SLACK_APP_TOKEN") ?? error;
        }
      }
      logger.info({ mode }, "Slack adapter ready");
    },
    async stop() {
      await adapter.idle();
      poster.close();
      if (mode === "socket") await bolt.stop();
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
      try {
        const key = options.idempotencyKey;
        const earlier = key && options.possiblySent ? await findPosted(channel, `${key}:0`) : undefined;
        if (earlier) return { messageId: earlier };
        // Whoever posts records which paper each message shows, so reactions on it count.
        const messages = renderSlack(reply, { votable: true });
        return { messageId: await postMessages(channel.workspaceId, channel.channelId, messages, key) };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && CHANNEL_UNAVAILABLE_ERRORS.has(code)) {
          throw new ChannelUnavailableError(channel, code, { cause: error });
        }
        throw error;
      }
    },
    /** Slack answers `auth.test` (asked at most every 30 s; with OAuth, the app is up once installed). */
    async health() {
      if (mode === "oauth") return;
      const now = Date.now();
      if (!lastHealth || now - lastHealth.at > HEALTH_CACHE_MS) {
        const check = bolt.client.auth.test().then(
          () => undefined,
          (cause: unknown) => {
            // Slack's error code (invalid_auth, token_revoked) is safe to show; a network error's host is not.
            const code = slackErrorCode(cause);
            throw new HealthProblem(
              code ? `Slack answered auth.test with ${code}` : "Slack does not answer",
              {
                cause,
              },
            );
          },
        );
        lastHealth = { at: now, check };
        // Only a success is reused; a failure is asked again at the next probe.
        check.catch(() => {
          if (lastHealth?.check === check) lastHealth = undefined;
        });
      }
      await lastHealth.check;
    },
    async addNumberReactions(channel: ChannelRef, messageId: string, count: number): Promise<void> {
      const token = await tokenFor(channel.workspaceId);
      for (const [, name] of NUMBER_EMOJI.slice(0, count)) {
        await bolt.client.reactions.add({ token, channel: channel.channelId, timestamp: messageId, name });
      }
    },
    async notifyUser(workspaceId: string, userId: string, reply: Reply): Promise<void> {
      await postMessages(workspaceId, userId, renderSlack(reply));
    },
  };
  return adapter;
}

/** What a reaction listener receives, narrowed to what paperboy reads. */
interface ReactionArgs {
  event: SlackReactionPayload;
  body: { team_id: string; event_id: string };
  context: { teamId?: string; botUserId?: string };
}

/** Slack's answer to a bad token, as a configuration error naming the variable. */
function credentialError(error: unknown, variable: string): ConfigError | undefined {
  const code = slackErrorCode(error);
  if (!code || !REJECTED_TOKEN.has(code)) return undefined;
  return new ConfigError(
    `${variable}: Slack rejected the token (${code}); copy it again from the app's settings`,
  );
}

const REJECTED_TOKEN = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
]);
