import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { attemptKey, messageKey, postKey, postsPrefix } from "./keys.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** One paper delivered to one channel: which message carries it, for reactions and the 14-day dedup. */
export const PostRecord = z.object({
  paperId: z.string(),
  date: z.string(),
  messageId: z.string(),
  postedAt: z.string(),
  /** The message it was posted under: a threaded digest's header (absent for a top-level message). */
  threadOf: z.string().optional(),
});
export type PostRecord = z.infer<typeof PostRecord>;

const Post: RecordType<PostRecord> = { version: 1, schema: PostRecord };

/**
 * How the ledger ids of shared answers' messages begin (`_share:<token>:<n>`): not papers, so no dedup
 * or recap counts them, but messages whose papers take reactions, so a catch-up reads them.
 */
export const SHARED_LEDGER_PREFIX = "_share:";
/** How the ledger ids of rising-paper heads-ups begin (`_rising:<paper>`): one paper each, votable. */
export const RISING_LEDGER_PREFIX = "_rising:";
/** How the ledger ids of follow-ups begin (`_followup:<paper>`): one paper each, votable. */
export const FOLLOWUP_LEDGER_PREFIX = "_followup:";
/** The `_`-prefixed ledger ids whose messages carry papers that take reactions (a catch-up reads them). */
const VOTABLE_PREFIXES = [SHARED_LEDGER_PREFIX, RISING_LEDGER_PREFIX, FOLLOWUP_LEDGER_PREFIX];

/**
 * Which papers a bot message carries, in order: one for a paper message, up to ten for a compact
 * digest whose numbered reactions (1️⃣ → the first) vote for them. Version 1 held a single `paperId`.
 */
const MessageRecord: RecordType<{ paperIds: string[] }> = {
  version: 2,
  schema: z.object({ paperIds: z.array(z.string()).min(1) }),
  migrations: {
    1: (data) => {
      const paperId = (data as { paperId?: unknown } | null)?.paperId;
      return { paperIds: typeof paperId === "string" ? [paperId] : [] };
    },
  },
};

/**
 * The delivery ledger: keyed by (channel, local date, paper), written as each message lands, so a
 * retry knows what is already out, and reactions can find the paper a message carries.
 */
