import { renderText } from "../../src/chat/render-text.ts";
import type { Reply } from "../../src/chat/reply.ts";

/**
 * Removes what a terminal would interpret: escape sequences (a title could otherwise move the cursor,
 * recolour the screen or set the window title) and every other control or bidi-override character.
 */
export function cleanForTerminal(untrusted: string): string {
  return (
    untrusted
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escape sequences is the point
      .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, "")
      .replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, " ")
      .replace(/ {2,}/g, " ")
  );
}

/** A reply as terminal text. */
export function renderConsole(reply: Reply): string {
  return renderText(reply, { clean: cleanForTerminal });
}
