import { itemEntry } from "../chat/entries.ts";
import { type PaperCard, paperCard } from "../chat/paper-card.ts";
import type { PaperEntry } from "../chat/reply.ts";
import { normalizeField } from "../chat/text-fit.ts";
import type { Digest } from "../digest/digest.ts";
import { digestDateLine } from "../digest/digest-date.ts";
import { tldr } from "../digest/tldr.ts";
import { type CatalogHit, matchReason } from "../papers/catalog.ts";
import { arxivUrl } from "../papers/paper.ts";

/**
 * One item of the stable JSON output (DESIGN.md): the same shape for digests and searches. The first
 * eight keys are the stable contract (`why` is the ranking's whole explanation); the rest are the card's
 * facts (see `paperCard`), present when known.
 */
export interface JsonItem {
  id: string;
  title: string;
  url: string;
  upvotes: number;
  score: number;
  tldr: string;
  authors: string[];
  why: string;
  organization?: string;
  featuredOn?: string;
  publishedAt?: string;
  category?: string;
  comments: number;
  githubStars?: number;
  teamVotes?: number;
  links: Partial<Record<JsonLinkKey, string>>;
  thumbnail?: string;
}

/** The keys of `JsonItem.links`, by the card's link labels. */
type JsonLinkKey = "arxiv" | "pdf" | "huggingFace" | "code" | "projectPage";
const LINK_KEYS: Record<string, JsonLinkKey> = {
  arXiv: "arxiv",
  PDF: "pdf",
  "Hugging Face": "huggingFace",
  Code: "code",
  "Project page": "projectPage",
};

const round = (value: number): number => Math.round(value * 1000) / 1000;

function jsonItem(entry: PaperEntry, score: number, why: string): JsonItem {
  const { paper } = entry;
  const card = paperCard(entry);
  const links: JsonItem["links"] = {};
  for (const link of card.links) {
    const key = LINK_KEYS[link.label];
    if (key) links[key] = link.url;
  }
  return {
    id: paper.id,
    title: paper.title,
    url: arxivUrl(paper.id),
    upvotes: paper.upvotes,
    score: round(score),
    tldr: entry.tldr,
    authors: paper.authors,
    why,
    ...(card.organization ? { organization: card.organization } : {}),
    ...(paper.featuredOn ? { featuredOn: paper.featuredOn } : {}),
    ...(paper.publishedAt ? { publishedAt: paper.publishedAt } : {}),
    ...(card.category ? { category: card.category } : {}),
    comments: paper.comments,
    ...(paper.githubStars !== undefined ? { githubStars: paper.githubStars } : {}),
    ...(entry.votes !== undefined ? { teamVotes: entry.votes } : {}),
    links,
    ...(card.thumbnail ? { thumbnail: card.thumbnail } : {}),
  };
}

/**
 * `{"date", "kind", "items": [...]}` for `paperboy digest --format json`; `kind` is `sample` for the
 * bundled sample (nothing could be fetched and nothing is stored), so a script never takes it for a day's.
 */
export function digestJson(digest: Digest, note?: string, options: { sample?: boolean } = {}): string {
  return JSON.stringify({
    date: digest.date,
    kind: options.sample ? "sample" : digest.kind,
    ...(note ? { note } : {}),
    items: digest.items.map((item) => jsonItem(itemEntry(item), item.score, item.why)),
  });
}

/** `{"query", "items": [...]}` for `paperboy search --format json`. */
export function searchJson(query: string, hits: readonly CatalogHit[], note?: string): string {
  return JSON.stringify({
    query,
    ...(note ? { note } : {}),
    items: hits.map((hit) => {
      const why = matchReason(hit) ?? "relevant";
      return jsonItem({ paper: hit.paper, tldr: tldr(hit.paper), why }, hit.score, why);
    }),
  });
}

/**
 * A digest as Markdown, for pasting into a wiki or a newsletter: per paper the same card as in chat
 * (linked title, TL;DR, authors and organization with date and category, signals and why, links).
 */
export function digestMarkdown(digest: Digest, note?: string): string {
  const lines = [`# ${markdownText(digest.title)}`, ""];
  const dateLine = digestDateLine(digest);
  if (dateLine) lines.push(markdownText(dateLine), "");
  if (digest.note) lines.push(`_${markdownText(digest.note)}_`, "");
  if (note) lines.push(`> ${markdownText(note)}`, "");
  for (const item of digest.items) {
    lines.push(...markdownCard(paperCard(itemEntry(item), { rank: item.rank, digestDate: digest.date })), "");
  }
  return lines.join("\n").trimEnd();
}

/** Untrusted text as one line of inert Markdown: no markup, link, heading, HTML or table cell. */
function markdownText(text: string): string {
  return normalizeField(text)
    .replace(/([\\`*_[\]<>#|~!()])/g, "\\$1")
    .replace(/^(\d+)\./, "$1\\.")
    .replace(/^[-+=]/, "\\$&");
}

/** One card as the lines of a numbered Markdown list item (two trailing spaces break a line). */
function markdownCard(card: PaperCard): string[] {
  const title = markdownText(card.title) || "Untitled";
  const people = [card.authors, card.organization, card.date, card.category].filter(Boolean);
  const signals = [...card.signals, card.why ? `_${markdownText(card.why)}_` : ""].filter(Boolean);
  const links = card.links.map((link) => `[${link.label}](${link.url})`);
  return [
    `${card.rank ?? "-"}. **${card.url ? `[${title}](${card.url})` : title}**  `,
    `   ${markdownText(card.tldr)}  `,
    `   ${people.map((part) => markdownText(part ?? "")).join(" · ")}${signals.length || links.length ? "  " : ""}`,
    ...(signals.length > 0 ? [`   ${signals.join(" · ")}${links.length ? "  " : ""}`] : []),
    ...(links.length > 0 ? [`   ${links.join(" · ")}`] : []),
  ];
}
