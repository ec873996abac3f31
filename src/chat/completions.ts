import type { Catalog } from "../papers/catalog.ts";
import type { Store } from "../store/store.ts";
import { addDays } from "../time.ts";
import { graphemePrefix } from "../truncate.ts";
import type { Invocation } from "./invocation.ts";
import { channelOf } from "./invocation.ts";

/** Most suggestions a platform shows for one option (Discord's autocomplete limit). */
export const MAX_COMPLETIONS = 25;
/** Longest suggestion a platform accepts (Discord: choice name and value ≤ 100), cut between graphemes. */
export const MAX_COMPLETION_LENGTH = 100;

/**
 * Suggestions while someone types an option: the channel's followed topics that match what is typed,
 * then (for a search) the indexed words that complete the word being typed, most common first; with
 * nothing typed yet, the keywords of the week's trending papers.
 * `unfollow` offers only followed topics. Never throws; an unknown option has no suggestions.
 */
export async function completions(
  deps: { store: Store; catalog: Catalog },
  invocation: Invocation,
  option: string,
  typed: string,
  now: Date,
): Promise<string[]> {
  const text = graphemePrefix(typed.replace(/\s+/g, " ").trimStart(), MAX_COMPLETION_LENGTH);
  const folded = text.toLowerCase().trim();
  const followed = (await deps.store.channels.get(channelOf(invocation))).followedTopics.filter((topic) =>
    topic.toLowerCase().includes(folded),
  );
  const key = `${invocation.command}.${option}`;
  if (key === "unfollow.topic") return unique(followed);
  if (key !== "topic.query" && key !== "follow.topic") return [];
  if (!folded) return unique([...followed, ...(await trendingKeywords(deps.store, now))]);
  const lastSpace = text.lastIndexOf(" ");
  const head = lastSpace >= 0 ? text.slice(0, lastSpace + 1) : "";
  const word = text.slice(lastSpace + 1);
  const keywords = deps.catalog
    .suggest(word.replace(/^-/, ""), MAX_COMPLETIONS)
    .map((keyword) => `${head}${word.startsWith("-") ? "-" : ""}${keyword}`);
  return unique([...followed, ...(text.trim() ? [text.trim()] : []), ...keywords]);
}

/** The keywords Hugging Face gave most of the week's featured papers, most frequent first. */
async function trendingKeywords(store: Store, now: Date): Promise<string[]> {
  const today = now.toISOString().slice(0, 10);
  const papers = await store.papers.featuredBetween(addDays(today, -TRENDING_DAYS), today);
  const counts = new Map<string, number>();
  for (const paper of papers) {
    for (const keyword of new Set(paper.aiKeywords.map((word) => word.toLowerCase().trim()))) {
      counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([keyword]) => keyword);
}

/** How many days back the trending keywords look. */
const TRENDING_DAYS = 7;

const unique = (items: string[]): string[] => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const trimmed = graphemePrefix(item.trim(), MAX_COMPLETION_LENGTH);
    const folded = trimmed.toLowerCase();
    if (!trimmed || seen.has(folded)) continue;
    seen.add(folded);
    out.push(trimmed);
    if (out.length === MAX_COMPLETIONS) break;
  }
  return out;
};
