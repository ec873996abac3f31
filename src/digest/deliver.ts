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
/** Ledger id of a threaded digest's header, the message its papers are posted under. */
export const THREAD_ID = "_thread";

/** The ledger id that marks a digest of each shape as (being) posted. */
const SHAPE_MARKERS = [
  ["messages", HEADER_ID],
  ["thread", THREAD_ID],
  ["compact", COMPACT_ID],
] as const satisfies readonly (readonly [DigestLayout, string])[];

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
 * can be reacted to; (thread) the same papers as replies under the header, so the channel shows one
 * message; or (compact) one numbered message. Every message is checked against the delivery ledger
 * before it is sent and recorded as soon as it lands, so a retry or a restarted process resumes where the
 * last one stopped and never posts twice.
 */
export async function deliverDigest(options: DeliveryOptions): Promise<DeliveryResult> {
  const { store, channel, digest } = options;
  // A digest that went out (or began to) is finished in its shape, whatever the layout became since:
  // a layout changed mid-morning never posts the day twice, nor leaves it half-posted.
  const begun = await Promise.all(
    SHAPE_MARKERS.map(([, marker]) => store.posts.find(channel, digest.date, marker)),
  );
  const shape = SHAPE_MARKERS.find((_, index) => begun[index])?.[0];
  const chosen = options.layout ?? (await store.channels.get(channel)).layout;
  // An empty day is a header alone: there is nothing to number or to thread.
  const layout = shape ?? (digest.items.length > 0 ? chosen : "messages");
  const result =
    layout === "compact"
      ? await deliverCompact(options)
      : await deliverMessages(options, layout === "thread");
  options.logger.info(
    { channel: channelKey(options.channel), date: options.digest.date, layout, ...result },
    "digest delivered",
  );
  return result;
}

/**
 * A header, then one message per paper: in the channel, or (`threaded`) as replies under the header.
 * A threaded header has its own ledger id, so a digest begun in one shape is finished in that shape.
 */
async function deliverMessages(options: DeliveryOptions, threaded: boolean): Promise<DeliveryResult> {
  const { digest, store, channel } = options;
  const headerId = threaded ? THREAD_ID : HEADER_ID;
  const header = await postOnce({
    ...options,
    date: digest.date,
    ledgerId: headerId,
    reply: { kind: "header", digest, note: options.note, ...(threaded ? { threaded } : {}) },
    following: digest.items.length,
  });
  // The header is in the ledger now, whether this attempt or an earlier one posted it.
  const parent = threaded ? (await store.posts.find(channel, digest.date, headerId))?.messageId : undefined;
  let posted = header === "posted" ? 1 : 0;
  let skipped = header === "posted" ? 0 : 1;
  for (const [index, item] of digest.items.entries()) {
    const outcome = await postOnce({
      ...options,
      date: digest.date,
      ledgerId: item.paper.id,
      reply: { kind: "paper", entry: { paper: item.paper, tldr: item.tldr, why: item.why }, rank: item.rank },
      ...(parent ? { replyTo: parent } : {}),
      following: digest.items.length - index - 1,
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
  /** An earlier message of the channel to post under (its thread, or a reply to it), where the platform can. */
  replyTo?: string;
  /** Messages that will follow this one in the channel right after it (see `PostOptions.following`). */
  following?: number;
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
  const replyTo = post.adapter.replyInThread ? post.replyTo : undefined;
  const landed = await send(post, date, ledgerId, post.reply, replyTo, post.following);
  await store.posts.record(channel, {
    paperId: ledgerId,
    date,
    messageId: landed.messageId,
    postedAt: post.now().toISOString(),
    ...(replyTo ? { threadOf: replyTo } : {}),
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

/**
 * Sends one ledger entry's message, under `replyTo` when given and the adapter can thread; a channel the
 * platform closed to the bot stops its schedule.
 */
async function send(
  options: Omit<LedgeredPost, "date" | "ledgerId" | "reply" | "replyTo" | "following">,
  date: string,
  ledgerId: string,
  reply: Reply,
  replyTo?: string,
  following?: number,
): Promise<PostedMessage> {
  const { adapter, channel, store } = options;
  const idempotencyKey = `${channelKey(channel)}:${date}:${ledgerId}`;
  const possiblySent = await store.posts.markAttempt(channel, date, ledgerId);
  try {
    const postOptions = {
      idempotencyKey,
      ...(possiblySent ? { possiblySent } : {}),
      ...(following === undefined ? {} : { following }),
    };
    const posted =
      replyTo && adapter.replyInThread
        ? await adapter.replyInThread(channel, replyTo, reply, postOptions)
        : await adapter.post(channel, reply, postOptions);
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
