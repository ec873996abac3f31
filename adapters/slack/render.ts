import type { KnownBlock, SectionBlock } from "@slack/types";
import { itemEntry } from "../../src/chat/entries.ts";
import { fillMentions } from "../../src/chat/mentions.ts";
import {
  HELP_REACTIONS,
  NOTHING_NEW,
  PAPERS_REACTION_HINT,
  papersPlace,
  renderText,
} from "../../src/chat/render-text.ts";
import type { HelpEntry, RenderOptions, Reply } from "../../src/chat/reply.ts";
import { settingsView, TURN_ON_TEXT } from "../../src/chat/settings-view.ts";
import { SHARE_LABEL } from "../../src/chat/share.ts";
import type { Digest } from "../../src/digest/digest.ts";
import { digestDateLine } from "../../src/digest/digest-date.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { mrkdwnField, normalizeField } from "./escape.ts";
import { BUDGET, MAX_BLOCKS, MAX_FIELD_TEXT, MAX_FIELDS, MAX_SECTION_TEXT } from "./limits.ts";
import { contextOf, header, mrkdwn, present, section } from "./render-blocks.ts";
import { packMessages, type SlackMessage } from "./render-pack.ts";

export type { SlackMessage } from "./render-pack.ts";

import { remember } from "../../src/memo.ts";
import { paperUnit, type Unit } from "./render-paper.ts";
import { recapBlocks } from "./render-recap.ts";

export { escapeSlack } from "./escape.ts";
export { renderAppHome } from "./render-home.ts";
export { LINK_ACTION_PREFIX } from "./render-paper.ts";

/** The `action_id` (and `block_id`) of the "Share to channel" button under a private answer. */
export const SHARE_ACTION_ID = "paperboy_share";

/** Room a mention may take beyond its token: `<@` and `>`. */
const MENTION_ROOM = 3;
/** A user mention in Slack mrkdwn (ids come from the store or a parsed mention, never raw text). */
const slackMention = (userId: string): string => `<@${userId}>`;

const TONE_EMOJI = { info: "ℹ️", success: "✅", warning: "⚠️" } as const;
/** How to vote and save, shown under a votable paper card. */
export const REACTION_HINT = "React 👍 to upvote, 🔖 to save.";
const NUMBER_HINT = "React with a paper's number to upvote it.";

/**
 * Renders a Reply as one or more Slack messages (more than one only when it cannot fit Slack's limits).
 * Only a `votable` message that shows papers invites reactions on itself (a card, a compact digest); a
 * votable header points at its papers.
 */
export function renderSlack(reply: Reply, options: RenderOptions = {}): SlackMessage[] {
  const messages =
    reply.kind === "paper"
      ? renderedPaper(reply, options)
      : reply.kind === "header"
        ? renderedHeader(reply, options)
        : renderReply(reply, options);
  return options.share ? withShareButton(messages, options.share) : messages;
}

/**
 * Paper cards already rendered, per paper object and what else the card shows (rank, TL;DR, why, votes,
 * note, reaction hint): a fan-out posts each of the day's papers in every channel, mostly with the same
 * rank and why, and rendering the card once per channel was a fifth of the main thread. Rendered messages
 * are never changed in place (a share button makes new ones), so channels share them; a paper no longer
 * held anywhere drops out with its object.
 */
const renderedPapers = new WeakMap<Paper, Map<string, SlackMessage[]>>();
/** How many renderings of one paper are kept before its memo starts again. */
const RENDERINGS_KEPT = 32;

/**
 * Digest headers already rendered, by all they show (title, date, notes, paper count, threading, hint):
 * every channel of a fan-out with the same day's digest gets the same header, its first message, so the
 * day renders it once (and the posting client encodes its blocks once).
 */
const renderedHeaders = new Map<string, SlackMessage[]>();
/** How many different headers are kept before the memo starts again. */
const HEADERS_KEPT = 64;

