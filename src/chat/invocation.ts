import type { ChannelRef, Platform } from "../store/refs.ts";

/** One `/papers …` command as typed by a person, whatever platform it came from. */
export interface Invocation {
  platform: Platform;
  workspaceId: string;
  channelId: string;
  userId: string;
  /** Whether the user may change this channel's settings (Manage Channels, workspace admin, allow-list). */
  isAdmin: boolean;
  /** The subcommand name as typed (`topic`), lower-cased; empty for a bare `/papers`. */
  command: string;
  /** The rest of the text after the subcommand, untrimmed of inner spacing. */
  text: string;
  /** Typed options where the platform has them (Discord); keys are the command's option names. */
  options?: Record<string, string | undefined>;
  /**
   * Who may configure this channel on its platform, in its words, besides the channel's paperboy admins
   * (the store has those): set with the user's rights, when the user has none or the command shows them.
   */
  configurers?: readonly Configurer[];
}

/**
 * One kind of person who may configure a channel, as its platform puts it: "workspace admins and owners",
 * "the channel's creator" (`user`: who that is), "members with Manage Channels in this channel". `unknown`
 * says why `user` could not be looked up.
 */
export interface Configurer {
  who: string;
  user?: string;
  unknown?: string;
}

/** The channel an invocation was typed in. */
export function channelOf(invocation: Invocation): ChannelRef {
  return {
    platform: invocation.platform,
    workspaceId: invocation.workspaceId,
    channelId: invocation.channelId,
  };
}

/**
 * Splits a line like `/papers topic continual learning` (or `papers topic …`, or `topic …`) into the
 * subcommand and its argument text. Never throws.
 */
export function splitCommandLine(line: string): { command: string; text: string } {
  const trimmed = line
    .trim()
    .replace(/^\/?papers\b/i, "")
    .trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { command: "", text: "" };
  return { command: (match[1] ?? "").toLowerCase(), text: (match[2] ?? "").trim() };
}
