import type { Paper } from "./paper.ts";

const longer = (a: string | undefined, b: string | undefined): string | undefined =>
  (b?.length ?? 0) > (a?.length ?? 0) ? b : a;
const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...new Set([...a, ...b])];
const max = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);
const earliest = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b;

/**
 * Merges two records of the same paper (v1 and v2, or Hugging Face and arXiv) into one.
 * Counters keep their highest value, text its fullest form, lists their union, dates the first
 * publication and the first featuring; where both have a scalar, `next` (the newer record) wins.
 */
export function mergePapers(previous: Paper, next: Paper): Paper {
  if (previous.id !== next.id) throw new Error(`cannot merge papers ${previous.id} and ${next.id}`);
  return {
    id: next.id,
    title: next.title || previous.title,
    abstract: longer(previous.abstract, next.abstract) ?? "",
    authors: next.authors.length >= previous.authors.length ? next.authors : previous.authors,
    publishedAt: earliest(previous.publishedAt, next.publishedAt),
    featuredOn: earliest(previous.featuredOn, next.featuredOn),
    listedOn: earliest(previous.listedOn, next.listedOn),
    version: max(previous.version, next.version),
    upvotes: Math.max(previous.upvotes, next.upvotes),
    comments: Math.max(previous.comments, next.comments),
    githubRepo: next.githubRepo ?? previous.githubRepo,
    githubStars: max(previous.githubStars, next.githubStars),
    projectPage: next.projectPage ?? previous.projectPage,
    aiSummary: next.aiSummary ?? previous.aiSummary,
    aiKeywords: union(previous.aiKeywords, next.aiKeywords),
    organization: next.organization ?? previous.organization,
    thumbnail: next.thumbnail ?? previous.thumbnail,
    categories: union(previous.categories, next.categories),
    sources: union(previous.sources, next.sources),
    fetchedAt: [previous.fetchedAt, next.fetchedAt].filter(Boolean).sort().at(-1),
  };
}

/** Collapses a list of papers so each canonical id appears once, keeping first-seen order. */
export function dedupePapers(papers: readonly Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of papers) {
    const seen = byId.get(paper.id);
    byId.set(paper.id, seen ? mergePapers(seen, paper) : paper);
  }
  return [...byId.values()];
}
