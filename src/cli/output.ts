import { formatAuthors } from "../chat/render-text.ts";
import type { Digest } from "../digest/digest.ts";
import { tldr } from "../digest/tldr.ts";
import { type CatalogHit, matchReason } from "../papers/catalog.ts";
import { arxivUrl, type Paper } from "../papers/paper.ts";

/** One item of the stable JSON output (DESIGN.md): the same shape for digests and searches. */
export interface JsonItem {
  id: string;
  title: string;
  url: string;
  upvotes: number;
  score: number;
  tldr: string;
  authors: string[];
  why: string;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

function jsonItem(paper: Paper, score: number, why: string, summary = tldr(paper)): JsonItem {
  return {
    id: paper.id,
    title: paper.title,
    url: arxivUrl(paper.id),
    upvotes: paper.upvotes,
    score: round(score),
    tldr: summary,
    authors: paper.authors,
    why,
  };
}

/** `{"date", "kind", "items": [...]}` for `paperboy digest --format json`. */
export function digestJson(digest: Digest, note?: string): string {
  return JSON.stringify({
    date: digest.date,
    kind: digest.kind,
    ...(note ? { note } : {}),
    items: digest.items.map((item) => jsonItem(item.paper, item.score, item.why, item.tldr)),
  });
}

/** `{"query", "items": [...]}` for `paperboy search --format json`. */
export function searchJson(query: string, hits: readonly CatalogHit[], note?: string): string {
  return JSON.stringify({
    query,
    ...(note ? { note } : {}),
    items: hits.map((hit) => jsonItem(hit.paper, hit.score, matchReason(hit) ?? "relevant")),
  });
}

/** A digest as Markdown, for pasting into a wiki or a newsletter. */
export function digestMarkdown(digest: Digest, note?: string): string {
  const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
  const lines = [`# ${escapeMarkdown(digest.title)}`, ""];
  if (digest.note) lines.push(`_${escapeMarkdown(digest.note)}_`, "");
  if (note) lines.push(`> ${escapeMarkdown(note)}`, "");
  for (const item of digest.items) {
    lines.push(
      `${item.rank}. **[${escapeMarkdown(item.paper.title)}](${arxivUrl(item.paper.id)})**  `,
      `   ${escapeMarkdown(item.tldr)}  `,
      `   ${escapeMarkdown(formatAuthors(item.paper.authors))} · ▲ ${item.paper.upvotes} · _${escapeMarkdown(item.why)}_`,
      "",
    );
  }
  return lines.join("\n").trimEnd();
}
