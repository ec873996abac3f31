import { z } from "zod";
import { RankingBlend } from "../ranking/blend.ts";
import type { KvBackend } from "./backend.ts";
import { channelSettingsKey, channelsPrefix } from "./keys.ts";
import { RecapSchedule } from "./recap-settings.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/**
 * When a channel's digest is posted: a local time, its time zone, and which days; or, for power users,
 * a five-field cron expression (evaluated in the time zone) that replaces time and days. `since` is
 * when an admin set it (ISO instant): earlier occurrences are never posted, so a new schedule starts at
 * its next occurrence rather than catching up. Records from before `since` existed have none, and
 * every occurrence counts for them as it always did.
 */
export const Schedule = z.object({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string(),
  days: z.enum(["daily", "weekdays", "weekends"]),
  cron: z.string().optional(),
  since: z.iso.datetime().optional(),
});
export type Schedule = z.infer<typeof Schedule>;

/**
 * How a digest is posted: one message per paper (react on each), the same papers as replies under the
 * header (thread), or one compact numbered message.
 */
export const DigestLayout = z.enum(["messages", "thread", "compact"]);
export type DigestLayout = z.infer<typeof DigestLayout>;

/** Everything a channel has chosen. */
export const ChannelSettings = z.object({
  platform: z.enum(["slack", "discord", "console"]),
  workspaceId: z.string(),
  channelId: z.string(),
  schedule: Schedule.nullable().default(null),
  followedTopics: z.array(z.string()).default([]),
  /** People whose papers are lifted like a followed topic's (names as typed; matched leniently). */
  followedAuthors: z.array(z.string()).optional(),
  /** Hugging Face organizations whose papers are lifted like a followed topic's. */
  followedOrgs: z.array(z.string()).optional(),
  /** Follow-ups on tracked papers (code, new arXiv version, linked model, dataset or Space); unset: on. */
  alerts: z.boolean().optional(),
  /** A heads-up when a paper matching the channel's follows or taste climbs fast on Hugging Face; unset: off. */
  risingAlerts: z.boolean().optional(),
  mutedWords: z.array(z.string()).default([]),
  digestSize: z.number().int().min(1).max(20).optional(),
  layout: DigestLayout.default("messages"),
  /** How the digest weighs the channel's taste against trending; unset (and in older records): `balanced`. */
  ranking: RankingBlend.optional(),
  /** When an admin reset the taste (ISO instant): reactions made before it no longer shape the ranking. */
  tasteResetAt: z.iso.datetime().optional(),
  /** When the weekly recap is posted; unset: no recap (`/papers recap <day> <HH:MM>` sets it). */
  recap: RecapSchedule.optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

const SettingsRecord: RecordType<ChannelSettings> = { version: 1, schema: ChannelSettings };

/** Per-channel settings; a channel never configured reads as the defaults. */
export class ChannelRepository {
  private readonly listeners = new Set<(settings: ChannelSettings) => void>();

  constructor(private readonly kv: KvBackend) {}

  /**
   * Calls `listener` after every settings change made through this process (the scheduler reacts at
   * once; changes made by other replicas reach it at its next sweep). Returns the unsubscribe function.
   */
  onChange(listener: (settings: ChannelSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The channel's settings, or the defaults when it has none yet. */
  async get(ref: ChannelRef): Promise<ChannelSettings> {
    return (
      unwrap(SettingsRecord, await this.kv.get(channelSettingsKey(ref))) ??
      ChannelSettings.parse({
        platform: ref.platform,
        workspaceId: ref.workspaceId,
        channelId: ref.channelId,
      })
    );
  }

  /** Applies `change` to the channel's settings and stores the result. */
  async update(
    ref: ChannelRef,
    change: (settings: ChannelSettings) => ChannelSettings,
    meta: { by: string; at: Date },
  ): Promise<ChannelSettings> {
    const next = ChannelSettings.parse({
      ...change(await this.get(ref)),
      updatedAt: meta.at.toISOString(),
      updatedBy: meta.by,
    });
    await this.kv.set(channelSettingsKey(ref), wrap(SettingsRecord, next));
    for (const listener of this.listeners) listener(next);
    return next;
  }

  /** Every channel that has stored settings (for the scheduler). */
  async list(): Promise<ChannelSettings[]> {
    const rows = await this.kv.list(channelsPrefix);
    return rows.map(([, value]) => unwrap(SettingsRecord, value)).filter((value) => value !== undefined);
  }
}
