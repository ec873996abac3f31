import { z } from "zod";
import type { Digest } from "../digest/digest.ts";
import type { KvBackend } from "./backend.ts";
import { planKey, scheduledKey } from "./keys.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** How long a channel's plan and done-marker for one date are kept: well past any grace window. */
const KEEP_MS = 3 * 24 * 3_600_000;

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

const Plan: RecordType<DigestPlan> = {
  version: 1,
  schema: z.object({
    digest: z.custom<Digest>(
      (value) => typeof value === "object" && value !== null && Array.isArray((value as Digest).items),
    ),
    note: z.string().optional(),
    scheduledAt: z.string(),
  }),
};
const Done: RecordType<DigestDone> = {
  version: 1,
  schema: z.object({ scheduledAt: z.string(), finishedAt: z.string(), posted: z.number() }),
};

/**
 * What the scheduler remembers per channel and local date. The plan fixes which papers go out before
 * the first message is sent, so a process that takes over after a crash posts the same digest and the
 * delivery ledger skips what already landed; the done-marker ends the day's work for every replica.
 */
export class PlanRepository {
  constructor(private readonly kv: KvBackend) {}

  async plan(ref: ChannelRef, date: string): Promise<DigestPlan | undefined> {
    return unwrap(Plan, await this.kv.get(planKey(ref, date)));
  }

  async savePlan(ref: ChannelRef, date: string, plan: DigestPlan): Promise<void> {
    await this.kv.set(planKey(ref, date), wrap(Plan, plan), KEEP_MS);
  }

  async done(ref: ChannelRef, date: string): Promise<DigestDone | undefined> {
    return unwrap(Done, await this.kv.get(scheduledKey(ref, date)));
  }

  async markDone(ref: ChannelRef, date: string, done: DigestDone): Promise<void> {
    await this.kv.set(scheduledKey(ref, date), wrap(Done, done), KEEP_MS);
  }
}
