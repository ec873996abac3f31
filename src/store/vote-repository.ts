import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { type ChannelRef, channelKey, escapeSegment, type Platform } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const VoteRecord = z.object({ paperId: z.string(), userId: z.string(), at: z.string() });
type VoteRecord = z.infer<typeof VoteRecord>;
const Vote: RecordType<VoteRecord> = { version: 1, schema: VoteRecord };

/**
 * Team votes: one key per (channel, paper, user), so adding twice is one vote and concurrent or
 * retried events can never double-count.
 */
export class VoteRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Records the user's vote for the paper; repeating it changes nothing. */
  async add(ref: ChannelRef, paperId: string, userId: string, at: Date): Promise<void> {
    const key = voteKey(ref, paperId, userId);
    if (await this.kv.get(key)) return;
    await this.kv.set(key, wrap(Vote, { paperId, userId, at: at.toISOString() }));
  }

  /** Withdraws the user's vote; returns whether there was one. */
  async remove(ref: ChannelRef, paperId: string, userId: string): Promise<boolean> {
    return this.kv.delete(voteKey(ref, paperId, userId));
  }

  /** Votes per paper in the channel, counting only votes cast at or after `since` when given. */
  async counts(ref: ChannelRef, since?: Date): Promise<Map<string, number>> {
    return this.tally(`vote:${channelKey(ref)}:`, since);
  }

  /** Votes per paper over every channel of a workspace (Slack App Home, workspace leaderboards). */
  async workspaceCounts(platform: Platform, workspaceId: string, since?: Date): Promise<Map<string, number>> {
    return this.tally(`vote:${escapeSegment(platform)}:${escapeSegment(workspaceId)}:`, since);
  }

  private async tally(prefix: string, since?: Date): Promise<Map<string, number>> {
    const rows = await this.kv.list(prefix);
    const counts = new Map<string, number>();
    const from = since?.toISOString();
    for (const [, value] of rows) {
      const vote = unwrap(Vote, value);
      if (!vote || (from && vote.at < from)) continue;
      counts.set(vote.paperId, (counts.get(vote.paperId) ?? 0) + 1);
    }
    return counts;
  }
}

const voteKey = (ref: ChannelRef, paperId: string, userId: string): string =>
  `vote:${channelKey(ref)}:${escapeSegment(paperId)}:${escapeSegment(userId)}`;
