import type { APIEmbed, APIEmbedField } from "discord.js";
import { isTrustedPaperUrl as isTrustedUrl } from "../../src/papers/web-links.ts";
import type { Recap } from "../../src/recap/recap.ts";
import {
  quietLine,
  type RecapLine,
  recapParts,
  recapPeriod,
  recapTitle,
  TOPICS_HEADING,
  topicsLine,
  totalsLine,
} from "../../src/recap/recap-wording.ts";
import { linkLabelField, markdownField } from "./escape.ts";
import { MAX_EMBED_TITLE, MAX_FIELD_VALUE } from "./limits.ts";
import { type DiscordMessage, footerOf, message } from "./render-pack.ts";
import { PAPER_COLOR } from "./render-paper.ts";

/** A paper title in a recap line, and what happened to it: short, so a field holds five lines. */
const LINE_TITLE = 120;
const LINE_DETAIL = 80;

/**
 * A weekly recap as one embed: a field per list (most upvoted, saved, follow-ups) and one for the topics,
 * the week and the totals in the footer. Within Discord's limits by construction: at most four fields of
 * at most 1,024 characters (whole lines, then `+N more`), a title of ours, a footer of three short lines.
 */
export function renderRecap(recap: Recap, note: string | undefined): DiscordMessage {
  const fields: APIEmbedField[] = recapParts(recap).map((part) => ({
    name: part.heading,
    value: fitLines(part.lines.map(line)),
  }));
  const topics = topicsLine(recap);
  if (topics) fields.push({ name: TOPICS_HEADING, value: markdownField(topics, MAX_FIELD_VALUE) });
  const quiet = quietLine(recap);
  const embed: APIEmbed = {
    title: recapTitle(recap).slice(0, MAX_EMBED_TITLE),
    color: PAPER_COLOR,
    ...(quiet ? { description: markdownField(quiet, MAX_FIELD_VALUE) } : {}),
    ...(fields.length > 0 ? { fields } : {}),
    ...footerOf([note, recapPeriod(recap), totalsLine(recap)]),
  };
  return message([embed]);
}

/** As many whole lines as fit a field's 1,024 characters, then `+N more`. */
function fitLines(lines: string[]): string {
  let text = "";
  for (const [index, next] of lines.entries()) {
    const more = `+${lines.length - index} more`;
    const joined = text ? `${text}\n${next}` : next;
    const rest = lines.length - index - 1;
    if (joined.length + (rest > 0 ? more.length + 1 : 0) > MAX_FIELD_VALUE)
      return text ? `${text}\n${more}` : more;
    text = joined;
  }
  return text;
}

function line(item: RecapLine, index: number): string {
  const title = linkLabelField(item.label, LINE_TITLE) || "Untitled";
  const linked = isTrustedUrl(item.url) ? `[${title}](${item.url})` : title;
  return `**${index + 1}.** ${linked} · ${markdownField(item.detail, LINE_DETAIL)}`;
}
