import type { KnownBlock } from "@slack/types";
import { fitText, plainSafe } from "./escape.ts";
import { MAX_BLOCKS, MAX_FALLBACK_TEXT } from "./limits.ts";
import type { Unit } from "./render-paper.ts";

/** One Slack message: Block Kit blocks plus the plain-text fallback used in notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** How `packMessages` lays units out. */
export interface PackOptions {
  /** Put a divider between units (and between the lead and the first unit). */
  dividers: boolean;
  /** The lead of every message after the first, e.g. "📰 Daily papers (continued)". */
  continued: Unit;
}

/**
 * Packs a lead and units into as few messages as Slack's 50-block limit allows, never splitting a unit.
 * Each message's fallback is its own units' plain text, cut to fit, then escaped.
 */
export function packMessages(lead: Unit, units: Unit[], options: PackOptions): SlackMessage[] {
  const messages: { blocks: KnownBlock[]; texts: string[] }[] = [];
  let current = { blocks: [...lead.blocks], texts: [lead.text] };
  let unitsInCurrent = 0;
  for (const unit of units) {
    const gap = options.dividers && current.blocks.length > 0 ? 1 : 0;
    if (unitsInCurrent > 0 && current.blocks.length + gap + unit.blocks.length > MAX_BLOCKS) {
      messages.push(current);
      current = { blocks: [...options.continued.blocks], texts: [options.continued.text] };
      unitsInCurrent = 0;
    }
    if (options.dividers && current.blocks.length > 0) current.blocks.push({ type: "divider" });
    current.blocks.push(...unit.blocks);
    current.texts.push(unit.text);
    unitsInCurrent += 1;
  }
  messages.push(current);
  return messages.map((message) => ({
    text: fitText(message.texts.filter(Boolean).join("\n\n"), MAX_FALLBACK_TEXT, plainSafe),
    blocks: message.blocks,
  }));
}
