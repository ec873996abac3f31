import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import {
  allVotesPrefix,
  legacyVoteKey,
  type VoteKind,
  voteKey,
  votesPrefix,
  workspaceVotesPrefix,
} from "./keys.ts";
import { type ChannelRef, type Platform, unescapeSegment } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** `emoji` and `messageId` name the reaction that cast the vote; votes stored before they were kept lack them. */
const VoteRecord = z.object({
  paperId: z.string(),
  userId: z.string(),
  at: z.string(),
  emoji: z.string().optional(),
  messageId: z.string().optional(),
});
type VoteRecord = z.infer<typeof VoteRecord>;
const Vote: RecordType<VoteRecord> = { version: 1, schema: VoteRecord };

/**
 * Team votes: one key per (channel, paper, user, emoji), so adding twice is one vote and concurrent or
 * retried events can never double-count. A user's upvote emoji on one paper (👍 and 🔥) are separate
 * keys, so taking one of them away leaves the vote the other still casts; counts count each user once.
 * Downvotes (👎) are the same kind of record under their own key prefix (`downvote`), so they never
 * reach a leaderboard's counts.
 */
export class VoteRepository {
  constructor(
    private readonly kv: KvBackend,
    private readonly prefix: VoteKind = "vote",
  ) {}

  /**
   * Records the user's vote for the paper with `emoji` (any one, if unsaid), cast by reacting on
   * `messageId` when given; repeating it changes nothing. Returns whether this call stored it.
   */
  async add(
    ref: ChannelRef,
    paperId: string,
    userId: string,
    at: Date,
    emoji = ANY_EMOJI,
    messageId?: string,
  ): Promise<boolean> {
    const key = voteKey(this.prefix, ref, paperId, userId, emoji);
    if (await this.kv.get(key)) return false;
    const source = emoji === ANY_EMOJI ? {} : { emoji, ...(messageId ? { messageId } : {}) };
    await this.kv.set(key, wrap(Vote, { paperId, userId, at: at.toISOString(), ...source }));
    return true;
  }

  /**
   * Withdraws the vote `emoji` cast; returns whether there was one. The user's vote stands while any
   * other of their upvote emoji remains. A vote stored before votes were kept per emoji is withdrawn
   * by any upvote emoji, as it was then.
   */
  async remove(ref: ChannelRef, paperId: string, userId: string, emoji = ANY_EMOJI): Promise<boolean> {
    const [removed, legacy] = await Promise.all([
      this.kv.delete(voteKey(this.prefix, ref, paperId, userId, emoji)),
      this.kv.delete(legacyVoteKey(this.prefix, ref, paperId, userId)),
    ]);
    return removed || legacy;
  }

  /**
   * The channel's votes that were cast by a reaction on a known message, grouped by that message: what a
   * reconciliation compares with the reactions still on it. Votes stored without their message are left out.
   */
  async byMessage(ref: ChannelRef): Promise<Map<string, ReactionVote[]>> {
    const rows = await this.kv.list(votesPrefix(this.prefix, ref));
    const found = new Map<string, ReactionVote[]>();
    for (const [, value] of rows) {
      const vote = unwrap(Vote, value);
      if (!vote?.messageId || !vote.emoji) continue;
      const votes = found.get(vote.messageId) ?? [];
      votes.push({ paperId: vote.paperId, userId: vote.userId, emoji: vote.emoji, at: vote.at });
      found.set(vote.messageId, votes);
    }
    return found;
  }

  /** Votes per paper in the channel, counting only votes cast at or after `since` when given. */
  async counts(ref: ChannelRef, since?: Date): Promise<Map<string, number>> {
    return this.tally(votesPrefix(this.prefix, ref), since);
  }

  /**
   * Every vote in the channel cast at or after `since` when given, one per user and paper (the earliest
   * emoji's), in key order: what a channel's taste learns from.
   */
  async list(ref: ChannelRef, since?: Date): Promise<CastVote[]> {
    const rows = await this.kv.list(votesPrefix(this.prefix, ref));
    const from = since?.toISOString();
    const seen = new Map<string, CastVote>();
    for (const [, value] of rows) {
      const vote = unwrap(Vote, value);
      if (!vote || (from && vote.at < from)) continue;
      const voter = JSON.stringify([vote.paperId, vote.userId]);
      const known = seen.get(voter);
      if (!known || vote.at < known.at)
        seen.set(voter, { paperId: vote.paperId, userId: vote.userId, at: vote.at });
    }
    return [...seen.values()];
  }

  /**
   * Every vote cast at or after `since` in every channel, with its channel: what tracking papers for
   * follow-ups reads, once per pass, instead of one listing per channel.
   */
  async everywhereSince(since: Date): Promise<(CastVote & { channel: ChannelRef })[]> {
    const rows = await this.kv.list(allVotesPrefix(this.prefix));
    const from = since.toISOString();
    const found: (CastVote & { channel: ChannelRef })[] = [];
    for (const [key, value] of rows) {
      const vote = unwrap(Vote, value);
      const [, platform, workspaceId, channelId] = key.split(":");
      if (!vote || vote.at < from || !platform || !workspaceId || !channelId) continue;
      const channel = {
        platform: unescapeSegment(platform) as Platform,
        workspaceId: unescapeSegment(workspaceId),
        channelId: unescapeSegment(channelId),
      };
      found.push({ paperId: vote.paperId, userId: vote.userId, at: vote.at, channel });
    }
    return found;
  }

  /** Votes per paper over every channel of a workspace (Slack App Home, workspace leaderboards). */
  async workspaceCounts(platform: Platform, workspaceId: string, since?: Date): Promise<Map<string, number>> {
    return this.tally(workspaceVotesPrefix(this.prefix, platform, workspaceId), since);
  }

  private async tally(prefix: string, since?: Date): Promise<Map<string, number>> {
    const rows = await this.kv.list(prefix);
    const counts = new Map<string, number>();
    const counted = new Set<string>();
    const from = since?.toISOString();
    for (const [, value] of rows) {
      const vote = unwrap(Vote, value);
      if (!vote || (from && vote.at < from)) continue;
      const voter = JSON.stringify([vote.paperId, vote.userId]);
      if (counted.has(voter)) continue;
      counted.add(voter);
      counts.set(vote.paperId, (counts.get(vote.paperId) ?? 0) + 1);
    }
    return counts;
  }
}

/** A vote cast by one user's reaction with `emoji` (normalised) on a message. */
export interface ReactionVote {
  paperId: string;
  userId: string;
  emoji: string;
  /** When it was stored (ISO). */
  at: string;
}

/** One user's vote on one paper and when it was first cast (ISO). */
export interface CastVote {
  paperId: string;
  userId: string;
  at: string;
}

/** The emoji of a vote recorded without one (by commands and tests rather than reactions). */
const ANY_EMOJI = "*";
