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
  return `${escapeSegment(ref.platform)}:${escapeSegment(ref.workspaceId)}:${escapeSegment(ref.channelId)}`;
}

/** Escapes `:` and `%` so a key segment can never be mistaken for a separator. */
export function escapeSegment(segment: string): string {
  // Most segments (ids, dates) need nothing: checked first, as every store key is built through here.
  if (!segment.includes("%") && !segment.includes(":")) return segment;
  return segment.replace(/%/g, "%25").replace(/:/g, "%3A");
}

/** Undoes {@link escapeSegment}. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/%3A/g, ":").replace(/%25/g, "%");
}
