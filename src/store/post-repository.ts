import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { type ChannelRef, channelKey, escapeSegment } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** One paper delivered to one channel: which message carries it, for reactions and the 14-day dedup. */
export const PostRecord = z.object({
  paperId: z.string(),
  date: z.string(),
  messageId: z.string(),
  postedAt: z.string(),
});
export type PostRecord = z.infer<typeof PostRecord>;

const Post: RecordType<PostRecord> = { version: 1, schema: PostRecord };
const MessageRecord: RecordType<{ paperId: string }> = {
  version: 1,
  schema: z.object({ paperId: z.string() }),
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
      [messageKey(ref, post.messageId), wrap(MessageRecord, { paperId: post.paperId })],
    ]);
  }

  /** The delivery of one paper on one date, if it happened. */
  async find(ref: ChannelRef, date: string, paperId: string): Promise<PostRecord | undefined> {
    return unwrap(Post, await this.kv.get(postKey(ref, date, paperId)));
  }

  /** Every delivery to the channel on or after `sinceDate` (YYYY-MM-DD). */
  async since(ref: ChannelRef, sinceDate: string): Promise<PostRecord[]> {
    const rows = await this.kv.list(`post:${channelKey(ref)}:`);
    return rows
      .map(([, value]) => unwrap(Post, value))
      .filter((post) => post !== undefined && post.date >= sinceDate) as PostRecord[];
  }

  /** The paper a channel message carries, if the bot posted it. */
  async paperForMessage(ref: ChannelRef, messageId: string): Promise<string | undefined> {
    return unwrap(MessageRecord, await this.kv.get(messageKey(ref, messageId)))?.paperId;
  }
}

const postKey = (ref: ChannelRef, date: string, paperId: string): string =>
  `post:${channelKey(ref)}:${date}:${escapeSegment(paperId)}`;
const messageKey = (ref: ChannelRef, messageId: string): string =>
  `message:${channelKey(ref)}:${escapeSegment(messageId)}`;
