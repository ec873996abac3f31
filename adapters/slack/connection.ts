import type { RequestListener } from "node:http";
import {
  App as BoltApp,
  HTTPReceiver,
  HTTPReceiverDeferredRequestError,
  type InstallationStore,
  SocketModeReceiver,
} from "@slack/bolt";
import type { Config } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";
import { boltLogger } from "./bolt-logger.ts";
import { type SlackMode, slackMode } from "./mode.ts";
import { MessagePoster } from "./post-message.ts";
import { guardSlackRequests } from "./request-guard.ts";
import { RETRY_RATE_LIMITS_ONLY } from "./web-api.ts";

/** The path Slack posts events, slash commands and interactivity to. */
export const EVENTS_PATH = "/slack/events";
/** OAuth: where "Add to Slack" starts and where Slack sends the installer back. */
export const INSTALL_PATH = "/slack/install";
export const OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

/** The bot scopes paperboy asks for: the slash command, posting, reactions, admin checks, App Home. */
export const BOT_SCOPES = [
  "commands",
  "chat:write",
  "reactions:read",
  "reactions:write",
  "users:read",
  "channels:read",
  "groups:read",
  "channels:history",
  "groups:history",
  "im:write",
] as const;

export { type SlackMode, slackMode };

/** Options for the Bolt connection; the test-only ones keep tests fast and deterministic. */
export interface SlackConnectionOptions {
  config: Config;
  logger: Logger;
  /** Overrides the mode the configuration implies. */
  mode?: SlackMode;
  /** Where OAuth installations live (required in `oauth` mode). */
  installationStore?: InstallationStore;
  /** Answer HTTP requests only after the listener finished (tests; Slack itself wants the ack fast). */
  processBeforeResponse?: boolean;
  botId?: string;
  botUserId?: string;
  /** The largest request body accepted at `/slack/events` (default `MAX_SLACK_BODY_BYTES`, 1 MiB). */
  maxBodyBytes?: number;
}

/** A constructed, not yet started Bolt app and what the HTTP server mounts. */
export interface SlackConnection {
  mode: SlackMode;
  bolt: BoltApp;
  /**
   * Posts messages (`chat.postMessage`): a 429 is rejected at once for the caller to wait out in that
   * channel, where Bolt's client would pause all its calls, every channel's posts with them.
   */
  poster: MessagePoster;
  /** The HTTP receiver (absent in Socket Mode); its installer holds OAuth tokens. */
  receiver?: HTTPReceiver;
  /** Serves Slack's routes on the process's HTTP server; any other path gets a 404. */
  requestListener?: RequestListener;
}

/**
 * Builds the Bolt app for the configured mode. Missing or malformed credentials throw a `ConfigError`
 * naming the variable; Bolt is initialised (the token checked with `auth.test`) only on start.
 */
export function createSlackConnection(options: SlackConnectionOptions): SlackConnection {
  const { config, logger } = options;
  const mode = options.mode ?? slackMode(config);
  if (!mode) throw new ConfigError("Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET");
  const slack = checkCredentials(config, mode);
  const log = boltLogger(logger);
  const clientOptions = {
    slackApiUrl: slack.apiUrl.endsWith("/") ? slack.apiUrl : `${slack.apiUrl}/`,
    retryConfig: RETRY_RATE_LIMITS_ONLY,
    timeout: config.httpTimeoutMs,
  };
  const poster = new MessagePoster({
    apiUrl: clientOptions.slackApiUrl,
    token: mode === "oauth" ? undefined : slack.botToken,
    timeoutMs: config.httpTimeoutMs,
  });
  const common = {
    logger: log,
    clientOptions,
    botId: options.botId,
    botUserId: options.botUserId,
    convoStore: false as const,
    deferInitialization: true,
  };

  if (mode === "socket") {
    const receiver = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: log,
      installerOptions: { clientOptions },
    });
    const bolt = new BoltApp({ ...common, token: slack.botToken, socketMode: true, receiver });
    return { mode, bolt, poster };
  }

  if (mode === "oauth" && !options.installationStore) {
    throw new Error("[paperboy] [slack] OAuth mode needs an installation store");
  }
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: EVENTS_PATH,
    logger: log,
    // Events are answered after their listener: a reaction whose vote could not be stored gets a 500,
    // and Slack delivers it again. Listeners that do slow work (commands, App Home) ack and detach it.
    processBeforeResponse: options.processBeforeResponse ?? true,
    ...(mode === "oauth"
      ? {
          clientId: slack.clientId,
          clientSecret: slack.clientSecret,
          stateSecret: slack.stateSecret,
          installationStore: options.installationStore,
          scopes: [...BOT_SCOPES],
          installerOptions: {
            installPath: INSTALL_PATH,
            redirectUriPath: OAUTH_REDIRECT_PATH,
            directInstall: true,
            clientOptions,
          },
        }
      : {}),
  });
  const bolt = new BoltApp({ ...common, token: mode === "http" ? slack.botToken : undefined, receiver });
  const guarded = guardSlackRequests((request, response) => receiver.requestListener(request, response), {
    path: EVENTS_PATH,
    maxBodyBytes: options.maxBodyBytes,
  });
  const requestListener: RequestListener = (request, response) => {
    try {
      guarded(request, response);
    } catch (error) {
      if (!(error instanceof HTTPReceiverDeferredRequestError)) {
        logger.error({ err: error, url: request.url }, "Slack request failed");
      }
      if (response.headersSent) response.end();
      else response.writeHead(error instanceof HTTPReceiverDeferredRequestError ? 404 : 500).end();
    }
  };
  return { mode, bolt, poster, receiver, requestListener };
}

/** The Slack settings a mode needs, checked; the error names the first missing or malformed variable. */
function checkCredentials(config: Config, mode: SlackMode) {
  const slack = config.slack;
  const problems: string[] = [];
  const need = (value: string | undefined, name: string, why: string, form?: TokenForm): string => {
    if (!value) problems.push(`${name}: required for ${why}`);
    else if (form && !form.pattern.test(value)) problems.push(`${name}: expected ${form.expected}`);
    return value ?? "";
  };
  const botToken =
    mode === "oauth"
      ? ""
      : need(slack.botToken, "SLACK_BOT_TOKEN", "Slack (the Bot User OAuth Token)", BOT_TOKEN);
  const appToken = mode === "socket" ? need(slack.appToken, "SLACK_APP_TOKEN", "Socket Mode", APP_TOKEN) : "";
  const signingSecret =
    mode === "socket" ? "" : need(slack.signingSecret, "SLACK_SIGNING_SECRET", "Slack over HTTP");
  const oauth = mode === "oauth";
  const clientId = oauth ? need(slack.clientId, "SLACK_CLIENT_ID", "Slack OAuth") : "";
  const clientSecret = oauth ? need(slack.clientSecret, "SLACK_CLIENT_SECRET", "Slack OAuth") : "";
  const stateSecret = oauth ? need(slack.stateSecret, "SLACK_STATE_SECRET", "Slack OAuth") : "";
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  return { apiUrl: slack.apiUrl, botToken, appToken, signingSecret, clientId, clientSecret, stateSecret };
}

interface TokenForm {
  pattern: RegExp;
  expected: string;
}
const BOT_TOKEN: TokenForm = { pattern: /^(xoxe\.)?xoxb-/, expected: "a bot token starting with xoxb-" };
const APP_TOKEN: TokenForm = { pattern: /^xapp-/, expected: "an app-level token starting with xapp-" };