function renderedHeader(reply: Extract<Reply, { kind: "header" }>, options: RenderOptions): SlackMessage[] {
  const { digest } = reply;
  const key = JSON.stringify([
    digest.title,
    digest.date,
    digest.note,
    digest.items.length,
    reply.note,
    reply.threaded ?? false,
    options.votable ?? false,
  ]);
  return remember(renderedHeaders, key, HEADERS_KEPT, () => renderReply(reply, options));
}

function renderedPaper(reply: Extract<Reply, { kind: "paper" }>, options: RenderOptions): SlackMessage[] {
  const { entry } = reply;
  const key = JSON.stringify([
    reply.rank,
    entry.tldr,
    entry.why,
    entry.votes,
    reply.note,
    options.votable ?? false,
  ]);
  let renderings = renderedPapers.get(entry.paper);
  if (!renderings) {
    renderings = new Map();
    renderedPapers.set(entry.paper, renderings);
  }
  return remember(renderings, key, RENDERINGS_KEPT, () => renderReply(reply, options));
}

/**
 * The "Share to channel" button under the last message (in a message of its own when that one is full).
 * Its `value` is the offer's token: the click answers the command again on our side, never from the payload.
 */
function withShareButton(messages: SlackMessage[], token: string): SlackMessage[] {
  const actions: KnownBlock = {
    type: "actions",
    block_id: SHARE_ACTION_ID,
    elements: [
      {
        type: "button",
        action_id: SHARE_ACTION_ID,
        text: { type: "plain_text", text: SHARE_LABEL, emoji: true },
        style: "primary",
        value: token,
      },
    ],
  };
  const last = messages.at(-1);
  if (last && last.blocks.length < MAX_BLOCKS) {
    return [...messages.slice(0, -1), { ...last, blocks: [...last.blocks, actions] }];
  }
  return [...messages, { text: SHARE_LABEL, blocks: [actions] }];
}

function renderReply(reply: Reply, options: RenderOptions): SlackMessage[] {
  const votable = options.votable ?? false;
  // Only the kinds below that use it render the whole reply as text (a paper card has its own).
  const fallback = () => renderText(reply, { clean: normalizeField });
  const note = contextOf([reply.note], BUDGET.note);
  const single = (blocks: (KnownBlock | undefined)[]): SlackMessage[] =>
    packMessages({ blocks: present(blocks), text: fallback() }, [], { dividers: false, continued: empty });
  switch (reply.kind) {
    case "digest":
      return renderDigest(reply.digest, reply.note, votable);
    case "header": {
      const count = reply.digest.items.length;
      const below = `*${count}* paper${count === 1 ? "" : "s"} ${papersPlace(reply.threaded)}.`;
      const summary = count === 0 ? NOTHING_NEW : votable ? `${below} ${PAPERS_REACTION_HINT}` : below;
      return single([...digestLead(reply.digest, reply.note), section(summary)]);
    }
    case "papers": {
      const lead = present([header(reply.title), note]);
      if (reply.entries.length === 0)
        return single([...lead, section(mrkdwnField(reply.empty, MAX_SECTION_TEXT))]);
      const units = reply.entries.map((entry, index) =>
        paperUnit(entry, { key: String(index), rank: index + 1 }),
      );
      const leadText = [reply.note && `(${normalizeField(reply.note)})`, normalizeField(reply.title)];
      return packMessages({ blocks: lead, text: leadText.filter(Boolean).join("\n") }, units, {
        dividers: true,
        continued: continuedLead(reply.title),
      });
    }
    case "paper": {
      const card = paperUnit(reply.entry, { key: "0", rank: reply.rank });
      const hint = votable ? contextOf([REACTION_HINT], BUDGET.note) : undefined;
      return packMessages(
        { blocks: present([note]), text: reply.note ? `(${normalizeField(reply.note)})` : "" },
        [hint ? { ...card, blocks: [...card.blocks, hint] } : card],
        { dividers: false, continued: empty },
      );
    }
    case "settings":
      return single([section("*⚙️ Settings for this channel*"), ...settingsSections(reply), note]);
    case "message": {
      const text = mrkdwnField(
        reply.text,
        MAX_SECTION_TEXT - 3 - MENTION_ROOM * (reply.mentions?.length ?? 0),
      );
      return single([
        section(`${TONE_EMOJI[reply.tone]} ${fillMentions(text, reply.mentions, slackMention)}`),
        note,
      ]);
    }
    case "usage":
      return single([
        section(`⚠️ ${mrkdwnField(reply.error, MAX_SECTION_TEXT - 3)}`),
        section(`*Usage:* \`${mrkdwnField(reply.usage, MAX_SECTION_TEXT - 12)}\``),
        note,
      ]);
    case "help":
      return packMessages(
        {
          blocks: present([
            header("📚 paperboy"),
            section("Trending research papers, in your channel."),
            note,
          ]),
          text: fallback(),
        },
        helpUnits(reply.entries),
        { dividers: false, continued: continuedLead("paperboy commands") },
      );
    case "recap":
      return single(recapBlocks(reply.recap, reply.note));
  }
}

