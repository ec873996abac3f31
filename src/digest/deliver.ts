import { ChannelUnavailableError, type ChatAdapter, type PostedMessage } from "../chat/adapter.ts";
import { MAX_COMPACT_ITEMS } from "../chat/reactions.ts";
import type { Reply } from "../chat/reply.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { DigestLayout } from "../store/channel-repository.ts";
import type { ChannelRef } from "../store/refs.ts";
import { channelKey } from "../store/refs.ts";
import type { Store } from "../store/store.ts";
import type { Digest } from "./digest.ts";

/** Ledger id of a digest's header message. */
export const HEADER_ID = "_header";
/** Ledger id of a compact digest's single message. */
export const COMPACT_ID = "_compact";

/** What one delivery did. */
export interface DeliveryResult {
  posted: number;
  skipped: number;
}

/** What a delivery needs. */
export interface DeliveryOptions {
  adapter: ChatAdapter;
  store: Store;
  channel: ChannelRef;
  digest: Digest;
  note?: string;
  /** The channel's layout; read from its settings when not given. */
  layout?: DigestLayout;
  /** Counts each message sent or failed, for `/metrics`. */
  metrics?: Metrics;
  now: () => Date;
  logger: Logger;
}

/**
 * Posts a digest into a channel in the channel's layout: a header, then one message per paper so each
 * can be reacted to, or (compact) one numbered message. Every message is checked against the delivery
 * ledger before it is sent and recorded as soon as it lands, so a retry or a restarted process resumes
 * where the last one stopped and never posts twice.
 */
export async function deliverDigest(options: DeliveryOptions): Promise<DeliveryResult> {
  const { store, channel, digest } = options;
  const layout = options.layout ?? (await store.channels.get(channel)).layout;
  const compact = layout === "compact" && digest.items.length > 0;
  // A layout changed after today's digest went out must not post it again in the other shape.
  const otherShape = await store.posts.find(channel, digest.date, compact ? HEADER_ID : COMPACT_ID);
  const result = otherShape
    ? { posted: 0, skipped: 1 }
    : compact
      ? await deliverCompact(options)
      : await deliverMessages(options);
  options.logger.info(
    { channel: channelKey(options.channel), date: options.digest.date, layout, ...result },
    "digest delivered",
  );
  return result;
}

/** One message per paper after a header. */
async function deliverMessages(options: DeliveryOptions): Promise<DeliveryResult> {
  const { digest } = options;
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
    const outcome = await postOnce({
      ...options,
      date: digest.date,
      ledgerId: message.id,
      reply: message.reply,
    });
    if (outcome === "posted") posted += 1;
    else skipped += 1;
  }
  return { posted, skipped };
}

/** What posting one message through the delivery ledger needs. */
export interface LedgeredPost extends Omit<DeliveryOptions, "digest" | "note" | "layout"> {
  /** The channel's local date the message belongs to. */
  date: string;
  /** Its ledger id: a paper id, or a `_`-prefixed id for a message that carries no paper (`_recap`). */
  ledgerId: string;
  reply: Reply;
}

/**
 * Posts one message at most once per (channel, date, ledger id): skipped when the ledger already has it,
 * recorded as soon as it lands, and sent with an idempotency key derived from the ledger key, so a retry,
 * a restart or a replica taking over never posts it twice. Every message of a digest goes this way, and
 * so does any other scheduled message (the weekly recap).
 */
export async function postOnce(post: LedgeredPost): Promise<"posted" | "already-posted"> {
  const { store, channel, date, ledgerId } = post;
  if (await store.posts.find(channel, date, ledgerId)) return "already-posted";
  const landed = await send(post, date, ledgerId, post.reply);
  await store.posts.record(channel, {
    paperId: ledgerId,
    date,
    messageId: landed.messageId,
    postedAt: post.now().toISOString(),
  });
  return "posted";
}

/**
 * The whole digest as one message whose numbered reactions vote for its items. The message maps to
 * its papers in order, and each paper gets its ledger entry so the 14-day dedup sees it.
 */
