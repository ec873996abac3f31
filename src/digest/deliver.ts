import { ChannelUnavailableError, type ChatAdapter } from "../chat/adapter.ts";
import type { Reply } from "../chat/reply.ts";
import type { Logger } from "../log.ts";
import type { ChannelRef } from "../store/refs.ts";
import { channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import type { Digest } from "./digest.ts";

/** Ledger id of a digest's header message. */
export const HEADER_ID = "_header";

/** What one delivery did. */
export interface DeliveryResult {
  posted: number;
  skipped: number;
}

/**
 * Posts a digest into a channel: a header, then one message per paper so each can be reacted to.
 * Every message is checked against the delivery ledger before it is sent and recorded as soon as it
 * lands, so a retry or a restarted process resumes where the last one stopped and never posts twice.
 */
export async function deliverDigest(options: {
  adapter: ChatAdapter;
  store: Store;
  channel: ChannelRef;
  digest: Digest;
  note?: string;
  now: () => Date;
  logger: Logger;
}): Promise<DeliveryResult> {
  const { adapter, store, channel, digest } = options;
  const messages: { id: string; reply: Reply }[] = [
    { id: HEADER_ID, reply: { kind: "header", digest, note: options.note } },
    ...digest.items.map((item) => ({
      id: item.paper.id,
      reply: {
        kind: "paper",
        entry: { paper: item.paper, tldr: item.tldr, why: item.why },
        rank: item.rank,
      } as Reply,
    })),
  ];
  let posted = 0;
  let skipped = 0;
  for (const message of messages) {
    if (await store.posts.find(channel, digest.date, message.id)) {
      skipped += 1;
      continue;
    }
    const idempotencyKey = `${channelKey(channel)}:${digest.date}:${message.id}`;
    let landed: Awaited<ReturnType<ChatAdapter["post"]>>;
    try {
      landed = await adapter.post(channel, message.reply, { idempotencyKey });
    } catch (error) {
      if (error instanceof ChannelUnavailableError) await stopSchedule(options, error);
      throw error;
    }
    await store.posts.record(channel, {
      paperId: message.id,
      date: digest.date,
      messageId: landed.messageId,
      postedAt: options.now().toISOString(),
    });
    posted += 1;
  }
  options.logger.info(
    { channel: channelKey(channel), date: digest.date, posted, skipped },
    "digest delivered",
  );
  return { posted, skipped };
}

/**
 * The platform says the channel is gone or closed to the bot: stop its schedule (so it is not retried
 * every day), log it clearly, and tell the admin who set the schedule, where the adapter can.
 */
async function stopSchedule(
  options: { adapter: ChatAdapter; store: Store; channel: ChannelRef; now: () => Date; logger: Logger },
  error: ChannelUnavailableError,
): Promise<void> {
  const { adapter, store, channel, logger } = options;
  const before = await store.channels.get(channel);
  await store.channels.update(channel, (settings) => ({ ...settings, schedule: null }), {
    by: "paperboy",
    at: options.now(),
  });
  logger.error(
    { channel: channelKey(channel), reason: error.reason },
    `channel ${channel.channelId} is unavailable (${error.reason}); its daily digest is stopped until an admin schedules it again`,
  );
  const admin = before.updatedBy;
  if (!admin || !adapter.notifyUser) return;
  await adapter
    .notifyUser(channel.workspaceId, admin, {
      kind: "message",
      tone: "warning",
      text: `I can no longer post in channel ${channel.channelId} (${error.reason}), so its daily paper digest is stopped. Invite me back and run /papers schedule there to restart it.`,
    })
    .catch((notifyError: unknown) => logger.warn({ err: notifyError }, "could not tell the channel admin"));
}
