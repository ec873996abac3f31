import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { NUMBER_EMOJI } from "../../src/chat/reactions.ts";
import { formatAuthors, paperLinks } from "../../src/chat/render-text.ts";
import type { PaperEntry } from "../../src/chat/reply.ts";
import type { DigestItem } from "../../src/digest/digest.ts";
import { arxivUrl } from "../../src/papers/paper.ts";
import { linkLabelField, markdownField, normalizeField, plainField } from "./escape.ts";
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

/** Only these URLs ever become a link or a button: built by us from a well-formed paper id or repo. */
const TRUSTED_URL = /^https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+$/;

/** Whether a URL is one of ours: https, on our hosts, plain path characters, within Discord's URL limit. */
export function isTrustedUrl(url: string): boolean {
  return url.length <= MAX_BUTTON_URL && TRUSTED_URL.test(url);
}

/**
 * One paper as a card: the title (with `#rank`) linking to arXiv, the TL;DR, fields for authors,
 * organization, stats and why, the note (and, when `votable`, the reaction hint) in the footer, and a
 * row of link buttons.
 */
export function paperMessage(
  entry: PaperEntry,
  options: { rank?: number; note?: string; votable?: boolean },
): DiscordMessage {
  const { paper } = entry;
  const prefix = options.rank !== undefined ? `#${options.rank} ` : "";
  const url = arxivUrl(paper.id);
  const tldr = markdownField(entry.tldr, BUDGET.tldr);
  const organization = paper.organization ? markdownField(paper.organization, BUDGET.organization) : "";
  const why = entry.why ? markdownField(entry.why, BUDGET.why) : "";
  const fields: APIEmbedField[] = [
    { name: "Authors", value: authorsText(entry, BUDGET.authors), inline: true },
  ];
  if (organization) fields.push({ name: "Organization", value: organization, inline: true });
  fields.push({ name: "Stats", value: statsLine(entry), inline: true });
  if (why) fields.push({ name: "Why", value: `💡 ${why}` });
  return message(
    [
      {
        title: `${prefix}${markdownField(paper.title, MAX_EMBED_TITLE - prefix.length) || "Untitled"}`,
        ...(isTrustedUrl(url) ? { url } : {}),
        ...(tldr ? { description: tldr } : {}),
        color: PAPER_COLOR,
        fields,
        ...footerOf([options.note, options.votable ? REACTION_HINT : undefined]),
      },
    ],
    linkRows(entry),
  );
}

/**
 * One entry of a papers list, as description markdown: the numbered title as a masked link to arXiv,
 * a short TL;DR, then stats and why. Bounded by the list budgets (well under 1,500 characters).
 */
export function listEntry(entry: PaperEntry, rank: number): string {
  const url = arxivUrl(entry.paper.id);
  const heading = isTrustedUrl(url)
    ? `**${rank}. [${linkLabelField(entry.paper.title, BUDGET.listTitle) || "Untitled"}](${url})**`
    : `**${rank}. ${markdownField(entry.paper.title, BUDGET.listTitle) || "Untitled"}**`;
  const tldr = markdownField(entry.tldr, BUDGET.listTldr);
  const why = entry.why ? markdownField(entry.why, BUDGET.listWhy) : "";
  const stats = why ? `${statsLine(entry)} · 💡 ${why}` : statsLine(entry);
  return [heading, tldr, stats].filter(Boolean).join("\n");
}

/**
 * One digest item as an embed field for the compact layout. The name is the keycap its vote reaction
 * uses (`#11` past 🔟) and the title; the value is the TL;DR (at most `tldrBudget`), a stats line and
 * masked links, as detailed as `detail` allows.
 */
export function digestField(item: DigestItem, detail: Detail, tldrBudget: number): APIEmbedField {
  const entry: PaperEntry = { paper: item.paper, tldr: item.tldr, why: item.why };
  const marker = NUMBER_EMOJI[item.rank - 1]?.[0] ?? `#${item.rank}`;
  const authors = detail.authors > 0 ? authorsText(entry, detail.authors) : "";
  const why = detail.why > 0 && item.why ? markdownField(item.why, detail.why) : "";
  const stats = [authors, statsLine(entry), why && `💡 ${why}`].filter(Boolean).join(" · ");
  const rest = [stats, maskedLinks(entry, detail.links)].filter(Boolean).join("\n");
  const tldr = markdownField(item.tldr, Math.min(tldrBudget, MAX_FIELD_VALUE - rest.length - 1));
  return {
    name: `${marker} ${markdownField(item.paper.title, detail.title) || "Untitled"}`,
    value: [tldr, rest].filter(Boolean).join("\n"),
  };
}

/** Votes, upvotes and code stars: numbers only, so nothing to escape. */
function statsLine(entry: PaperEntry): string {
  const { paper } = entry;
  const stats = [`▲ ${paper.upvotes}`];
  if (entry.votes !== undefined) stats.unshift(`🗳️ ${entry.votes} team vote${entry.votes === 1 ? "" : "s"}`);
  if (paper.githubStars !== undefined) stats.push(`code ★ ${paper.githubStars}`);
  return stats.join(" · ");
}

function authorsText(entry: PaperEntry, budget: number): string {
  const authors = entry.paper.authors.map(normalizeField).filter(Boolean);
  return markdownField(formatAuthors(authors), budget) || "Unknown authors";
}

function trustedLinks(entry: PaperEntry): { label: string; url: string }[] {
  return paperLinks(entry).filter((link) => isTrustedUrl(link.url));
}

/** `[arXiv](…) · [PDF](…) · …`, keeping each link that still fits in `budget` characters. */
function maskedLinks(entry: PaperEntry, budget: number): string {
  let line = "";
  for (const link of trustedLinks(entry)) {
    const next = `${line && `${line} · `}[${linkLabelField(link.label, MAX_BUTTON_LABEL)}](${link.url})`;
    if (next.length <= budget) line = next;
  }
  return line;
}

function linkRows(entry: PaperEntry): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = trustedLinks(entry).map((link) => ({
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
