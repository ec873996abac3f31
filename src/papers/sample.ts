import { readFileSync } from "node:fs";
import { Paper } from "./paper.ts";

let cached: Paper[] | undefined;

/**
 * A small bundled sample (twelve real Hugging Face daily papers from 12 Jun 2026), shown — labelled as
 * a sample — when nothing is stored and upstream cannot be reached, so a newcomer offline still sees
 * what paperboy does.
 */
export function samplePapers(): Paper[] {
  cached ??= Paper.array().parse(
    JSON.parse(readFileSync(new URL("./sample-papers.json", import.meta.url), "utf8")),
  );
  return cached.map((paper) => ({ ...paper }));
}

/** The sample papers among `ids`, for answering a lookup offline on an empty store. */
export function samplePapersWithIds(ids: readonly string[]): Paper[] {
  return samplePapers().filter((paper) => ids.includes(paper.id));
}
