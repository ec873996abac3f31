import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import {
  followupBudgetKey,
  followupDayKey,
  followupEventKey,
  followupEventsPrefix,
  followupSentKey,
  followupSentPrefix,
  followupSnapshotKey,
  followupWindowKey,
} from "./keys.ts";
import { type ChannelRef, unescapeSegment } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** What can happen to a tracked paper that a channel hears about once. */
export const FollowupKind = z.enum(["code", "version", "model", "dataset", "space"]);
export type FollowupKind = z.infer<typeof FollowupKind>;

/**
 * What paperboy last read about a paper upstream, shared by every channel tracking it. A linked-repo
 * list left out was never read (Hugging Face unreachable or not asked yet): nothing is compared to it.
 */
export const FollowupSnapshot = z.object({
  refreshedAt: z.string(),
  githubRepo: z.string().optional(),
  version: z.number().int().positive().optional(),
  models: z.array(z.string()).optional(),
  datasets: z.array(z.string()).optional(),
  spaces: z.array(z.string()).optional(),
});
export type FollowupSnapshot = z.infer<typeof FollowupSnapshot>;

/** A change seen upstream, once per paper and kind, whichever channels track it. */
export const FollowupEvent = z.object({
  paperId: z.string(),
  kind: FollowupKind,
  /** What appeared: the repository URL, the new version number, the new model/dataset/Space ids. */
  detail: z.array(z.string()),
  detectedAt: z.string(),
});
export type FollowupEvent = z.infer<typeof FollowupEvent>;

/** One threaded follow-up message of a channel's day: the paper, what it says, and under which message. */
export const FollowupItem = z.object({
  paperId: z.string(),
  title: z.string(),
  kinds: z.array(FollowupKind).min(1),
  text: z.string(),
  /** The message that carried the paper in the channel; absent: posted in the channel itself. */
  parentMessageId: z.string().optional(),
});
export type FollowupItem = z.infer<typeof FollowupItem>;

/** A channel's follow-ups of one local date, fixed before the first is sent. */
const Plan: RecordType<{ items: FollowupItem[] }> = {
  version: 1,
  schema: z.object({ items: z.array(FollowupItem) }),
};
const Snapshot: RecordType<FollowupSnapshot> = { version: 1, schema: FollowupSnapshot };
const Event: RecordType<FollowupEvent> = { version: 1, schema: FollowupEvent };
const Sent: RecordType<{ messageId: string; date: string; postedAt: string }> = {
  version: 1,
  schema: z.object({ messageId: z.string(), date: z.string(), postedAt: z.string() }),
};
const Done: RecordType<{ finishedAt: string; posted: number }> = {
  version: 1,
  schema: z.object({ finishedAt: z.string(), posted: z.number() }),
};
const Budget: RecordType<{ requests: number }> = {
  version: 1,
  schema: z.object({ requests: z.number().int().nonnegative() }),
};

const HfWindow: RecordType<HuggingFaceWindow> = {
  version: 1,
  schema: z.object({ startedAt: z.number(), calls: z.number().int().nonnegative() }),
};

/** The follow-up refresher's share of Hugging Face used in the window that started at `startedAt` (epoch ms). */
export interface HuggingFaceWindow {
  startedAt: number;
  calls: number;
}

const DAY_MS = 86_400_000;
/** How long a day's plan, done-marker and request count are kept: past any catch-up. */
const DAY_RECORD_MS = 3 * DAY_MS;
/** How long a sent follow-up is remembered: a paper tracked again later never hears the same news twice. */
const SENT_MS = 400 * DAY_MS;

/**
 * Follow-ups on tracked papers: per paper, the last upstream snapshot and the changes seen (shared by
 * every channel); per channel, the ledger of follow-ups sent (paper, kind) and each day's plan; per UTC
 * day, the upstream requests the refresher spent, and its share of Hugging Face's current window.
 */
export class FollowupRepository {
  constructor(
    private readonly kv: KvBackend,
    /** How long snapshots and events outlive their last refresh: the tracking window and a margin. */
    private readonly keepMs: number = 90 * DAY_MS,
  ) {}

  async snapshots(paperIds: readonly string[]): Promise<Map<string, FollowupSnapshot>> {
    const values = await this.kv.getMany(paperIds.map(snapshotKey));
    const found = new Map<string, FollowupSnapshot>();
    values.forEach((value, index) => {
      const snapshot = unwrap(Snapshot, value);
      const id = paperIds[index];
      if (snapshot && id !== undefined) found.set(id, snapshot);
    });
    return found;
  }

