import { type Invocation, splitCommandLine } from "../../src/chat/invocation.ts";

/** The one channel the console talks in. */
export const CONSOLE_CHANNEL = { platform: "console", workspaceId: "local", channelId: "console" } as const;

/**
 * Turns a typed line (`/papers topic forgetting`, `papers today`, or just `today`) into an Invocation.
 * The person at the console runs the bot, so they have admin rights.
 */
export function parseConsoleLine(line: string, userId: string): Invocation {
  const { command, text } = splitCommandLine(line);
  return { ...CONSOLE_CHANNEL, userId, isAdmin: true, command, text };
}
