import { tldr } from "../digest/tldr.ts";
import type { Paper } from "../papers/paper.ts";
import type { PaperEntry } from "./reply.ts";

/** A paper as a reply entry, with its TL;DR. */
export function toEntry(paper: Paper, extra: { why?: string; votes?: number } = {}): PaperEntry {
  return { paper, tldr: tldr(paper), ...extra };
}
