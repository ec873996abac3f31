import type { RequestListener } from "node:http";
import { type App as BoltApp, webApi } from "@slack/bolt";
import { ChatRuntime, type RuntimeCore } from "../../src/chat/runtime.ts";
import type { Config } from "../../src/config.ts";
import { describeError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import { createSlackRights, slackLookups } from "./admin-rights.ts";
import { createSlackConnection, type SlackMode } from "./connection.ts";
import { publishAppHomes } from "./home.ts";
import { createInstallationStore } from "./installation-store.ts";
import { parseReaction, parseSlashCommand, type SlackReactionPayload } from "./parse.ts";
import type { SlackMessage } from "./render.ts";
import { LINK_ACTION_PREFIX } from "./render-paper.ts";
import { postToResponseUrl } from "./response-url.ts";
import { listenForShares } from "./share-action.ts";
import { reusedTokens } from "./token-cache.ts";
import { SLACK_PREPARING_AT_ONCE, slackTransport } from "./transport.ts";

export { BOT_SCOPES, EVENTS_PATH, type SlackMode, slackMode } from "./connection.ts";

/** The slash command paperboy answers. */
export const SLASH_COMMAND = "/papers";

/** Options for the Slack adapter. */
export interface SlackAdapterOptions {
  /** The core: commands, store, reactions. */
  app: RuntimeCore & { config: Config; store: Store; now: () => Date };
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

/** Slack's runtime plus what the process's HTTP server mounts. */
export type SlackAdapter = ChatRuntime<SlackMessage> & {
  readonly mode: SlackMode;
  /** The underlying Bolt app (for diagnostics; paperboy's code goes through the runtime). */
  readonly bolt: BoltApp;
  /** Serves `/slack/events` (and, with OAuth, the install routes); any other path gets a 404. Absent in Socket Mode. */
  readonly requestListener?: RequestListener;
};

/**
 * Slack through Bolt: `/papers …` is acknowledged at once and answered through `response_url`;
 * digests are posted with `chat.postMessage`; reactions become votes; App Home shows the user's
 * reading list and the team's week. Bad credentials throw a `ConfigError` naming the variable, at
 * construction (missing, malformed) or on `start()` (rejected by Slack).
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const core = options.app;
  const logger = (options.logger ?? core.logger).child({ platform: "slack" });
  const connection = createSlackConnection({
    config: core.config,
    logger,
    mode: options.mode,
    processBeforeResponse: options.processBeforeResponse,
    botId: options.botId,
    botUserId: options.botUserId,
    installationStore: createInstallationStore(core.store.installations, {
      encryptionKey: core.config.encryptionKey,
    }),
  });
  const { mode, bolt, receiver, poster } = connection;
  const installedToken = async (teamId: string): Promise<string | undefined> => {
    const auth = await receiver?.installer?.authorize({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    return auth?.botToken;
  };
  const tokenFor = mode === "oauth" ? reusedTokens(installedToken) : async () => undefined;
  const transport = slackTransport({
    mode,
    bolt,
    poster,
    logger,
    tokenFor,
    workspacePostsPerMinute: core.config.slack.workspacePostsPerMinute,
  });
  const runtime = new ChatRuntime(core, transport, { ackPriorityMs: options.ackPriorityMs, logger });
  // Every request in flight (a slash command not yet acked among them) holds the next answer back.
  const requestListener: RequestListener | undefined = connection.requestListener
    ? (request, response) => {
        response.once("close", runtime.acknowledging());
        connection.requestListener?.(request, response);
      }
    : undefined;
  const rights = createSlackRights({ logger, ...slackLookups(bolt.client, tokenFor) });

  bolt.command(SLASH_COMMAND, async ({ command, ack }) => {
    await ack();
    const invocation = parseSlashCommand(command);
    void runtime.answer({
      invocation,
      isAdmin: () => rights.isAdmin(invocation.workspaceId, invocation.channelId, invocation.userId),
      whoCan: () => rights.whoCan(invocation.workspaceId, invocation.channelId),
      respond: {
        async answer(messages, reply) {
          const type = reply.private ? "ephemeral" : "in_channel";
          for (const message of messages) {
            await postToResponseUrl(
              command.response_url,
              { response_type: type, ...message },
              core.config.httpTimeoutMs,
            );
          }
        },
      },
    });
  });

  const onReaction = async ({ event, body, context }: ReactionArgs) => {
    const reaction = parseReaction(event, context.teamId ?? body.team_id);
    if (reaction) await runtime.reaction(reaction, { eventId: body.event_id, botUserId: context.botUserId });
  };
  bolt.event("reaction_added", onReaction);
  bolt.event("reaction_removed", onReaction);

  publishAppHomes(bolt, runtime, core);

  bolt.action(new RegExp(`^${LINK_ACTION_PREFIX}`), async ({ ack }) => {
    await ack();
  });
  listenForShares(bolt, runtime, core.config.httpTimeoutMs);

  const onRateLimited = (retryAfterSeconds: number, { url }: { url: string }) =>
    runtime.rateLimited({ retryAfterSeconds, method: url });
  bolt.client.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);
  poster.on(webApi.WebClientEvent.RATE_LIMITED, onRateLimited);

  bolt.error(async (error) => {
    logger.error({ err: error }, `Slack listener failed: ${describeError(error)}`);
    // Passed on, so the receiver answers the event with a 500 and Slack delivers it again (a vote that
    // could not be stored is retried, not lost). Commands ack first and answer on their own, so no
    // command is ever answered twice this way.
    throw error;
  });

  return Object.assign(runtime, { mode, bolt, requestListener, preparingAtOnce: SLACK_PREPARING_AT_ONCE });
}

/** What a reaction listener receives, narrowed to what paperboy reads. */
interface ReactionArgs {
  event: SlackReactionPayload;
  body: { team_id: string; event_id: string };
  context: { teamId?: string; botUserId?: string };
}
