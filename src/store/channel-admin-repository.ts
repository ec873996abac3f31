import { z } from "zod";
import type { KvBackend } from "./backend.ts";
import { channelAdminKey, channelAdminsPrefix } from "./keys.ts";
import type { ChannelRef } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

/** How many paperboy admins one channel may have: enough for a team, few enough to read in a refusal. */
export const MAX_CHANNEL_ADMINS = 50;

/** One user made a paperboy admin of a channel: who did it, and when (ISO instant). */
export const ChannelAdmin = z.object({
  userId: z.string().min(1),
  addedBy: z.string(),
  addedAt: z.iso.datetime(),
});
export type ChannelAdmin = z.infer<typeof ChannelAdmin>;

const AdminRecord: RecordType<ChannelAdmin> = { version: 1, schema: ChannelAdmin };

/** What {@link ChannelAdminRepository.add} did. */
export type AddAdminResult = "added" | "already" | "full";

/**
 * The people a channel's admins allowed to configure it with `/papers admins add`, one record per user
 * under the channel's own key (platform, workspace, channel): a list never reaches another channel or
 * workspace, and two admins added at once are both kept. The cap is checked before writing, so two adds
 * racing at the very limit may leave one more than {@link MAX_CHANNEL_ADMINS}; later adds are refused.
 */
export class ChannelAdminRepository {
  constructor(private readonly kv: KvBackend) {}

  /** The channel's paperboy admins, oldest first. */
  async list(ref: ChannelRef): Promise<ChannelAdmin[]> {
    const rows = await this.kv.list(channelAdminsPrefix(ref));
    return rows
      .map(([, value]) => unwrap(AdminRecord, value))
      .filter((admin) => admin !== undefined)
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.userId.localeCompare(b.userId));
  }

  /** Whether `userId` is one of the channel's paperboy admins. */
  async has(ref: ChannelRef, userId: string): Promise<boolean> {
    return unwrap(AdminRecord, await this.kv.get(channelAdminKey(ref, userId))) !== undefined;
  }

  /** Makes `userId` a paperboy admin of the channel, unless they are one or the list is full. */
  async add(ref: ChannelRef, userId: string, meta: { by: string; at: Date }): Promise<AddAdminResult> {
    if (await this.has(ref, userId)) return "already";
    if ((await this.list(ref)).length >= MAX_CHANNEL_ADMINS) return "full";
    const record: ChannelAdmin = { userId, addedBy: meta.by, addedAt: meta.at.toISOString() };
    await this.kv.set(channelAdminKey(ref, userId), wrap(AdminRecord, record));
    return "added";
  }

  /** Takes `userId` off the channel's paperboy admins; false when they were not on it. */
  async remove(ref: ChannelRef, userId: string): Promise<boolean> {
    return this.kv.delete(channelAdminKey(ref, userId));
  }
}
