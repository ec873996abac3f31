import type { DigestItem } from "../digest/digest.ts";
import { tldr } from "../digest/tldr.ts";
import type { Paper } from "../papers/paper.ts";
import type { PaperEntry } from "./reply.ts";

/** A paper as a reply entry, with its TL;DR. */
export function toEntry(paper: Paper, extra: { why?: string; votes?: number } = {}): PaperEntry {
  return { paper, tldr: tldr(paper), ...extra };
}

/** A digest item as a reply entry: its paper, TL;DR, why and the team's votes. */
export function itemEntry(item: DigestItem): PaperEntry {
  return {
    paper: item.paper,
    tldr: item.tldr,
    why: item.why,
    ...(item.votes !== undefined ? { votes: item.votes } : {}),
  };
}
