import type { CommandContext } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { ChannelSettings } from "../src/store/channel-repository.ts";

/** How many topics or muted words a channel may keep; beyond that the digest stops making sense. */
export const MAX_LIST_ITEMS = 25;

/** Applies a settings change for the invoking channel, recording who made it. */
export function changeSettings(
  context: CommandContext,
  change: (settings: ChannelSettings) => ChannelSettings,
): Promise<ChannelSettings> {
  return context.store.channels.update(channelOf(context.invocation), change, {
    by: context.invocation.userId,
    at: context.now(),
  });
}

/** Case-insensitive membership, so "Forgetting" and "forgetting" are one topic. */
export function includesFolded(list: readonly string[], item: string): boolean {
  const folded = item.toLowerCase();
  return list.some((entry) => entry.toLowerCase() === folded);
}
