import { githubRepoUrl } from "../papers/github-repo.ts";
import { arxivUrl, huggingFaceUrl, pdfUrl } from "../papers/paper.ts";
import { renderRecapText } from "../recap/recap-text.ts";
import type { Schedule } from "../store/channel-repository.ts";
import type { PaperEntry, Reply } from "./reply.ts";

/** Options for plain-text rendering; `clean` neutralises untrusted text for the target medium. */
export interface TextOptions {
  clean: (untrusted: string) => string;
}

/** "A. Author, B. Author, C. Author +4 more": author lists stay one short line. */
export function formatAuthors(authors: readonly string[], shown = 3): string {
  if (authors.length === 0) return "Unknown authors";
  const head = authors.slice(0, shown).join(", ");
  return authors.length > shown ? `${head} +${authors.length - shown} more` : head;
}

/**
 * The links shown under a paper: arXiv, PDF, Hugging Face, and its GitHub repository when known (as the
 * repository's canonical URL, also for a paper stored before sources normalised it).
 */
export function paperLinks(entry: PaperEntry): { label: string; url: string }[] {
  const { paper } = entry;
  const links = [
    { label: "arXiv", url: arxivUrl(paper.id) },
    { label: "PDF", url: pdfUrl(paper.id) },
    { label: "Hugging Face", url: huggingFaceUrl(paper.id) },
  ];
  const code = paper.githubRepo ? githubRepoUrl(paper.githubRepo) : undefined;
  if (code) links.push({ label: "Code", url: code });
  return links;
}

/** How a channel's schedule reads in a settings view: `09:00 Europe/Berlin, weekdays` or its cron. */
export function describeSchedule(schedule: Schedule): string {
  return schedule.cron
    ? `cron ${schedule.cron} (${schedule.timezone})`
    : `${schedule.time} ${schedule.timezone}, ${schedule.days}`;
}

/** How a channel's digest layout reads in a settings view. */
export function describeLayout(layout: "messages" | "compact"): string {
  return layout === "compact" ? "one compact numbered message" : "one message per paper";
}

/** One paper as a few lines of plain text. */
export function renderEntryText(entry: PaperEntry, options: TextOptions, rank?: number): string {
  const { clean } = options;
  const { paper } = entry;
  const stats = [`▲ ${paper.upvotes}`];
  if (entry.votes !== undefined) stats.unshift(`${entry.votes} team vote${entry.votes === 1 ? "" : "s"}`);
  if (paper.githubStars !== undefined) stats.push(`code ★ ${paper.githubStars}`);
  const lines = [
    `${rank !== undefined ? `${rank}. ` : ""}${clean(paper.title)}`,
    `   ${clean(entry.tldr)}`,
    `   ${clean(formatAuthors(paper.authors))}${paper.organization ? ` · ${clean(paper.organization)}` : ""}`,
    `   ${stats.join(" · ")}${entry.why ? ` · why: ${clean(entry.why)}` : ""}`,
    `   ${paperLinks(entry)
      .map((link) => `${link.label}: ${link.url}`)
      .join("  ")}`,
  ];
  return lines.join("\n");
}

/** The help's last line, on every platform: what each reaction does. */
export const HELP_REACTIONS =
  "React 👍 ⬆️ 🔥 on a paper to upvote it for the team, 👎 to see fewer like it; 🔖 saves it to your reading list.";

/** Any reply as plain text: the console's rendering and every platform's notification fallback. */
export function renderText(reply: Reply, options: TextOptions): string {
  const { clean } = options;
  const note = reply.note ? `(${clean(reply.note)})\n` : "";
  switch (reply.kind) {
    case "digest":
    case "header": {
      const head = `📰 ${clean(reply.digest.title)}\n${reply.digest.note ? `${clean(reply.digest.note)}\n` : ""}${note}`;
      if (reply.kind === "header") return head.trimEnd();
      const body = reply.digest.items.map((item) =>
        renderEntryText({ paper: item.paper, tldr: item.tldr, why: item.why }, options, item.rank),
      );
      return [head.trimEnd(), ...body].join("\n\n");
    }
    case "papers": {
      if (reply.entries.length === 0) return `${note}${clean(reply.title)}\n${clean(reply.empty)}`;
      const body = reply.entries.map((entry, index) => renderEntryText(entry, options, index + 1));
      return [`${note}${clean(reply.title)}`, ...body].join("\n\n");
    }
    case "paper":
      return `${note}${renderEntryText(reply.entry, options, reply.rank)}`;
    case "settings": {
      const { settings, defaults } = reply;
      const schedule = settings.schedule
        ? describeSchedule(settings.schedule)
        : "off (use /papers schedule 09:00 Europe/Berlin weekdays)";
      return [
        "Settings for this channel",
        `  Schedule: ${schedule}`,
        `  Digest size: ${settings.digestSize ?? defaults.digestSize} papers`,
        `  Layout: ${describeLayout(settings.layout)}`,
        `  Followed topics: ${settings.followedTopics.map(clean).join(", ") || "none"}`,
        `  Muted words: ${settings.mutedWords.map(clean).join(", ") || "none"}`,
      ].join("\n");
    }
    case "message":
      return `${note}${reply.tone === "warning" ? "⚠️ " : reply.tone === "success" ? "✅ " : ""}${clean(reply.text)}`;
    case "usage":
      return `${clean(reply.error)}\nUsage: ${clean(reply.usage)}`;
    case "help":
      return [
        "paperboy: trending research papers, in your channel.",
        ...reply.entries.map(
          (entry) => `  ${entry.usage}${entry.admin ? "  (admins)" : ""}\n      ${entry.summary}`,
        ),
        HELP_REACTIONS,
      ].join("\n");
    case "recap":
      return `${note}${renderRecapText(reply.recap, clean)}`;
  }
}
