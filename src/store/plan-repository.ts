import { createHash } from "node:crypto";
import { z } from "zod";
import type { Digest, DigestItem } from "../digest/digest.ts";
import type { Paper } from "../papers/paper.ts";
import type { KvBackend } from "./backend.ts";
import { planKey, planPaperKey, scheduledKey } from "./keys.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** How long a channel's plan and done-marker for one date are kept: well past any grace window. */
const KEEP_MS = 3 * 24 * 3_600_000;
/**
 * A paper record written for one plan is reused by the plans made after it for this long, then written
 * again; it is kept this much longer than a plan, so it outlives every plan that names it.
 */
const PAPER_REWRITE_MS = 3_600_000;
const PAPER_KEEP_MS = KEEP_MS + PAPER_REWRITE_MS;

/** A channel's scheduled digest for one local date, fixed before the first message goes out. */
export interface DigestPlan {
  digest: Digest;
  note?: string;
  scheduledAt: string;
}

/** When a scheduled digest finished going out. */
export interface DigestDone {
  scheduledAt: string;
  finishedAt: string;
  posted: number;
}

/** A plan's item as stored: the channel's rank, score, votes, `why` and TL;DR, and its paper's record key. */
type StoredItem = Omit<DigestItem, "paper"> & { paper: string };
/** A plan as stored since version 2: the digest's papers by reference (see {@link PlanRepository}). */
interface StoredPlan {
  digest: Omit<Digest, "items"> & { items: StoredItem[] };
  note?: string;
  scheduledAt: string;
}

/** Version 1: the whole papers inside every plan (14 kB a channel); still read, no longer written. */
const WholePlan: RecordType<DigestPlan> = {
  version: 1,
  schema: z.object({
    digest: z.custom<Digest>(
      (value) => typeof value === "object" && value !== null && Array.isArray((value as Digest).items),
    ),
    note: z.string().optional(),
    scheduledAt: z.string(),
  }),
};
const Plan: RecordType<StoredPlan> = {
  version: 2,
  schema: z.object({
    digest: z.custom<StoredPlan["digest"]>((value) => {
      const items = (value as StoredPlan["digest"] | null)?.items;
      return Array.isArray(items) && items.every((item) => typeof item?.paper === "string");
    }),
    note: z.string().optional(),
    scheduledAt: z.string(),
  }),
};
const PlanPaper: RecordType<Paper> = {
  version: 1,
  schema: z.custom<Paper>(
    (value) => typeof value === "object" && value !== null && typeof (value as Paper).id === "string",
  ),
};
const Done: RecordType<DigestDone> = {
  version: 1,
  schema: z.object({ scheduledAt: z.string(), finishedAt: z.string(), posted: z.number() }),
};

/**
 * What the scheduler remembers per channel and local date. The plan fixes which papers go out before
 * the first message is sent, so a process that takes over after a crash posts the same digest and the
 * delivery ledger skips what already landed; the done-marker ends the day's work for every replica.
 *
 * A plan stores its papers by reference: each paper as fixed is a record of its own, keyed by its id and
 * a hash of its text and written once for all the channels whose plans carry that same paper (a fan-out's
 * digests share the day's paper objects), so a channel's plan holds only its own part (rank, score,
 * votes, `why`, TL;DR). A plan whose paper record is gone reads as no plan, like any unreadable record.
 */
export class PlanRepository {
  /** The record each paper object was written as, and when: reused by later plans for a while. */
  private readonly written = new WeakMap<Paper, { at: number; key: Promise<string> }>();

  constructor(private readonly kv: KvBackend) {}

  async plan(ref: ChannelRef, date: string): Promise<DigestPlan | undefined> {
    const stored = await this.kv.get(planKey(ref, date));
    const whole = unwrap(WholePlan, stored);
    if (whole) return whole;
    const plan = unwrap(Plan, stored);
    if (!plan) return undefined;
    const records = await this.kv.getMany(plan.digest.items.map((item) => item.paper));
    const items: DigestItem[] = [];
    for (const [index, { paper: _key, ...own }] of plan.digest.items.entries()) {
      const paper = unwrap(PlanPaper, records[index]);
      if (!paper) return undefined;
      items.push({ paper, ...own });
    }
    return { ...plan, digest: { ...plan.digest, items } };
  }

  async savePlan(ref: ChannelRef, date: string, plan: DigestPlan): Promise<void> {
    const keys = await Promise.all(plan.digest.items.map((item) => this.paperRecord(item.paper)));
    const items = plan.digest.items.map(({ paper: _paper, ...own }, index) => ({
      paper: keys[index] as string,
      ...own,
    }));
    const stored: StoredPlan = { ...plan, digest: { ...plan.digest, items } };
    await this.kv.set(planKey(ref, date), wrap(Plan, stored), KEEP_MS);
  }

  async done(ref: ChannelRef, date: string): Promise<DigestDone | undefined> {
    return unwrap(Done, await this.kv.get(scheduledKey(ref, date)));
  }

  async markDone(ref: ChannelRef, date: string, done: DigestDone): Promise<void> {
    await this.kv.set(scheduledKey(ref, date), wrap(Done, done), KEEP_MS);
  }

  /** Writes the paper's record (once per paper object for `PAPER_REWRITE_MS`); resolves with its key. */
  private paperRecord(paper: Paper): Promise<string> {
    const now = Date.now();
    const known = this.written.get(paper);
    if (known && now - known.at < PAPER_REWRITE_MS) return known.key;
    const hash = createHash("sha256").update(JSON.stringify(paper)).digest("hex").slice(0, 16);
    const key = planPaperKey(paper.id, hash);
    const entry = {
      at: now,
      key: this.kv.set(key, wrap(PlanPaper, paper), PAPER_KEEP_MS).then(() => key),
    };
    this.written.set(paper, entry);
    entry.key.catch(() => {
      if (this.written.get(paper) === entry) this.written.delete(paper);
    });
    return entry.key;
  }
}
