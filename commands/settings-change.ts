import type { CommandContext } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { ChannelSettings } from "../src/store/channel-repository.ts";
import { cleanText } from "./args.ts";

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

/**
 * The form two topics or words are compared in: "Forgetting", "forgetting" and “forgetting” are one
 * topic. Stored entries are folded too, so one saved with its quotes (before quotes were taken off)
 * still matches.
 */
export function foldText(text: string): string {
  return cleanText(text).normalize("NFKC").toLowerCase();
}

/** Whether `list` holds `item`, compared as `foldText` does. */
export function includesFolded(list: readonly string[], item: string): boolean {
  const folded = foldText(item);
  return list.some((entry) => foldText(entry) === folded);
}

/** `list` without `item`, compared as `foldText` does. */
export function withoutFolded(list: readonly string[], item: string): string[] {
  const folded = foldText(item);
  return list.filter((entry) => foldText(entry) !== folded);
}