  /** Stores the snapshots and the events (an event already stored for its paper and kind is kept). */
  async saveRefresh(
    snapshots: ReadonlyMap<string, FollowupSnapshot>,
    events: readonly FollowupEvent[],
  ): Promise<void> {
    // Events are plain records read back by `events()`, not leases, so "kept if already stored" is a
    // read then a write: one refresh pass runs at a time (it holds the refresh claim).
    const eventKeys = events.map((event) => eventKey(event.paperId, event.kind));
    const stored = eventKeys.length > 0 ? await this.kv.getMany(eventKeys) : [];
    await Promise.all([
      ...[...snapshots].map(([id, snapshot]) =>
        this.kv.set(snapshotKey(id), wrap(Snapshot, snapshot), this.keepMs),
      ),
      ...events.flatMap((event, index) =>
        stored[index] === undefined
          ? [this.kv.set(eventKeys[index] as string, wrap(Event, event), this.keepMs)]
          : [],
      ),
    ]);
  }

  /** Every stored change, by paper. */
  async events(): Promise<Map<string, FollowupEvent[]>> {
    const byPaper = new Map<string, FollowupEvent[]>();
    for (const [, value] of await this.kv.list(followupEventsPrefix)) {
      const event = unwrap(Event, value);
      if (!event) continue;
      byPaper.set(event.paperId, [...(byPaper.get(event.paperId) ?? []), event]);
    }
    return byPaper;
  }

  /** Whether the channel already got the follow-up on this paper and kind. */
  async wasSent(ref: ChannelRef, paperId: string, kind: FollowupKind): Promise<boolean> {
    return (await this.kv.get(sentKey(ref, paperId, kind))) !== undefined;
  }

  /** Records that one message told the channel about these kinds of change on the paper. */
  async recordSent(
    ref: ChannelRef,
    item: Pick<FollowupItem, "paperId" | "kinds">,
    sent: { messageId: string; date: string; postedAt: string },
  ): Promise<void> {
    await Promise.all(
      item.kinds.map((kind) => this.kv.set(sentKey(ref, item.paperId, kind), wrap(Sent, sent), SENT_MS)),
    );
  }

  /** The follow-ups the channel was sent at or after `since` and before `until` (ISO instants), oldest first. */
  async sentBetween(
    ref: ChannelRef,
    since: string,
    until: string,
  ): Promise<{ paperId: string; kind: FollowupKind; postedAt: string }[]> {
    const prefix = followupSentPrefix(ref);
    const found: { paperId: string; kind: FollowupKind; postedAt: string }[] = [];
    for (const [key, value] of await this.kv.list(prefix)) {
      const sent = unwrap(Sent, value);
      const rest = key.slice(prefix.length);
      const split = rest.lastIndexOf(":");
      const kind = FollowupKind.safeParse(rest.slice(split + 1));
      if (!sent || split < 0 || !kind.success || sent.postedAt < since || sent.postedAt >= until) continue;
      found.push({
        paperId: unescapeSegment(rest.slice(0, split)),
        kind: kind.data,
        postedAt: sent.postedAt,
      });
    }
    return found.sort((a, b) => a.postedAt.localeCompare(b.postedAt) || a.paperId.localeCompare(b.paperId));
  }

  async plan(ref: ChannelRef, date: string): Promise<FollowupItem[] | undefined> {
    return unwrap(Plan, await this.kv.get(dayKey("plan", ref, date)))?.items;
  }

  async savePlan(ref: ChannelRef, date: string, items: readonly FollowupItem[]): Promise<void> {
    await this.kv.set(dayKey("plan", ref, date), wrap(Plan, { items: [...items] }), DAY_RECORD_MS);
  }

  async done(ref: ChannelRef, date: string): Promise<boolean> {
    return unwrap(Done, await this.kv.get(dayKey("done", ref, date))) !== undefined;
  }

  async markDone(ref: ChannelRef, date: string, done: { finishedAt: string; posted: number }): Promise<void> {
    await this.kv.set(dayKey("done", ref, date), wrap(Done, done), DAY_RECORD_MS);
  }

  /** Upstream requests the refresher spent on the UTC `date`. */
  async spent(date: string): Promise<number> {
    return unwrap(Budget, await this.kv.get(followupBudgetKey(date)))?.requests ?? 0;
  }

  async setSpent(date: string, requests: number): Promise<void> {
    await this.kv.set(followupBudgetKey(date), wrap(Budget, { requests }), DAY_RECORD_MS);
  }

  /** The refresher's current Hugging Face window, shared by every replica (one refresh runs at a time). */
  async huggingFaceWindow(): Promise<HuggingFaceWindow | undefined> {
    return unwrap(HfWindow, await this.kv.get(followupWindowKey));
  }

  async setHuggingFaceWindow(window: HuggingFaceWindow): Promise<void> {
    await this.kv.set(followupWindowKey, wrap(HfWindow, window), DAY_MS);
  }
}

const snapshotKey = followupSnapshotKey;
const eventKey = followupEventKey;
const sentKey = followupSentKey;
const dayKey = followupDayKey;
