import { z } from "zod";
import { appendReading, HISTORY_KEEP_MS, type UpvoteReading } from "../rising/velocity.ts";
import type { KvBackend } from "./backend.ts";
import { risingSentKey, risingUpvotesKey } from "./keys.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const Reading = z.object({ at: z.string(), upvotes: z.number().int().nonnegative() });
const History: RecordType<{ readings: UpvoteReading[] }> = {
  version: 1,
  schema: z.object({ readings: z.array(Reading) }),
};
const Sent: RecordType<{ messageId: string; date: string; postedAt: string }> = {
  version: 1,
  schema: z.object({ messageId: z.string(), date: z.string(), postedAt: z.string() }),
};

/** How long a heads-up is remembered: far past the two days a paper can be a rising candidate. */
const SENT_MS = 30 * 86_400_000;

/**
 * Rising papers: per paper, its recent Hugging Face upvote readings (bounded, see `appendReading`), shared
 * by every channel; per channel, the ledger of heads-ups sent, one per paper ever.
 */
export class RisingRepository {
  constructor(private readonly kv: KvBackend) {}

  /** The stored readings of each paper that has any. */
  async histories(paperIds: readonly string[]): Promise<Map<string, UpvoteReading[]>> {
    if (paperIds.length === 0) return new Map();
    const values = await this.kv.getMany(paperIds.map(risingUpvotesKey));
    const found = new Map<string, UpvoteReading[]>();
    values.forEach((value, index) => {
      const history = unwrap(History, value);
      const id = paperIds[index];
      if (history && id !== undefined) found.set(id, history.readings);
    });
    return found;
  }

  /**
   * Adds one reading per paper, taken at `now`. A read then a write: two replicas recording the same
   * paper at the same moment may keep only one of the two readings, which costs a sample, not a result.
   */
  async record(readings: readonly { paperId: string; upvotes: number }[], now: Date): Promise<void> {
    if (readings.length === 0) return;
    const known = await this.histories(readings.map((reading) => reading.paperId));
    const at = now.toISOString();
    await Promise.all(
      readings.map(({ paperId, upvotes }) =>
        this.kv.set(
          risingUpvotesKey(paperId),
          wrap(History, { readings: appendReading(known.get(paperId) ?? [], { at, upvotes }, now) }),
          HISTORY_KEEP_MS,
        ),
      ),
    );
  }

  /** Whether the channel already got the heads-up about this paper. */
  async wasSent(ref: ChannelRef, paperId: string): Promise<boolean> {
    return (await this.kv.get(risingSentKey(ref, paperId))) !== undefined;
  }

  /** Records that the channel got (or, unavailable, will never get) the heads-up about this paper. */
  async recordSent(
    ref: ChannelRef,
    paperId: string,
    sent: { messageId: string; date: string; postedAt: string },
  ): Promise<void> {
    await this.kv.set(risingSentKey(ref, paperId), wrap(Sent, sent), SENT_MS);
  }
}