const empty: Unit = { blocks: [], text: "" };

function digestLead(digest: Digest, note: string | undefined, hint?: string): KnownBlock[] {
  return present([
    header(`📰 ${digest.title}`),
    contextOf([digestDateLine(digest), digest.note, note, hint], BUDGET.note),
  ]);
}

function renderDigest(digest: Digest, note: string | undefined, votable: boolean): SlackMessage[] {
  const hint = votable && digest.items.length > 0 ? NUMBER_HINT : undefined;
  const lead: Unit = {
    blocks: digestLead(digest, note, hint),
    text: renderText({ kind: "header", digest, note }, { clean: normalizeField }),
  };
  if (digest.items.length === 0 && !digest.note) lead.blocks.push(section("Nothing new to show today."));
  // One message for the whole digest: the same cards, without thumbnails (ten images would bury the text).
  const units = digest.items.map((item, index) =>
    paperUnit(itemEntry(item), {
      key: String(index),
      rank: item.rank,
      digestDate: digest.date,
      image: false,
    }),
  );
  return packMessages(lead, units, { dividers: true, continued: continuedLead(`📰 ${digest.title}`) });
}

function continuedLead(title: string): Unit {
  return {
    blocks: present([contextOf([`${title} (continued)`], BUDGET.note)]),
    text: `${normalizeField(title)} (continued)`,
  };
}

/** The settings as section fields, ten to a section (Block Kit's limit). */
function settingsSections(reply: Extract<Reply, { kind: "settings" }>): SectionBlock[] {
  const fields = settingsView(reply.settings, reply.defaults, reply.admins).map((line) => {
    if (line.users) return mrkdwn(`*${line.label}*\n${line.users.map(slackMention).join(", ") || line.text}`);
    const room = MAX_FIELD_TEXT - line.label.length - 3;
    const raw = line.values ? line.values.map(normalizeField).filter(Boolean).join(", ") : line.text;
    const value = mrkdwnField(raw, room - (line.turnOn ? 80 : 0)) || "none";
    const turnOn = line.turnOn ? `: \`${TURN_ON_TEXT[line.turnOn]}\` turns it on` : "";
    return mrkdwn(`*${line.label}*\n${line.turnOn ? capitalise(value) : value}${turnOn}`);
  });
  const sections: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += MAX_FIELDS)
    sections.push({ type: "section", fields: fields.slice(start, start + MAX_FIELDS) });
  return sections;
}

const capitalise = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function helpUnits(entries: HelpEntry[]): Unit[] {
  const lines = entries.map((entry) => {
    const usage = mrkdwnField(entry.usage, 200);
    const summary = mrkdwnField(entry.summary, 400);
    return `\`${usage}\`${entry.admin ? " _(admins)_" : ""}\n${summary}`;
  });
  lines.push(HELP_REACTIONS);
  const chunks: string[] = [];
  for (const line of lines) {
    const last = chunks.at(-1);
    if (last !== undefined && last.length + 2 + line.length <= MAX_SECTION_TEXT)
      chunks[chunks.length - 1] = `${last}\n\n${line}`;
    else chunks.push(line);
  }
  return chunks.map((chunk) => ({ blocks: [section(chunk)], text: "" }));
}