async function deliverCompact(options: DeliveryOptions): Promise<DeliveryResult> {
  const { adapter, store, channel, logger } = options;
  const digest = { ...options.digest, items: options.digest.items.slice(0, MAX_COMPACT_ITEMS) };
  if (await store.posts.find(channel, digest.date, COMPACT_ID)) return { posted: 0, skipped: 1 };
  const landed = await send(options, digest.date, COMPACT_ID, { kind: "digest", digest, note: options.note });
  await store.posts.recordCompact(channel, {
    date: digest.date,
    messageId: landed.messageId,
    postedAt: options.now().toISOString(),
    marker: COMPACT_ID,
    paperIds: digest.items.map((item) => item.paper.id),
  });
  await adapter
    .addNumberReactions?.(channel, landed.messageId, digest.items.length)
    .catch((error: unknown) =>
      logger.warn(
        { err: error, channel: channelKey(channel) },
        "could not add the numbered reactions; people can still add them",
      ),
    );
  return { posted: 1, skipped: 0 };
}

/** Sends one ledger entry's message; a channel the platform closed to the bot stops its schedule. */
async function send(
  options: Omit<LedgeredPost, "date" | "ledgerId" | "reply">,
  date: string,
  ledgerId: string,
  reply: Reply,
): Promise<PostedMessage> {
  const { adapter, channel, store } = options;
  const idempotencyKey = `${channelKey(channel)}:${date}:${ledgerId}`;
  const possiblySent = await store.posts.markAttempt(channel, date, ledgerId);
  try {
    const posted = await adapter.post(channel, reply, {
      idempotencyKey,
      ...(possiblySent ? { possiblySent } : {}),
    });
    options.metrics?.postSent(adapter.platform);
    return posted;
  } catch (error) {
    const unavailable = error instanceof ChannelUnavailableError;
    options.metrics?.postFailed(adapter.platform, unavailable ? "channel_unavailable" : "error");
    if (unavailable) await stopSchedule(options, error);
    throw error;
  }
}

/**
 * The platform says the channel is gone or closed to the bot: stop what it posts there on a schedule (the
 * daily digest and the weekly recap, so neither is retried every day), log it clearly naming what stopped,
 * and tell the admin who set it, where the adapter can.
 */
async function stopSchedule(
  options: { adapter: ChatAdapter; store: Store; channel: ChannelRef; now: () => Date; logger: Logger },
  error: ChannelUnavailableError,
): Promise<void> {
  const { adapter, store, channel, logger } = options;
  const before = await store.channels.get(channel);
  await store.channels.update(
    channel,
    ({ recap: _recap, ...settings }) => ({ ...settings, schedule: null }),
    { by: "paperboy", at: options.now() },
  );
  const what = stoppedPosts(before.schedule !== null, before.recap !== undefined);
  logger.error(
    { channel: channelKey(channel), reason: error.reason },
    `channel ${channel.channelId} is unavailable (${error.reason}); ${what.log} until an admin sets it again`,
  );
  const admin = before.updatedBy;
  if (!admin || !adapter.notifyUser) return;
  await adapter
    .notifyUser(channel.workspaceId, admin, {
      kind: "message",
      tone: "warning",
      text: `I can no longer post in channel ${channel.channelId} (${error.reason}), so ${what.notice}. Invite me back and run ${what.restart} there to restart it.`,
    })
    .catch((notifyError: unknown) => logger.warn({ err: notifyError }, "could not tell the channel admin"));
}

/** What stopping a channel's scheduled posts stopped, in a log's words and in the admin's notice. */
export function stoppedPosts(
  daily: boolean,
  recap: boolean,
): { log: string; notice: string; restart: string } {
  if (recap && !daily) {
    return {
      log: "its weekly recap is stopped",
      notice: "its weekly paper recap is stopped",
      restart: "/papers recap",
    };
  }
  if (recap) {
    return {
      log: "its daily digest and weekly recap are stopped",
      notice: "its daily paper digest and weekly recap are stopped",
      restart: "/papers schedule and /papers recap",
    };
  }
  return {
    log: "its daily digest is stopped",
    notice: "its daily paper digest is stopped",
    restart: "/papers schedule",
  };
}
