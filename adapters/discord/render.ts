import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import { fillMentions } from "../../src/chat/mentions.ts";
import { MAX_COMPACT_ITEMS } from "../../src/chat/reactions.ts";
import { HELP_REACTIONS, NOTHING_NEW, PAPERS_REACTION_HINT } from "../../src/chat/render-text.ts";
import type { HelpEntry, RenderOptions, Reply } from "../../src/chat/reply.ts";
import { type SettingsLine, settingsView } from "../../src/chat/settings-view.ts";
import { SHARE_LABEL } from "../../src/chat/share.ts";
import type { Digest } from "../../src/digest/digest.ts";
import { digestDateLine } from "../../src/digest/digest-date.ts";
import { codeField, markdownField, normalizeField } from "./escape.ts";
import {
  BUDGET,
  MAX_ACTION_ROWS,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TITLE,
  MAX_THREAD_NAME,
} from "./limits.ts";
import { type DiscordMessage, footerOf, message, packList, squeezeEmbed } from "./render-pack.ts";

export type { DiscordMessage } from "./render-pack.ts";

import { digestCard, digestField, listEntry, PAPER_COLOR, paperMessage } from "./render-paper.ts";
import { renderRecap } from "./render-recap.ts";
import { discordUsages } from "./usage.ts";

export { PAPER_COLOR, REACTION_HINT } from "./render-paper.ts";

/** How the "Share to channel" button's `custom_id` begins; the offer's token follows. */
export const SHARE_CUSTOM_ID_PREFIX = "paperboy:share:";

/** The embed colour of a `message` reply per tone (Discord's own blurple, green and yellow). */
export const TONE_COLORS = { info: 0x5865f2, success: 0x57f287, warning: 0xfee75c } as const;

/** Room a mention may take beyond its token: `<@` and `>`. */
const MENTION_ROOM = 3;
/** A user mention; `allowed_mentions` stays empty, so it shows the name and pings nobody. */
const discordMention = (userId: string): string => `<@${userId}>`;

const TONE_EMOJI = { info: "ℹ️", success: "✅", warning: "⚠️" } as const;
const CONTINUED = " (continued)";
const DIGEST_ICON = "📰 ";
/** How to turn an unset setting on, in Discord's typed options. */
const TURN_ON: Record<NonNullable<SettingsLine["turnOn"]>, string> = {
  schedule: "Off · `/papers schedule time:09:00 timezone:Europe/Berlin days:weekdays` turns it on",
  recap: "Off · `/papers recap day:monday time:09:00` turns it on",
};
const NUMBER_HINT = "React with a paper's number to upvote it.";

/**
 * Renders a Reply as Discord messages: one, unless a list or a digest of more than ten papers cannot
 * fit one message; then the later messages are titled "(continued)". The note is the first line of
 * the first embed's footer. Every message stays within Discord's limits and mentions nobody. Only a
 * `votable` message that shows papers invites reactions on itself (a card, a compact digest); a votable
 * header points at its papers.
 */
export function renderDiscord(reply: Reply, options: RenderOptions = {}): DiscordMessage[] {
  const messages = renderReply(reply, options);
  return options.share ? withShareButton(messages, options.share) : messages;
}

/**
 * The "Share to channel" button under the last message (in a message of its own when that one has no
 * row left). Its `custom_id` carries the offer's token: the click answers the command again on our side.
 */
function withShareButton(messages: DiscordMessage[], token: string): DiscordMessage[] {
  const row: APIActionRowComponent<APIButtonComponent> = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: SHARE_LABEL,
        custom_id: `${SHARE_CUSTOM_ID_PREFIX}${token}`,
      },
    ],
  };
  const last = messages.at(-1);
  if (last && last.components.length < MAX_ACTION_ROWS) {
    return [...messages.slice(0, -1), { ...last, components: [...last.components, row] }];
  }
  return [...messages, { ...message([]), content: SHARE_LABEL, components: [row] }];
}

function renderReply(reply: Reply, options: RenderOptions): DiscordMessage[] {
  const votable = options.votable ?? false;
  const note = footerOf([reply.note]);
  switch (reply.kind) {
    case "digest":
      return renderDigest(reply.digest, reply.note, votable);
    case "header": {
      const header = message([headerEmbed(reply.digest, reply.note, votable, reply.threaded)]);
      // Its papers go into a thread started from it, named like it.
      return [reply.threaded ? { ...header, startsThread: threadName(reply.digest.title) } : header];
    }
    case "papers":
      return renderPapers(reply);
    case "paper":
      return [paperMessage(reply.entry, { rank: reply.rank, note: reply.note, votable })];
    case "settings":
      return [
        message([
          {
            title: "⚙️ Settings for this channel",
            color: TONE_COLORS.info,
            fields: settingsFields(reply),
            ...note,
          },
        ]),
      ];
    case "message": {
      const emoji = TONE_EMOJI[reply.tone];
      const room = MENTION_ROOM * (reply.mentions?.length ?? 0);
      const text = fillMentions(
        markdownField(reply.text, MAX_EMBED_DESCRIPTION - emoji.length - 1 - room),
        reply.mentions,
        discordMention,
      );
      return [message([{ description: `${emoji} ${text}`, color: TONE_COLORS[reply.tone], ...note }])];
    }
    case "usage": {
      const usage = inlineCode(reply.usage, BUDGET.usage);
      const lines = [`⚠️ ${markdownField(reply.error, BUDGET.usageError)}`, usage && `**Usage:** ${usage}`];
      return [
        message([{ description: lines.filter(Boolean).join("\n"), color: TONE_COLORS.warning, ...note }]),
      ];
    }
    case "help":
      return packList(
        { title: "📚 paperboy", continuedTitle: `📚 paperboy${CONTINUED}`, color: TONE_COLORS.info, ...note },
        [
          "Trending research papers, in your channel.",
          ...reply.entries.map(helpLine).filter(Boolean),
          HELP_REACTIONS,
        ],
      );
    case "recap":
      return [renderRecap(reply.recap, reply.note)];
  }
}

