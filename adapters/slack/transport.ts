import type { App as BoltApp } from "@slack/bolt";
import type { PlatformAdapter } from "../../src/chat/platform.ts";
import type { Logger } from "../../src/log.ts";
import { HealthProblem } from "../../src/server/health-problem.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { credentialError } from "./credentials.ts";
import type { SlackMode } from "./mode.ts";
import { ChannelPacer, workspaceOf } from "./pacing.ts";
import { answerReceivedAt, type MessagePoster } from "./post-message.ts";
import { renderSlack, type SlackMessage } from "./render.ts";
import {
  CHANNEL_UNAVAILABLE_ERRORS,
  MAX_RATE_LIMIT_RETRIES,
  rateLimitWaitMs,
  slackErrorCode,
} from "./web-api.ts";

/** How long a `/healthz` answer about Slack is reused, so probes never hit Slack's rate limits. */
const HEALTH_CACHE_MS = 30_000;
/**
 * Due channels the scheduler prepares at once for Slack (`ChatAdapter.preparingAtOnce`). Posts leave from the
 * posting thread and each channel has its own limit, so every channel can start at once: prepared 32 at a
 * time, the first messages leave within milliseconds of a fan-out's start while later channels are still
 * planned, where preparing all of them together kept the posting thread idle until every plan was fixed
 * (0.6–1 s at 1,000 channels). A store with latency (Redis, ~10 round trips a channel) still overlaps 32
 * channels' round trips.
 */
export const SLACK_PREPARING_AT_ONCE = 32;
/** Message metadata type marking paperboy's posts with their delivery-ledger key. */
export const POST_EVENT_TYPE = "paperboy_post";
/** How many recent channel messages are searched for a cut-off attempt's post. */
const HISTORY_LOOKBACK = 100;

/** What the Slack transport sends through. */
export interface SlackTransportOptions {
  mode: SlackMode;
  bolt: BoltApp;
  poster: MessagePoster;
  logger: Logger;
  /** The bot token of a workspace (OAuth); undefined means the app's single token. */
  tokenFor(teamId: string): Promise<string | undefined>;
  /** Messages per minute one workspace is paced to, over all its channels. Default: the pacer's. */
  workspacePostsPerMinute?: number;
}

/**
 * Slack as the runtime's platform: Block Kit rendering; `chat.postMessage` paced per channel (a 429 is
 * waited out in that channel alone) with the ledger key as message metadata, since Slack has no
 * idempotency key; history lookup of that metadata; numbered reactions by name; DMs; `auth.test` health.
 */
export function slackTransport(options: SlackTransportOptions): PlatformAdapter<SlackMessage> {
  const { mode, bolt, poster, tokenFor } = options;
  // Paced per channel (`team:channel`) and per workspace (the team before the colon).
  const pacer = new ChannelPacer({
    retryAfterMs: rateLimitWaitMs,
    maxRetries: MAX_RATE_LIMIT_RETRIES,
    // The posting thread's time of the answer, on this thread's `performance.now()` (the pacer's clock).
    answeredAt: (answer) => {
      const at = answerReceivedAt(answer);
      return at === undefined ? undefined : at - performance.timeOrigin;
    },
    workspaceOf,
    workspaceIntervalMs:
      options.workspacePostsPerMinute === undefined ? undefined : 60_000 / options.workspacePostsPerMinute,
  });
  let lastHealth: { at: number; check: Promise<void> } | undefined;

  async function postMessage(
    teamId: string,
    channel: string,
    message: SlackMessage,
    key?: string,
    threadTs?: string,
    following?: number,
  ) {
    const token = await tokenFor(teamId);
    const result = await pacer.send(
      `${teamId}:${channel}`,
      () =>
        poster.postMessage({
          token,
          channel,
          ...message,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
          ...(key ? { metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } } } : {}),
        }),
      { following },
    );
    if (!result.ts) throw new Error("[paperboy] [slack] chat.postMessage returned no message ts");
    return result.ts;
  }

  return {
    platform: "slack",
    channelErrors: {
      reasonOf: slackErrorCode,
      reasons: new Map([...CHANNEL_UNAVAILABLE_ERRORS].map((code) => [code, true])),
    },
    async start() {
      // The posting thread starts while Bolt does, rather than under a fan-out's first post.
      const posting = poster.start();
      try {
        await bolt.init();
      } catch (error) {
        posting.catch(() => undefined);
        throw credentialError(error, "SLACK_BOT_TOKEN") ?? error;
      }
      await posting;
      if (mode === "socket") {
        try {
          await bolt.start();
        } catch (error) {
          throw credentialError(error, "SLACK_APP_TOKEN") ?? error;
        }
      }
      options.logger.info({ mode }, "Slack adapter ready");
    },
    async stop() {
      poster.close();
      if (mode === "socket") await bolt.stop();
    },
    render: renderSlack,
    shares: true,
    threads: true,
    send: (channel, message, { key, replyTo, following }) =>
      postMessage(channel.workspaceId, channel.channelId, message, key, replyTo, following),
    async sendDirect(workspaceId, userId, message) {
      await postMessage(workspaceId, userId, message);
    },
    async react(channel: ChannelRef, messageId, [, name]) {
      const token = await tokenFor(channel.workspaceId);
      await bolt.client.reactions.add({ token, channel: channel.channelId, timestamp: messageId, name });
    },
    async findPosted(channel, key, replyTo) {
      const token = await tokenFor(channel.workspaceId);
      const lookup = {
        token,
        channel: channel.channelId,
        limit: HISTORY_LOOKBACK,
        include_all_metadata: true,
      };
      // A reply lives in its thread, which the channel's history does not show.
      const history = replyTo
        ? await bolt.client.conversations.replies({ ...lookup, ts: replyTo })
        : await bolt.client.conversations.history(lookup);
      return history.messages?.find(
        (message) =>
          message.metadata?.event_type === POST_EVENT_TYPE &&
          (message.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
      )?.ts;
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
  };
}
