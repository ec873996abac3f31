import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { itemEntry } from "../../src/chat/entries.ts";
import { type CardLink, type PaperCard, paperCard } from "../../src/chat/paper-card.ts";
import { NUMBER_EMOJI } from "../../src/chat/reactions.ts";
import type { PaperEntry } from "../../src/chat/reply.ts";
import type { DigestItem } from "../../src/digest/digest.ts";
import { linkLabelField, markdownField, plainField } from "./escape.ts";
import {
  BUDGET,
  MAX_ACTION_ROWS,
  MAX_BUTTON_LABEL,
  MAX_BUTTON_URL,
  MAX_EMBED_TITLE,
  MAX_FIELD_VALUE,
  MAX_ROW_BUTTONS,
} from "./limits.ts";
import { type Detail, type DiscordMessage, footerOf, message } from "./render-pack.ts";

/** The colour bar of every paper embed (cards, lists, digests): arXiv red, since every title links there. */
export const PAPER_COLOR = 0xb31b1b;
/** How to vote and save, shown under a votable paper card and in a votable digest header. */
export const REACTION_HINT = "React 👍 to upvote · 🔖 to save";

/**
 * One paper as a card (see `paperCard`): the title (with `#rank`) linking to arXiv, the TL;DR, fields for
 * authors, organization, date and category, signals and why, Hugging Face's thumbnail, the note (and,
 * when `votable`, the reaction hint) in the footer, and a row of link buttons.
 */
export function paperMessage(
  entry: PaperEntry,
  options: { rank?: number; note?: string; votable?: boolean },
): DiscordMessage {
  const card = paperCard(entry, { rank: options.rank });
  const prefix = card.rank !== undefined ? `#${card.rank} ` : "";
  const tldr = markdownField(card.tldr, BUDGET.tldr);
  const organization = card.organization ? markdownField(card.organization, BUDGET.organization) : "";
  const when = whenText(card);
  const fields: APIEmbedField[] = [
    {
      name: "Authors",
      value: markdownField(card.authors, BUDGET.authors) || "Unknown authors",
      inline: true,
    },
  ];
  if (organization) fields.push({ name: "Organization", value: organization, inline: true });
  if (when) fields.push({ name: "Date", value: when, inline: true });
  const signals = signalsText(card, BUDGET.why);
  if (signals) fields.push({ name: "Signals", value: signals });
  return message(
    [
      {
        title: `${prefix}${markdownField(card.title, MAX_EMBED_TITLE - prefix.length) || "Untitled"}`,
        ...(card.url && card.url.length <= MAX_BUTTON_URL ? { url: card.url } : {}),
        ...(tldr ? { description: tldr } : {}),
        color: PAPER_COLOR,
        fields,
        ...(card.thumbnail && card.thumbnail.length <= MAX_BUTTON_URL
          ? { thumbnail: { url: card.thumbnail } }
          : {}),
        ...footerOf([options.note, options.votable ? REACTION_HINT : undefined]),
      },
    ],
    linkRows(card),
  );
}

/**
 * One entry of a papers list, as description markdown: the numbered title as a masked link to arXiv,
 * a short TL;DR, authors and organization with date and category, signals and why, and the links.
 * Bounded by the list budgets (well under 1,500 characters).
 */
export function listEntry(entry: PaperEntry, rank: number): string {
  const card = paperCard(entry, { rank });
  const heading = card.url
    ? `**${rank}. [${linkLabelField(card.title, BUDGET.listTitle) || "Untitled"}](${card.url})**`
    : `**${rank}. ${markdownField(card.title, BUDGET.listTitle) || "Untitled"}**`;
  return [
    heading,
    markdownField(card.tldr, BUDGET.listTldr),
    peopleText(card, BUDGET.listAuthors),
    signalsText(card, BUDGET.listWhy),
    maskedLinks(card, BUDGET.listLinks),
  ]
    .filter(Boolean)
    .join("\n");
}

/** A digest item's card: built once per digest, since `digestField` runs once per detail tier tried. */
export function digestCard(item: DigestItem, digestDate: string): PaperCard {
  return paperCard(itemEntry(item), { rank: item.rank, digestDate });
}

/**
 * One digest item's card as an embed field for the compact layout. The name is the keycap its vote
 * reaction uses (`#11` past 🔟) and the title; the value is the TL;DR (at most `tldrBudget`), the people
 * and date line, the signals and why, and masked links, as detailed as `detail` allows.
 */
export function digestField(card: PaperCard, detail: Detail, tldrBudget: number): APIEmbedField {
  const rank = card.rank ?? 0;
  const marker = NUMBER_EMOJI[rank - 1]?.[0] ?? `#${rank}`;
  const rest = [
    detail.authors > 0 ? peopleText(card, detail.authors) : "",
    signalsText(card, detail.why),
    maskedLinks(card, detail.links),
  ]
    .filter(Boolean)
    .join("\n");
  const tldr = markdownField(card.tldr, Math.min(tldrBudget, MAX_FIELD_VALUE - rest.length - 1));
  return {
    name: `${marker} ${markdownField(card.title, detail.title) || "Untitled"}`,
    value: [tldr, rest].filter(Boolean).join("\n"),
  };
}

/** `12 Jun 2026 · cs.CL`-style date and category, escaped; "" when the card has neither. */
function whenText(card: PaperCard): string {
  const category = card.category ? markdownField(card.category, BUDGET.category) : "";
  return [card.date, category].filter(Boolean).join(" · ");
}

/** Authors, organization, date and category on one line, the people cut to `budget`. */
function peopleText(card: PaperCard, budget: number): string {
  const people = [card.authors, card.organization].filter(Boolean).join(" · ");
  return [markdownField(people, budget), whenText(card)].filter(Boolean).join(" · ");
}

/** The signals (numbers only, nothing to escape) and the why cut to `whyBudget` (0 leaves it out). */
function signalsText(card: PaperCard, whyBudget: number): string {
  const why = whyBudget > 0 && card.why ? markdownField(card.why, whyBudget) : "";
  return [...card.signals, why && `💡 ${why}`].filter(Boolean).join(" · ");
}

function trustedLinks(card: PaperCard): CardLink[] {
  return card.links.filter((link) => link.url.length <= MAX_BUTTON_URL);
}

/** `[arXiv](…) · [PDF](…) · …`, keeping each link that still fits in `budget` characters. */
function maskedLinks(card: PaperCard, budget: number): string {
  let line = "";
  for (const link of trustedLinks(card)) {
    const next = `${line && `${line} · `}[${linkLabelField(link.label, MAX_BUTTON_LABEL)}](${link.url})`;
    if (next.length <= budget) line = next;
  }
  return line;
}

function linkRows(card: PaperCard): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = trustedLinks(card).map((link) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    label: plainField(link.label, MAX_BUTTON_LABEL),
    url: link.url,
  }));
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let start = 0; start < buttons.length && rows.length < MAX_ACTION_ROWS; start += MAX_ROW_BUTTONS) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + MAX_ROW_BUTTONS) });
  }
  return rows;
}
