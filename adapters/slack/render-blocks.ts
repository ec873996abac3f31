import type { ContextBlock, DividerBlock, HeaderBlock, MrkdwnElement, SectionBlock } from "@slack/types";
import { mrkdwnField, plainField } from "./escape.ts";
import { MAX_CONTEXT_ELEMENTS, MAX_HEADER_TEXT } from "./limits.ts";

/**
 * Small Block Kit builders. `header` and `contextOf` take raw untrusted text and make it safe; `section`
 * and `mrkdwn` take text the caller already built from safe parts (their limits are the caller's job).
 */

/** A mrkdwn text object with `verbatim` on, so Slack never auto-links a URL or a #channel inside it. */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: "mrkdwn", text, verbatim: true };
}

/** A header block from raw text: escaped, at most 150 characters. */
export function header(raw: string): HeaderBlock {
  // Slack refuses an empty header; a title of nothing but spaces or control characters cleans to "".
  const text = plainField(raw, MAX_HEADER_TEXT) || "…";
  return { type: "header", text: { type: "plain_text", text, emoji: true } };
}

/** A section from already-safe mrkdwn the caller kept within 3000 characters. */
export function section(safeText: string): SectionBlock {
  return { type: "section", text: mrkdwn(safeText) };
}

/** A context block from raw lines (empty ones dropped), each escaped; undefined when nothing is left. */
export function contextOf(raw: (string | undefined)[], budget: number): ContextBlock | undefined {
  const elements = raw
    .map((line) => (line ? mrkdwnField(line, budget) : ""))
    .filter((line) => line.length > 0)
    .slice(0, MAX_CONTEXT_ELEMENTS)
    .map(mrkdwn);
  return elements.length > 0 ? { type: "context", elements } : undefined;
}

/** A divider between papers. */
export const divider: DividerBlock = { type: "divider" };

/** The items that are present, so optional blocks can be listed inline. */
export function present<T>(items: (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}
