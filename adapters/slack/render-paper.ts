import type { ActionsBlock, ContextBlock, KnownBlock } from "@slack/types";
import { formatAuthors, paperLinks, renderEntryText } from "../../src/chat/render-text.ts";
import type { PaperEntry } from "../../src/chat/reply.ts";
import { arxivUrl } from "../../src/papers/paper.ts";
import { mrkdwnField, normalizeField, plainField } from "./escape.ts";
import { BUDGET, MAX_ACTION_ID, MAX_BUTTON_TEXT, MAX_BUTTON_URL, MAX_SECTION_TEXT } from "./limits.ts";
import { mrkdwn, section } from "./render-blocks.ts";

/**
 * Prefix of every link button's `action_id`. Slack sends a `block_actions` event even for link buttons;
 * the adapter acks them with `app.action(new RegExp(`^${LINK_ACTION_PREFIX}`), …)`.
 */
export const LINK_ACTION_PREFIX = "paperboy_link_";

/** Only these URLs ever become a link or a button: built by us from a well-formed paper id or repo. */
const TRUSTED_URL = /^https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[A-Za-z0-9._/-]+$/;

/** A group of blocks that must stay in one message, and its plain-text (unescaped) fallback. */
export interface Unit {
  blocks: KnownBlock[];
  text: string;
}

/** Whether a URL is one of ours and safe inside `<url|label>` markup and a button. */
export function isTrustedUrl(url: string): boolean {
  return url.length <= MAX_BUTTON_URL && TRUSTED_URL.test(url);
}

/**
 * One paper as a card: bold title linked to arXiv with the TL;DR, a context line (authors, organization,
 * votes, ▲ upvotes, code ★, why) and link buttons. `key` makes the buttons' `action_id`s unique.
 */
export function paperUnit(
  entry: PaperEntry,
  options: { key: string; rank?: number; tldrBudget?: number },
): Unit {
  const blocks: KnownBlock[] = [section(paperText(entry, options.rank, options.tldrBudget ?? BUDGET.tldr))];
  blocks.push(paperContext(entry));
  const actions = linkButtons(entry, options.key);
  if (actions) blocks.push(actions);
  return { blocks, text: entryFallback(entry, options.rank) };
}

/**
 * The paper as plain text for the notification fallback. `renderEntryText` ends with the paper's links,
 * built from its id; a malformed id would put its raw text in URLs, so that line is left out then.
 */
function entryFallback(entry: PaperEntry, rank: number | undefined): string {
  const text = renderEntryText(entry, { clean: normalizeField }, rank);
  return isTrustedUrl(arxivUrl(entry.paper.id)) ? text : text.slice(0, text.lastIndexOf("\n"));
}

function paperText(entry: PaperEntry, rank: number | undefined, tldrBudget: number): string {
  const { paper } = entry;
  const prefix = rank !== undefined ? `${rank}. ` : "";
  const title = mrkdwnField(paper.title, BUDGET.title) || "Untitled";
  const url = arxivUrl(paper.id);
  const heading = isTrustedUrl(url) ? `*${prefix}<${url}|${title}>*` : `*${prefix}${title}*`;
  const tldr = mrkdwnField(entry.tldr, Math.min(tldrBudget, MAX_SECTION_TEXT - heading.length - 1));
  return tldr ? `${heading}\n${tldr}` : heading;
}

function paperContext(entry: PaperEntry): ContextBlock {
  const { paper } = entry;
  const stats = [`▲ ${paper.upvotes}`];
  if (entry.votes !== undefined) stats.unshift(`🗳️ ${entry.votes} team vote${entry.votes === 1 ? "" : "s"}`);
  if (paper.githubStars !== undefined) stats.push(`code ★ ${paper.githubStars}`);
  const lines = [
    mrkdwnField(formatAuthors(paper.authors.map(normalizeField).filter(Boolean)), BUDGET.authors),
    paper.organization ? mrkdwnField(paper.organization, BUDGET.organization) : "",
    stats.join(" · "),
    entry.why ? `💡 ${mrkdwnField(entry.why, BUDGET.why)}` : "",
  ];
  return { type: "context", elements: lines.filter((line) => line.length > 0).map(mrkdwn) };
}

function linkButtons(entry: PaperEntry, key: string): ActionsBlock | undefined {
  const elements = paperLinks(entry)
    .filter((link) => isTrustedUrl(link.url))
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
