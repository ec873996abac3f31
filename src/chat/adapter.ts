import type { RequestListener } from "node:http";
import type { ChannelRef, Platform } from "../store/refs.ts";
import type { Reply } from "./reply.ts";

/** Where a posted message landed, so reactions on it can be traced back to its paper. */
export interface PostedMessage {
  messageId: string;
}

/** Options for one post. */
export interface PostOptions {
  /** Stable key for this delivery (channel, date, paper); platforms that support idempotency use it. */
  idempotencyKey?: string;
  /**
   * An earlier attempt with this key was cut off (the process died between sending and recording), so
   * the message may already be in the channel: adapters that can look it up return it instead.
   */
  possiblySent?: boolean;
  /**
   * How many more messages the caller will post to this channel right after this one (a digest's papers
   * still to come). An adapter that paces a channel may spread its posts over the time the platform's limit
   * needs for all of them anyway, instead of sending a burst first and waiting after it: the last one lands
   * no later, and a fan-out's first messages do not queue behind other channels' bursts.
   */
  following?: number;
}

/**
 * What the scheduler, delivery and `/healthz` need from a running platform. Every adapter's `ChatRuntime`
 * implements it over the platform's `PlatformAdapter` (see `platform.ts`); the core never sees a platform type.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Connects and begins receiving commands and reactions. */
  start(): Promise<void>;
  /** Disconnects cleanly. */
  stop(): Promise<void>;
  /**
   * Sends a reply into a channel as a new message. The caller records which paper the message shows, so
   * it is rendered votable (it invites reactions); command answers go another way and do not.
   */
  post(channel: ChannelRef, reply: Reply, options?: PostOptions): Promise<PostedMessage>;
  /**
   * Optional: adds the numbered reactions 1️⃣ … N under a compact digest, so voting for item N is one
   * click. Without it, people add the number themselves.
   */
  addNumberReactions?(channel: ChannelRef, messageId: string, count: number): Promise<void>;
  /**
   * Optional: sends a reply under an earlier message of the channel: in its thread (Slack `thread_ts`) or
   * as a reply to it (Discord message reference), with the same idempotency options as `post`. Follow-ups
   * on a tracked paper go under the message that carried it; without this, they are posted in the channel.
   */
  replyInThread?(
    channel: ChannelRef,
    parentMessageId: string,
    reply: Reply,
    options?: PostOptions,
  ): Promise<PostedMessage>;
  /** Optional: resolves when the platform is reachable, rejects with the reason (for `/healthz`). */
  health?(): Promise<void>;
  /** Optional: a direct message to one user (to tell an admin their channel's schedule stopped). */
  notifyUser?(workspaceId: string, userId: string, reply: Reply): Promise<void>;
  /**
   * Optional: how many due channels the scheduler prepares at once (claim and plan, until delivery begins)
   * for this platform; all of them when absent. With a store that answers at once, preparing every channel
   * together means no first message leaves before every plan is fixed: a platform whose posts leave from
   * a thread of their own and whose limits let every channel start at once (Slack) starts sooner with a
   * few at a time. One paced by a global limit on the main thread (Discord) gains nothing.
   */
  readonly preparingAtOnce?: number;
  /** Optional: HTTP routes the process's server mounts as its fallback (Slack's events over HTTP). */
  readonly requestListener?: RequestListener;
  /**
   * Optional, for an interactive adapter (the console): settles when its session ends on its own; `run`
   * starts such an adapter last and stops the bot when it settles.
   */
  readonly done?: Promise<void>;
}

/**
 * The platform says this channel can no longer receive posts (bot removed, channel deleted or archived,
 * permissions revoked). Delivery stops the channel's schedule instead of retrying forever.
 */
export class ChannelUnavailableError extends Error {
  constructor(
    readonly channel: ChannelRef,
    /** The platform's reason code, e.g. `not_in_channel`, `channel_not_found`, `is_archived`, `Missing Access`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`[paperboy] [${channel.platform}] channel ${channel.channelId} is unavailable: ${reason}`, options);
    this.name = "ChannelUnavailableError";
  }
}
