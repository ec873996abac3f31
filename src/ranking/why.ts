import type { Paper } from "../papers/paper.ts";

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Formats a count with its noun, singular for one (`1 upvote`, `3 team votes`), for `why` texts. */
export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : plural}`;
}

/**
 * The moment a paper's freshness is measured from: its Hugging Face featuring day (midnight UTC),
 * else its publication time; `undefined` when neither parses, so undated papers are not decayed.
 */
export function referenceTime(paper: Pick<Paper, "featuredOn" | "publishedAt">): number | undefined {
  const text = paper.featuredOn ?? paper.publishedAt;
  if (text === undefined) return undefined;
  const ms = Date.parse(ISO_DATE.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Says how fresh a paper is in calendar days (`featured today`, `published 3 days ago`) relative to
 * `today` (YYYY-MM-DD, the reader's local date), so the `why` text matches the digest's date.
 */
export function recencyLabel(
  paper: Pick<Paper, "featuredOn" | "publishedAt">,
  today: string,
): string | undefined {
  const reference = referenceTime(paper);
  if (reference === undefined) return undefined;
  const days = Math.floor(Date.parse(`${today}T00:00:00Z`) / DAY_MS) - Math.floor(reference / DAY_MS);
  if (Number.isNaN(days)) return undefined;
  const verb = paper.featuredOn !== undefined ? "featured" : "published";
  if (days <= 0) return `${verb} today`;
  if (days === 1) return `${verb} yesterday`;
  return `${verb} ${days} days ago`;
}
