/** The platforms paperboy speaks to. */
export type Platform = "slack" | "discord" | "console";

/** Identifies one channel on one platform: the unit of settings, schedules, posts and votes. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** Key segment for a channel; ids never contain `:` on any platform, and we escape it if one did. */
export function channelKey(ref: ChannelRef): string {
  return [ref.platform, ref.workspaceId, ref.channelId].map(escapeSegment).join(":");
}

/** Escapes `:` and `%` so a key segment can never be mistaken for a separator. */
export function escapeSegment(segment: string): string {
  return segment.replace(/%/g, "%25").replace(/:/g, "%3A");
}

/** Undoes {@link escapeSegment}. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/%3A/g, ":").replace(/%25/g, "%");
}
