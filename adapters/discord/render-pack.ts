import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { plainField } from "./escape.ts";
import { BUDGET, MAX_EMBED_DESCRIPTION, MAX_EMBEDS_TOTAL } from "./limits.ts";

/** One Discord message body, ready for channel.send / interaction.editReply / followUp (REST JSON shape). */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  /** Link buttons, and the "Share to channel" button under a shareable private answer. */
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: [] };
  /** Not sent: the name of the public thread to start from this message once posted (a threaded digest's header). */
  startsThread?: string;
}

/** How much a compact digest item shows besides its TL;DR, in characters per part (0 leaves it out). */
export interface Detail {
  title: number;
  authors: number;
  why: number;
  links: number;
}

/**
 * From richest to barest. The barest keeps ten items' fixed parts near 2,000 characters, so even the
 * longest titles, notes and repository URLs leave room under the 6,000 total for every item's TL;DR.
 */
const DETAIL_TIERS: readonly Detail[] = [
  { title: 200, authors: 120, why: 200, links: 400 },
  { title: 120, authors: 60, why: 100, links: 200 },
  { title: 80, authors: 0, why: 0, links: 60 },
];

/** What `packList` needs besides the entries. `title` and `continuedTitle` are already-safe markdown. */
export interface ListLayout {
  title: string;
  /** The title of every message after the first, e.g. "Team top papers (continued)". */
  continuedTitle: string;
  color: number;
  /** Shown on the first message only. */
  footer?: APIEmbed["footer"];
}

/** A message with every mention disabled: the guard that holds even if some text were to slip through. */
export function message(
  embeds: APIEmbed[],
  components: APIActionRowComponent<APIButtonComponent>[] = [],
): DiscordMessage {
  return { embeds, components, allowed_mentions: { parse: [] } };
}

/** An embed's `footer` from raw lines (empty ones dropped), each made plain-safe and cut; `{}` when none. */
export function footerOf(raw: (string | undefined)[]): Pick<APIEmbed, "footer"> {
  const text = raw
    .map((line) => (line ? plainField(line, BUDGET.note) : ""))
    .filter(Boolean)
    .join("\n");
  return text ? { footer: { text } } : {};
}

/** The characters Discord counts towards the 6,000 shared by a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/**
 * Packs safe markdown blocks (list entries, help lines) into the descriptions of one embed per message,
 * as many per message as the description and total limits allow, never splitting or dropping a block.
 * Blocks are bounded by our budgets far below one description, so each always fits an empty one.
 */
export function packList(layout: ListLayout, blocks: string[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let title = layout.title;
  let footer = layout.footer;
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    const description = parts.join("\n\n");
    messages.push(
      message([
        {
          title,
          color: layout.color,
          ...(description ? { description } : {}),
          ...(footer ? { footer } : {}),
        },
      ]),
    );
    title = layout.continuedTitle;
    footer = undefined;
    parts = [];
    length = 0;
  };
  for (const block of blocks) {
    const room = Math.min(
      MAX_EMBED_DESCRIPTION,
      MAX_EMBEDS_TOTAL - title.length - (footer?.text.length ?? 0),
    );
    const grown = length + (parts.length > 0 ? 2 : 0) + block.length;
    if (parts.length > 0 && grown > room) flush();
    length += (parts.length > 0 ? 2 : 0) + block.length;
    parts.push(block);
  }
  flush();
  return messages;
}

/**
 * The richest embed from `build(detail, tldrBudget)` that fits Discord's 6,000-character total: the
 * TL;DRs share what the other parts leave, and when that share would be too short to read, titles,
 * authors, reasons and links get terser first. `items` is how many TL;DRs share the room; each costs
 * its budget plus one line break.
 */
export function squeezeEmbed(
  build: (detail: Detail, tldrBudget: number) => APIEmbed,
  items: number,
): APIEmbed {
  const share = (detail: Detail) => {
    const spare = MAX_EMBEDS_TOTAL - embedLength(build(detail, 0));
    return Math.min(BUDGET.digestTldr, Math.floor(spare / Math.max(1, items)) - 1);
  };
  const detail = DETAIL_TIERS.find((tier) => share(tier) >= BUDGET.digestMinTldr) ?? DETAIL_TIERS.at(-1)!;
  return build(detail, Math.max(0, share(detail)));
}
