import type { App as BoltApp } from "@slack/bolt";
import { ChannelUnavailableError, type ChatAdapter } from "../../src/chat/adapter.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { renderSlack, type SlackMessage } from "./render.ts";
import { CHANNEL_UNAVAILABLE_ERRORS, slackErrorCode } from "./web-api.ts";

/** How many replies of a thread are searched for a cut-off attempt's reply. */
const REPLIES_LOOKBACK = 200;

/** What a threaded reply needs from the Slack adapter. */
export interface SlackThreadReplyDeps {
  bolt: BoltApp;
  /** The team's bot token with OAuth; undefined with a single bot token. */
  tokenFor: (teamId: string) => Promise<string | undefined>;
  /** The adapter's paced `chat.postMessage` of rendered messages (carrying the ledger key as metadata). */
  postMessages: (teamId: string, channel: string, messages: SlackMessage[], key?: string) => Promise<string>;
}

/**
 * `replyInThread` for Slack: the reply is posted with `thread_ts` set to the parent message's ts, so
 * it lands in that message's thread. After a cut-off attempt, the thread's replies
 * (`conversations.replies`) are searched for the attempt's ledger key before sending again, as `post`
 * searches the channel's history.
 */
export function slackThreadReply(deps: SlackThreadReplyDeps): NonNullable<ChatAdapter["replyInThread"]> {
  const findInThread = async (channel: ChannelRef, parentTs: string, key: string) => {
    const replies = await deps.bolt.client.conversations.replies({
      token: await deps.tokenFor(channel.workspaceId),
      channel: channel.channelId,
      ts: parentTs,
      limit: REPLIES_LOOKBACK,
      include_all_metadata: true,
    });
    return replies.messages?.find(
      (message) => (message.metadata?.event_payload as { key?: unknown } | undefined)?.key === key,
    )?.ts;
  };
  return async (channel, parentTs, reply, options = {}) => {
    try {
      const key = options.idempotencyKey;
      const earlier =
        key && options.possiblySent ? await findInThread(channel, parentTs, `${key}:0`) : undefined;
      if (earlier) return { messageId: earlier };
      const messages = renderSlack(reply).map((message) => ({ ...message, thread_ts: parentTs }));
      return { messageId: await deps.postMessages(channel.workspaceId, channel.channelId, messages, key) };
    } catch (error) {
      const code = slackErrorCode(error);
      if (code && CHANNEL_UNAVAILABLE_ERRORS.has(code))
        throw new ChannelUnavailableError(channel, code, { cause: error });
      throw error;
    }
  };
}
