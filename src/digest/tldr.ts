import type { Paper } from "../papers/paper.ts";
import { truncate } from "../truncate.ts";
import { collapseWhitespace, splitSentences } from "./sentences.ts";

/** Longest TL;DR, in UTF-16 code units: short enough for a chat line, long enough for two sentences. */
export const TLDR_MAX_CHARS = 280;

const MAX_SENTENCES = 2;
const SEARCH_CONTRIBUTION_IN = 4;
const CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study|article))\s+(?:\w+\s+)?(?:propose|introduce|present|develop|design|release|describe|investigate|study|show)s?\b/i;
const OPENER =
  /^(?:(?:in this (?:paper|work|study|article|letter|report)|here)\s+(?=we\s)|[^,]{1,60},\s+(?=we\s))/i;

/**
 * A one-to-two sentence summary of a paper for a digest line, at most `TLDR_MAX_CHARS`, never empty:
 * Hugging Face's AI summary when there is one, else the abstract's most informative leading
 * sentences (whole sentences when they fit, otherwise cut at a word boundary with `…`), else the title.
 */
export function tldr(paper: Pick<Paper, "id" | "title" | "abstract" | "aiSummary">): string {
  const summary = collapseWhitespace(paper.aiSummary ?? "");
  if (summary) return summary.length <= TLDR_MAX_CHARS ? summary : extract(summary, TLDR_MAX_CHARS);
  const abstract = collapseWhitespace(paper.abstract);
  if (abstract) return extract(abstract, TLDR_MAX_CHARS);
  return truncateAtWord(collapseWhitespace(paper.title) || paper.id, TLDR_MAX_CHARS);
}

/**
 * Picks whole sentences from the start of `text`, or from its first contribution sentence
 * ("We propose …") when the background before it would crowd it out; truncates only when no whole
 * sentence fits.
 */
function extract(text: string, max: number): string {
  const sentences = splitSentences(text);
  const contribution = sentences.slice(0, SEARCH_CONTRIBUTION_IN).findIndex((s) => CONTRIBUTION.test(s));
  const fromStart = pick(sentences, 0, max);
  if (contribution <= 0 || fromStart.count > contribution) {
    return fromStart.text || truncateAtWord(withoutOpener(sentences[0] ?? text), max);
  }
  const fromContribution = pick(sentences, contribution, max);
  return (
    fromContribution.text || fromStart.text || truncateAtWord(withoutOpener(sentences[contribution]!), max)
  );
}

function pick(sentences: readonly string[], start: number, max: number): { text: string; count: number } {
  const picked: string[] = [];
  let length = -1;
  for (const sentence of sentences.slice(start, start + MAX_SENTENCES)) {
    const text = picked.length === 0 ? withoutOpener(sentence) : sentence;
    if (length + 1 + text.length > max) break;
    picked.push(text);
    length += 1 + text.length;
  }
  return { text: picked.join(" "), count: picked.length };
}

/** Drops filler before the subject ("In this paper, we …" → "We …"). */
function withoutOpener(sentence: string): string {
  const rest = sentence.replace(OPENER, "");
  return rest === sentence ? sentence : rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * Shortens `text` to at most `max` units ending in `…`, cutting at the last space that fits and
 * dropping dangling punctuation; only a single word longer than `max` is cut inside (between graphemes).
 */
function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  const space = text.lastIndexOf(" ", room);
  const head = space > 0 ? text.slice(0, space).replace(/[\s,;:([{"'“‘—–-]+$/u, "") : "";
  return head ? `${head}…` : truncate(text, max);
}
