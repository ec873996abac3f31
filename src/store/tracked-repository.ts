import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { trackedAdoptedKey, trackedKey, trackedPrefix } from "./keys.ts";
import type { ChannelRef, Platform } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const TrackedRecord = z.object({
  platform: z.string(),
  workspaceId: z.string(),
  channelId: z.string(),
  paperId: z.string(),
  /** The channel's first upvote or save of the paper (ISO). */
  since: z.string(),
  /** Its latest upvote or save (ISO): tracking ends `PAPERBOY_TRACK_DAYS` after it. */
  lastAt: z.string(),
});
const Tracked: RecordType<z.infer<typeof TrackedRecord>> = { version: 1, schema: TrackedRecord };
const Adopted: RecordType<{ at: string }> = { version: 1, schema: z.object({ at: z.string() }) };

const DAY_MS = 86_400_000;
/**
 * How long a record outlives its last signal in the store: past the longest tracking window
 * (`PAPERBOY_TRACK_DAYS` is at most 365), so a changed setting never loses one; a follow-up pass deletes
 * records past the configured window as it reads them.
 */
const KEEP_MS = 366 * DAY_MS;

/** One paper tracked in one channel. */
export interface TrackedPaper {
  channel: ChannelRef;
  paperId: string;
  since: string;
  lastAt: string;
}

/**
 * The tracked-paper index: one record per (channel, paper), written when the channel upvotes or saves the
 * paper, so a follow-up pass reads the tracked set instead of every vote and save. Taking the upvote or
 * save back does not end tracking: the channel showed interest, and its window runs out on its own.
 */
export class TrackedRepository {
  constructor(private readonly kv: KvBackend) {}

  /** Notes an upvote or save of the paper in the channel at `at`; repeating it only moves the window on. */
  async track(channel: ChannelRef, paperId: string, at: Date): Promise<void> {
    const key = trackedKey(channel, paperId);
    const known = unwrap(Tracked, await this.kv.get(key));
    const iso = at.toISOString();
    const since = known && known.since < iso ? known.since : iso;
    const lastAt = known && known.lastAt > iso ? known.lastAt : iso;
    if (known && known.since === since && known.lastAt === lastAt) return;
    const { platform, workspaceId, channelId } = channel;
    await this.kv.set(
      key,
      wrap(Tracked, { platform, workspaceId, channelId, paperId, since, lastAt }),
      KEEP_MS,
    );
  }

  /** Every tracked record, whatever its age. */
  async all(): Promise<TrackedPaper[]> {
    const found: TrackedPaper[] = [];
    for (const [, value] of await this.kv.list(trackedPrefix)) {
      const record = unwrap(Tracked, value);
      if (!record) continue;
      const { platform, workspaceId, channelId, paperId, since, lastAt } = record;
      found.push({
        channel: { platform: platform as Platform, workspaceId, channelId },
        paperId,
        since,
        lastAt,
      });
    }
    return found;
  }

  /** Deletes records whose tracking is over. */
  async forget(papers: readonly Pick<TrackedPaper, "channel" | "paperId">[]): Promise<void> {
    await Promise.all(papers.map((paper) => this.kv.delete(trackedKey(paper.channel, paper.paperId))));
  }

  /** Whether the votes and saves stored before the index existed were adopted into it. */
  async adopted(): Promise<boolean> {
    return unwrap(Adopted, await this.kv.get(trackedAdoptedKey)) !== undefined;
  }

  async markAdopted(at: Date): Promise<void> {
    await this.kv.set(trackedAdoptedKey, wrap(Adopted, { at: at.toISOString() }));
  }
}
