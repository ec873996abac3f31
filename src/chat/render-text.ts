import { renderRecapText } from "../recap/recap-text.ts";
import { itemEntry } from "./entries.ts";
import { fillMentions } from "./mentions.ts";
import { type CardContext, type CardLink, type PaperCard, paperCard } from "./paper-card.ts";
import type { PaperEntry, Reply } from "./reply.ts";
import { settingsView, TURN_ON_TEXT } from "./settings-view.ts";

export { describeAlerts, describeLayout, describeSchedule } from "./settings-view.ts";

/** Options for plain-text rendering; `clean` neutralises untrusted text for the target medium. */
export interface TextOptions {
  clean: (untrusted: string) => string;
}

export { formatAuthors } from "./paper-card.ts";

/** The links shown under a paper (see `paperCard`): arXiv, PDF, Hugging Face, code, project page. */
export function paperLinks(entry: PaperEntry): CardLink[] {
  return paperCard(entry).links;
}

/** What a digest header with no papers says where one with papers says how many follow. */
export const NOTHING_NEW = "Nothing new to show today.";

/** Where a digest header says its papers are: after it, or in its thread (the threaded layout). */
export function papersPlace(threaded: boolean | undefined): string {
  return threaded ? "in the replies to this message" : "below";
}

/**
 * One paper as a few lines of plain text: title, TL;DR, authors and organization, date and category,
 * signals and why, links. The same card every platform shows (see `paperCard`).
 */
export function renderEntryText(entry: PaperEntry, options: TextOptions, context: CardContext = {}): string {
  return renderCardText(paperCard(entry, context), options);
}

/** A card as plain text (see `renderEntryText`). */
export function renderCardText(card: PaperCard, options: TextOptions): string {
  const { clean } = options;
  const people = [card.authors, card.organization].filter(Boolean).map((part) => clean(part ?? ""));
  const when = [card.date, card.category && clean(card.category)].filter(Boolean);
  const signals = [...card.signals, card.why ? `why: ${clean(card.why)}` : ""].filter(Boolean);
  const lines = [
    `${card.rank !== undefined ? `${card.rank}. ` : ""}${clean(card.title)}`,
    `   ${clean(card.tldr)}`,
    `   ${people.join(" · ")}`,
    when.length > 0 ? `   ${when.join(" · ")}` : "",
    signals.length > 0 ? `   ${signals.join(" · ")}` : "",
    card.links.length > 0 ? `   ${card.links.map((link) => `${link.label}: ${link.url}`).join("  ")}` : "",
  ];
  return lines.filter(Boolean).join("\n");
}

/** The help's last line, on every platform: what each reaction does. */
export const HELP_REACTIONS =
  "React 👍 ⬆️ 🔥 on a paper to upvote it for the team, 👎 to see fewer like it; 🔖 saves it to your reading list.";

/**
 * What a message that shows no paper itself (a digest's header, a shared answer's lead) says about
 * reacting: it points at the paper messages, since 👍 on this one would count for nothing.
 */
export const PAPERS_REACTION_HINT = "React 👍 on a paper to upvote it, 🔖 to save it.";

/** A user in plain text: `@U123`. */
const textMention = (userId: string): string => `@${userId}`;

/** Any reply as plain text: the console's rendering and every platform's notification fallback. */
export function renderText(reply: Reply, options: TextOptions): string {
  const { clean } = options;
  const note = reply.note ? `(${clean(reply.note)})\n` : "";
  switch (reply.kind) {
    case "digest":
    case "header": {
      const head = `📰 ${clean(reply.digest.title)}\n${reply.digest.note ? `${clean(reply.digest.note)}\n` : ""}${note}`;
      if (reply.kind === "header") {
        const count = reply.digest.items.length;
        if (count === 0) return `${head}${NOTHING_NEW}`;
        return `${head}${count} paper${count === 1 ? "" : "s"} ${papersPlace(reply.threaded)}.`;
      }
      const body = reply.digest.items.map((item) =>
        renderEntryText(itemEntry(item), options, { rank: item.rank, digestDate: reply.digest.date }),
      );
      return [head.trimEnd(), ...body].join("\n\n");
    }
    case "papers": {
      if (reply.entries.length === 0) return `${note}${clean(reply.title)}\n${clean(reply.empty)}`;
      const body = reply.entries.map((entry, index) => renderEntryText(entry, options, { rank: index + 1 }));
      return [`${note}${clean(reply.title)}`, ...body].join("\n\n");
    }
    case "paper":
      return `${note}${renderEntryText(reply.entry, options, { rank: reply.rank })}`;
    case "settings":
      return [
        "Settings for this channel",
        ...settingsView(reply.settings, reply.defaults, reply.admins).map((line) => {
          const value = line.users
            ? line.users.map(textMention).join(", ") || line.text
            : line.values
              ? line.values.map(clean).join(", ")
              : line.text;
          return `  ${line.label}: ${value}${line.turnOn ? ` (use ${TURN_ON_TEXT[line.turnOn]})` : ""}`;
        }),
      ].join("\n");
    case "message":
      return `${note}${reply.tone === "warning" ? "⚠️ " : reply.tone === "success" ? "✅ " : ""}${fillMentions(clean(reply.text), reply.mentions, textMention)}`;
    case "usage":
      return `${clean(reply.error)}\nUsage: ${clean(reply.usage)}`;
    case "help":
      return [
        `${note}paperboy: trending research papers, in your channel.`,
        ...reply.entries.map(
          (entry) => `  ${entry.usage}${entry.admin ? "  (admins)" : ""}\n      ${entry.summary}`,
        ),
        HELP_REACTIONS,
      ].join("\n");
    case "recap":
      return `${note}${renderRecapText(reply.recap, clean)}`;
  }
}
