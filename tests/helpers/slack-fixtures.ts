import type { PaperEntry } from "../../src/chat/reply.ts";
import type { Digest, DigestItem } from "../../src/digest/digest.ts";
import { Paper, type PaperInput } from "../../src/papers/paper.ts";

/** A valid paper with sensible defaults, for Slack rendering tests. */
export function makePaper(overrides: Partial<PaperInput> = {}): Paper {
  return Paper.parse({
    id: "2401.00001",
    title: "Attention Is Still All You Need",
    abstract: "We revisit attention.",
    authors: ["Ada Lovelace", "Alan Turing"],
    upvotes: 42,
    githubRepo: "https://github.com/example/attention",
    githubStars: 1234,
    organization: "Example Lab",
    ...overrides,
  });
}

/** A paper entry as commands list it. */
export function makeEntry(overrides: Partial<PaperInput> = {}, extra: Partial<PaperEntry> = {}): PaperEntry {
  return {
    paper: makePaper(overrides),
    tldr: "Attention, revisited.",
    why: "118 upvotes · featured today",
    ...extra,
  };
}

/** A digest of the given papers, ranked in order. */
export function makeDigest(papers: Paper[], overrides: Partial<Digest> = {}): Digest {
  const items: DigestItem[] = papers.map((paper, index) => ({
    paper,
    score: 100 - index,
    why: `${paper.upvotes} upvotes`,
    tldr: `TL;DR of ${paper.title}`,
    rank: index + 1,
  }));
  return {
    date: "2026-06-12",
    timezone: "Europe/Berlin",
    kind: "daily",
    title: "Daily papers",
    items,
    ...overrides,
  };
}
