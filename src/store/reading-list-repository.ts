import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { allSavedPrefix, savedKey, savedPrefix, workspaceSavedPrefix } from "./keys.ts";
import { type ChannelRef, type Platform, unescapeSegment } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const SavedRecord = z.object({ paperId: z.string(), savedAt: z.string(), channelId: z.string().optional() });
/** A paper on a user's reading list. */
export type SavedPaper = z.infer<typeof SavedRecord>;
const Saved: RecordType<SavedPaper> = { version: 1, schema: SavedRecord };

/** Identifies a user on a platform: reading lists follow the person, not the channel. */
export interface UserRef {
  platform: Platform;
  workspaceId: string;
  userId: string;
}

/** Personal reading lists, filled by 🔖 reactions. */
export class ReadingListRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Adds the paper to the user's list; saving twice keeps the first date. */
  async save(user: UserRef, paperId: string, at: Date, channelId?: string): Promise<void> {
    const key = savedKey(user, paperId);
    if (await this.kv.get(key)) return;
    await this.kv.set(key, wrap(Saved, { paperId, savedAt: at.toISOString(), channelId }));
  }

  /** Removes the paper from the user's list. */
  async remove(user: UserRef, paperId: string): Promise<boolean> {
    return this.kv.delete(savedKey(user, paperId));
  }

  /**
   * Every save made by reacting 🔖 in the channel (saves record the channel they were made in; saves
   * stored before that are not known to any channel), for the channel's taste. Reads the workspace's
   * reading lists, never another workspace's.
   */
  async savedIn(ref: ChannelRef): Promise<SavedPaper[]> {
    const rows = await this.kv.list(workspaceSavedPrefix(ref.platform, ref.workspaceId));
    return rows
      .map(([, value]) => unwrap(Saved, value))
      .filter((saved): saved is SavedPaper => saved?.channelId === ref.channelId)
      .sort((a, b) => a.savedAt.localeCompare(b.savedAt) || a.paperId.localeCompare(b.paperId));
  }

  /**
   * Every save made at or after `since` by reacting in a channel, with that channel, across every
   * workspace: what tracking papers for follow-ups reads once per pass.
   */
  async everywhereSince(since: Date): Promise<(SavedPaper & { channel: ChannelRef })[]> {
    const rows = await this.kv.list(allSavedPrefix);
    const from = since.toISOString();
    const found: (SavedPaper & { channel: ChannelRef })[] = [];
    for (const [key, value] of rows) {
      const saved = unwrap(Saved, value);
      const [, platform, workspaceId] = key.split(":");
      if (!saved?.channelId || saved.savedAt < from || !platform || !workspaceId) continue;
      const channel = {
        platform: unescapeSegment(platform) as Platform,
        workspaceId: unescapeSegment(workspaceId),
        channelId: saved.channelId,
      };
      found.push({ ...saved, channel });
    }
    return found;
  }

  /** The user's list, newest first. */
  async list(user: UserRef): Promise<SavedPaper[]> {
    const rows = await this.kv.list(savedPrefix(user));
    return rows
      .map(([, value]) => unwrap(Saved, value))
      .filter((saved) => saved !== undefined)
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }
}