export class PostRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Records that `paperId` went out in `messageId` for the channel's local `date`. */
  async record(ref: ChannelRef, post: PostRecord): Promise<void> {
    await this.kv.setMany([
      [postKey(ref, post.date, post.paperId), wrap(Post, post)],
      [messageKey(ref, post.messageId), wrap(MessageRecord, { paperIds: [post.paperId] })],
    ]);
  }

  /**
   * Records a compact digest: one message carrying several papers. Each paper gets its ledger entry
   * (so the 14-day dedup sees it), `marker` records the message itself, and the message maps to the
   * papers in order, so a numbered reaction finds its paper.
   */
  async recordCompact(
    ref: ChannelRef,
    post: { date: string; messageId: string; postedAt: string; marker: string; paperIds: string[] },
  ): Promise<void> {
    const { date, messageId, postedAt } = post;
    await this.kv.setMany([
      ...[post.marker, ...post.paperIds].map(
        (paperId) =>
          [postKey(ref, date, paperId), wrap(Post, { paperId, date, messageId, postedAt })] as const,
      ),
      [messageKey(ref, messageId), wrap(MessageRecord, { paperIds: post.paperIds })],
    ]);
  }

  /**
   * Records a message that carries papers under a ledger id of its own (a `_`-prefixed one, like a shared
   * answer's card, a rising-paper heads-up or a follow-up): reactions on it find its papers, and since the id is not a paper's, the digest's
   * 14-day dedup and the recap's "posted" list do not take it for a delivery of the day's digest.
   */
  async recordMessage(
    ref: ChannelRef,
    post: { date: string; ledgerId: string; messageId: string; postedAt: string; paperIds: string[] },
  ): Promise<void> {
    const { date, ledgerId, messageId, postedAt, paperIds } = post;
    await this.kv.setMany([
      [postKey(ref, date, ledgerId), wrap(Post, { paperId: ledgerId, date, messageId, postedAt })],
      ...(paperIds.length > 0
        ? [[messageKey(ref, messageId), wrap(MessageRecord, { paperIds })] as const]
        : []),
    ]);
  }

  /**
   * Notes that a message is about to be sent; true when an earlier attempt was already noted, i.e. it
   * was cut off between sending and recording, so the message may be out already.
   */
  async markAttempt(ref: ChannelRef, date: string, paperId: string): Promise<boolean> {
    return !(await this.kv.setIfAbsent(attemptKey(ref, date, paperId), 1, ATTEMPT_TTL_MS));
  }

  /** The delivery of one paper on one date, if it happened. */
  async find(ref: ChannelRef, date: string, paperId: string): Promise<PostRecord | undefined> {
    return unwrap(Post, await this.kv.get(postKey(ref, date, paperId)));
  }

  /** Every delivery to the channel on or after `sinceDate` (YYYY-MM-DD). */
  async since(ref: ChannelRef, sinceDate: string): Promise<PostRecord[]> {
    const rows = await this.kv.list(postsPrefix(ref));
    return rows
      .map(([, value]) => unwrap(Post, value))
      .filter((post) => post !== undefined && post.date >= sinceDate) as PostRecord[];
  }

  /**
   * The channel's paper messages delivered for `sinceDate` (YYYY-MM-DD) or later, newest first, at most
   * `limit`: each with the papers it carries in order (headers and other messages without papers are left
   * out). Reads only the ledger's tail from `sinceDate` on, so older history costs nothing.
   */
  async recentMessages(ref: ChannelRef, sinceDate: string, limit: number): Promise<PaperMessage[]> {
    const prefix = postsPrefix(ref);
    const rows = await this.kv.list(prefix, { from: `${prefix}${sinceDate}` });
    const newest = new Map<string, { postedAt: string; threadOf?: string }>();
    for (const [, value] of rows) {
      const post = unwrap(Post, value);
      if (!post || post.date < sinceDate) continue;
      if (post.paperId.startsWith("_") && !VOTABLE_PREFIXES.some((prefix) => post.paperId.startsWith(prefix)))
        continue;
      const seen = newest.get(post.messageId);
      if (seen === undefined || post.postedAt > seen.postedAt) {
        newest.set(post.messageId, {
          postedAt: post.postedAt,
          ...(post.threadOf ? { threadOf: post.threadOf } : {}),
        });
      }
    }
    const chosen = [...newest]
      .sort(([, a], [, b]) => b.postedAt.localeCompare(a.postedAt))
      .slice(0, Math.max(0, limit))
      .map(([messageId, seen]) => ({ messageId, ...seen }));
    const records = await this.kv.getMany(chosen.map(({ messageId }) => messageKey(ref, messageId)));
    return chosen.flatMap((message, index) => {
      const paperIds = unwrap(MessageRecord, records[index])?.paperIds ?? [];
      return paperIds.length > 0 ? [{ ...message, paperIds }] : [];
    });
  }

  /**
   * Where follow-ups on each paper delivered to the channel are threaded: the message it was first
   * delivered in (its digest message, or the compact digest that carried it), or, for a reply in a
   * threaded digest, the header it replies to (Slack threads hang off their first message only).
   * Reads the channel's ledger once.
   */
  async firstMessages(ref: ChannelRef): Promise<Map<string, string>> {
    const rows = await this.kv.list(postsPrefix(ref));
    const first = new Map<string, PostRecord>();
    for (const [, value] of rows) {
      const post = unwrap(Post, value);
      if (!post || post.paperId.startsWith("_")) continue;
      const seen = first.get(post.paperId);
      if (!seen || post.postedAt < seen.postedAt) first.set(post.paperId, post);
    }
    return new Map([...first].map(([paperId, post]) => [paperId, post.threadOf ?? post.messageId]));
  }

  /** The papers a channel message carries, in order (empty when the bot did not post it). */
  async papersForMessage(ref: ChannelRef, messageId: string): Promise<string[]> {
    return unwrap(MessageRecord, await this.kv.get(messageKey(ref, messageId)))?.paperIds ?? [];
  }
}

/** A bot message that carries papers, from {@link PostRepository.recentMessages}. */
export interface PaperMessage {
  messageId: string;
  /** When its latest paper was recorded (ISO). */
  postedAt: string;
  /** The papers it carries, in order. */
  paperIds: string[];
  /** The message it was posted under (a threaded digest's header), if any. */
  threadOf?: string;
}

/** How long an unfinished attempt is remembered: longer than any catch-up window. */
const ATTEMPT_TTL_MS = 3 * 24 * 3_600_000;