/** A digest title as an embed title, leaving room for `suffix`. */
function digestTitle(digest: Digest, suffix = ""): string {
  const title = markdownField(digest.title, MAX_EMBED_TITLE - DIGEST_ICON.length - suffix.length);
  return `${DIGEST_ICON}${title || "Papers"}${suffix}`;
}

/** A thread's name: `title` cut to Discord's 100 characters on a whole character. */
function threadName(title: string): string {
  let name = "";
  for (const character of title.trim() || "Papers") {
    if (name.length + character.length > MAX_THREAD_NAME) break;
    name += character;
  }
  return name;
}

function headerEmbed(
  digest: Digest,
  note: string | undefined,
  votable: boolean,
  threaded: boolean | undefined,
): APIEmbed {
  const count = digest.items.length;
  const below = `**${count}** paper${count === 1 ? "" : "s"} ${threaded ? "in this message's thread" : "below"}.`;
  const summary = count === 0 ? NOTHING_NEW : votable ? `${below} ${PAPERS_REACTION_HINT}` : below;
  const lead = digest.note ? markdownField(digest.note, BUDGET.digestNote) : "";
  return {
    title: digestTitle(digest),
    description: [lead, summary].filter(Boolean).join("\n\n"),
    color: PAPER_COLOR,
    ...footerOf([note, digestDateLine(digest)]),
  };
}

/**
 * The whole digest in one message (the compact layout): one field per item, numbered by its keycap,
 * TL;DRs shortened so that ten items always fit. Past ten items, every ten more take one more message.
 */
function renderDigest(digest: Digest, note: string | undefined, votable: boolean): DiscordMessage[] {
  const chunks: Digest["items"][] = [];
  for (let start = 0; start < digest.items.length; start += MAX_COMPACT_ITEMS) {
    chunks.push(digest.items.slice(start, start + MAX_COMPACT_ITEMS));
  }
  const lines = digest.note ? [markdownField(digest.note, BUDGET.digestNote)] : [];
  if (chunks.length === 0 && !lines[0]) lines.push(NOTHING_NEW);
  else if (chunks.length > 0 && votable) lines.push(NUMBER_HINT);
  const description = lines.filter(Boolean).join("\n\n");
  const first: APIEmbed = {
    title: digestTitle(digest),
    color: PAPER_COLOR,
    ...(description ? { description } : {}),
    ...footerOf([note, digestDateLine(digest)]),
  };
  if (chunks.length === 0) return [message([first])];
  return chunks.map((items, index) => {
    const base = index === 0 ? first : { title: digestTitle(digest, CONTINUED), color: PAPER_COLOR };
    const cards = items.map((item) => digestCard(item, digest.date));
    const embed = squeezeEmbed(
      (detail, tldrBudget) => ({
        ...base,
        fields: cards.map((card) => digestField(card, detail, tldrBudget)),
      }),
      items.length,
    );
    return message([embed]);
  });
}

function renderPapers(reply: Extract<Reply, { kind: "papers" }>): DiscordMessage[] {
  const title = markdownField(reply.title, MAX_EMBED_TITLE) || "Papers";
  const note = footerOf([reply.note]);
  if (reply.entries.length === 0) {
    const empty = markdownField(reply.empty, MAX_EMBED_DESCRIPTION) || "Nothing to show.";
    return [message([{ title, description: empty, color: PAPER_COLOR, ...note }])];
  }
  const continuedTitle = `${markdownField(reply.title, MAX_EMBED_TITLE - CONTINUED.length) || "Papers"}${CONTINUED}`;
  return packList(
    { title, continuedTitle, color: PAPER_COLOR, ...note },
    reply.entries.map((entry, index) => listEntry(entry, index + 1)),
  );
}

function settingsFields(reply: Extract<Reply, { kind: "settings" }>): APIEmbedField[] {
  return settingsView(reply.settings, reply.defaults, reply.admins).map((line) => {
    if (line.users) return { name: line.label, value: adminList(line.users) || line.text };
    const raw = line.values ? line.values.map(normalizeField).filter(Boolean).join(", ") : line.text;
    const value = line.turnOn ? TURN_ON[line.turnOn] : markdownField(raw, BUDGET.settingsValue) || "none";
    return { name: line.label, value, inline: line.short === true };
  });
}

/** User mentions that fit one field (ids are snowflakes from the store, never raw text). */
function adminList(userIds: readonly string[]): string {
  let value = "";
  for (const [index, userId] of userIds.entries()) {
    const more = ` and ${userIds.length - index} more`;
    const next = `${value ? `${value}, ` : ""}${discordMention(userId)}`;
    if (next.length + more.length > BUDGET.settingsValue) return `${value}${more}`;
    value = next;
  }
  return value;
}

/**
 * A command's usages as Discord users type them, as code (admin-only ones marked), over its summary;
 * "" when both are empty.
 */
function helpLine(entry: HelpEntry): string {
  const usage = discordUsages(entry.name, entry.options)
    .map((form) => inlineCode(form, BUDGET.helpUsage))
    .filter(Boolean)
    .join(" · ");
  const head = usage && `${usage}${entry.admin ? " (admins)" : ""}`;
  return [head, markdownField(entry.summary, BUDGET.helpSummary)].filter(Boolean).join("\n");
}

/** Untrusted text as inline code, or "" when nothing is left of it. */
function inlineCode(raw: string, max: number): string {
  const code = codeField(raw, max - 2);
  return code ? `\`${code}\`` : "";
}
