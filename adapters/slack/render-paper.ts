import type { ActionsBlock, ContextBlock, ImageElement, KnownBlock } from "@slack/types";
import { type PaperCard, paperCard } from "../../src/chat/paper-card.ts";
import { renderCardText } from "../../src/chat/render-text.ts";
import type { PaperEntry } from "../../src/chat/reply.ts";
import { mrkdwnField, normalizeField, plainField } from "./escape.ts";
import {
  BUDGET,
  MAX_ACTION_ELEMENTS,
  MAX_ACTION_ID,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_URL,
  MAX_IMAGE_URL,
  MAX_SECTION_TEXT,
} from "./limits.ts";
import { mrkdwn, section } from "./render-blocks.ts";

/**
 * Prefix of every link button's `action_id`. Slack sends a `block_actions` event even for link buttons;
 * the adapter acks them with `app.action(new RegExp(`^${LINK_ACTION_PREFIX}`), …)`.
 */
export const LINK_ACTION_PREFIX = "paperboy_link_";

/** A group of blocks that must stay in one message, and its plain-text (unescaped) fallback. */
export interface Unit {
  blocks: KnownBlock[];
  text: string;
}

/** How `paperUnit` shows a card. */
export interface UnitOptions {
  /** Makes the buttons' `action_id`s unique within a message. */
  key: string;
  rank?: number;
  tldrBudget?: number;
  /** The digest the card is part of: its date is not repeated on the card. */
  digestDate?: string;
  /** Show the thumbnail as the section's image accessory (default on; off where many cards share a message). */
  image?: boolean;
}

/**
 * One paper as a card (see `paperCard`): bold title linked to arXiv with the TL;DR (and Hugging Face's
 * thumbnail beside it), a context line (authors and organization · date and category · signals · why)
 * and link buttons.
 */
export function paperUnit(entry: PaperEntry, options: UnitOptions): Unit {
  const card = paperCard(entry, { rank: options.rank, digestDate: options.digestDate });
  const text = section(paperText(card, options.tldrBudget ?? BUDGET.tldr));
  const image = options.image !== false ? thumbnail(card) : undefined;
  const blocks: KnownBlock[] = [image ? { ...text, accessory: image } : text, cardContext(card)];
  const actions = linkButtons(card, options.key);
  if (actions) blocks.push(actions);
  return { blocks, text: renderCardText(card, { clean: normalizeField }) };
}

function paperText(card: PaperCard, tldrBudget: number): string {
  const prefix = card.rank !== undefined ? `${card.rank}. ` : "";
  const title = mrkdwnField(card.title, BUDGET.title) || "Untitled";
  const heading = card.url ? `*${prefix}<${card.url}|${title}>*` : `*${prefix}${title}*`;
  const tldr = mrkdwnField(card.tldr, Math.min(tldrBudget, MAX_SECTION_TEXT - heading.length - 1));
  return tldr ? `${heading}\n${tldr}` : heading;
}

function thumbnail(card: PaperCard): ImageElement | undefined {
  if (!card.thumbnail || card.thumbnail.length > MAX_IMAGE_URL) return undefined;
  const alt = plainField(card.title, BUDGET.altText) || "Paper thumbnail";
  return { type: "image", image_url: card.thumbnail, alt_text: alt };
}

function cardContext(card: PaperCard): ContextBlock {
  const people = [
    mrkdwnField(card.authors, BUDGET.authors),
    card.organization ? mrkdwnField(card.organization, BUDGET.organization) : "",
  ];
  const when = [card.date, card.category ? mrkdwnField(card.category, BUDGET.category) : ""];
  const lines = [
    people.filter(Boolean).join(" · "),
    when.some(Boolean) ? `📅 ${when.filter(Boolean).join(" · ")}` : "",
    card.signals.join(" · "),
    card.why ? `💡 ${mrkdwnField(card.why, BUDGET.why)}` : "",
  ];
  return { type: "context", elements: lines.filter((line) => line.length > 0).map(mrkdwn) };
}

function linkButtons(card: PaperCard, key: string): ActionsBlock | undefined {
  const elements = card.links
    .filter((link) => link.url.length <= MAX_BUTTON_URL)
    .slice(0, MAX_ACTION_ELEMENTS)
    .map((link) => ({
      type: "button" as const,
      text: { type: "plain_text" as const, text: plainField(link.label, MAX_BUTTON_TEXT), emoji: true },
      url: link.url,
      action_id: `${LINK_ACTION_PREFIX}${key}_${link.label.toLowerCase().replace(/\W+/g, "_")}`.slice(
        0,
        MAX_ACTION_ID,
      ),
    }));
  return elements.length > 0 ? { type: "actions", elements } : undefined;
}
