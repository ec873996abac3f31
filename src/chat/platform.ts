import type { ChannelRef, Platform } from "../store/refs.ts";
import type { NUMBER_EMOJI } from "./reactions.ts";
import type { RenderOptions, Reply } from "./reply.ts";

/** One numbered reaction as every platform names it: `[unicode, slackName]`. */
export type NumberEmoji = (typeof NUMBER_EMOJI)[number];

/**
 * The one interface a chat platform implements (the vercel/chat way): parse and transport live in the
 * platform's own code; render and send are required; every capability a platform may lack is an optional
 * method, and the runtime does without it. Everything between (dispatch, admin rights, the answer queue,
 * the post loop with its ledger keys, reactions, metrics) is the runtime's. `Message` is the platform's
 * rendered message (Block Kit blocks, embeds, terminal text).
 */
export interface PlatformAdapter<Message = unknown> {
  readonly platform: Platform;
  /** Connects and begins delivering events to the runtime. */
  start(): Promise<void>;
  /** Optional: called as a stop begins, before the runtime waits for the work in flight. */
  stopping?(): void;
  /** Disconnects; the runtime has waited for the work in flight. */
  stop(): Promise<void>;
  /** A reply as the platform's messages, in order (at least one). */
  render(reply: Reply, options?: RenderOptions): Message[];
  /**
   * Sends one message as a new post into a channel; returns its platform id. `key` is a stable ledger key for
   * this message: a platform with idempotent sends uses it (Discord's nonce), one with message metadata
   * stores it so {@link PlatformAdapter.findPosted} can find it again. `replyTo` (capability "threads",
   * only given when {@link PlatformAdapter.threads} is set) is an earlier message of the channel to post
   * under: its thread on Slack; on Discord, the thread started from it when it has one (a threaded
   * digest's header), else a reply to it. What that means is the adapter's to decide. `following` is how
   * many messages the caller will send to the channel right after this one (see {@link PostOptions}), for an
   * adapter that paces.
   */
  send(
    channel: ChannelRef,
    message: Message,
    options: { key?: string; replyTo?: string; following?: number },
  ): Promise<string>;
  /** Capability "threads": `send` can post under an earlier message (`replyTo`). */
  readonly threads?: boolean;
  /** The platform's refusals that mean "the bot can no longer post here", as a reason code; see {@link ErrorTable}. */
  readonly channelErrors: ErrorTable;
  /** Capability "history lookup": the id of an earlier post carrying `key` in the channel, if any. */
  findPosted?(channel: ChannelRef, key: string, replyTo?: string): Promise<string | undefined>;
  /** Capability "number reactions": adds one reaction under a message the bot posted. */
  react?(channel: ChannelRef, messageId: string, emoji: NumberEmoji): Promise<void>;
  /**
   * Capability "share": `render` shows a "Share to channel" button for `RenderOptions.share`, and the
   * platform hands its clicks to `ChatRuntime.share`.
   */
  readonly shares?: boolean;
  /** Capability "DMs": sends one message to a user directly. */
  sendDirect?(workspaceId: string, userId: string, message: Message): Promise<void>;
  /** Optional: resolves when the platform is reachable, rejects with the reason (for `/healthz`). */
  health?(): Promise<void>;
}

/**
 * A small table each platform declares: which of its errors mean a channel is closed to the bot, and
 * under which reason code. `reasonOf` reads the error's platform code (or undefined for anything else);
 * `reasons` maps a code to the reason shown (`true`: the code itself).
 */
export interface ErrorTable {
  reasonOf(error: unknown): string | number | undefined;
  reasons: ReadonlyMap<string | number, string | true>;
}

/** The reason an error names a channel closed to the bot, by the platform's table; undefined otherwise. */
export function unavailableReason(table: ErrorTable, error: unknown): string | undefined {
  const code = table.reasonOf(error);
  if (code === undefined) return undefined;
  const reason = table.reasons.get(code);
  return reason === true ? String(code) : reason;
}
