import type { Paper } from "../papers/paper.ts";
import { forEachWord, stem } from "../search/tokenize.ts";
import type { RecapTopic } from "./recap.ts";

/** A paper the channel read this week and how much: its upvoters, savers, and whether it was posted. */
export interface ReadPaper {
  paper: Paper;
  upvoters: number;
  savers: number;
  posted: boolean;
}

/**
 * What reading a paper weighs in the week's topics: an upvote 1 and a save ½ as in the channel's taste,
 * and a paper that was only posted ¼: the team saw it but said nothing.
 */
const POSTED_WEIGHT = 0.25;
/** A topic is something several papers share: one paper's pet word is not what the channel read most. */
const MIN_PAPERS = 2;
/** Numbers and two-letter fragments ("v2", "3d") say nothing about a topic on their own. */
const TOO_SHORT = 3;
const DIGITS = /^\p{N}+$/u;

/** A term of a paper's title or Hugging Face keywords: a stemmed word, or a whole multi-word keyword. */
interface Term {
  key: string;
  surface: string;
  /** The stems it is made of, to tell overlapping topics apart. */
  stems: string[];
}

/**
 * The topics the channel read most this week, strongest first: the words of the titles and the Hugging
 * Face keywords (a multi-word keyword as one phrase) of the papers it reacted to or was posted
 * (abstracts say too much about method to name a topic), scored by how much the team read the papers
 * that use them times how rare they are in `background` (the papers featured around the week), so
 * "models" counts for little and "agents" for much. A topic needs two papers; overlapping ones
 * (`agents` after `llm agents`) are shown once.
 */
export function topicsRead(
  read: readonly ReadPaper[],
  background: readonly Paper[],
  count: number,
): RecapTopic[] {
  const documents = new Map<string, Set<string>>();
  for (const paper of [...background, ...read.map((item) => item.paper)]) {
    if (!documents.has(paper.id)) documents.set(paper.id, new Set(termsOf(paper).map((term) => term.key)));
  }
  const df = new Map<string, number>();
  for (const keys of documents.values()) for (const key of keys) df.set(key, (df.get(key) ?? 0) + 1);
  const found = new Map<
    string,
    { term: Term; weight: number; papers: number; surfaces: Map<string, number> }
  >();
  for (const item of read) {
    const weight = item.upvoters + item.savers * 0.5 + (item.posted ? POSTED_WEIGHT : 0);
    const seen = new Set<string>();
    for (const term of termsOf(item.paper)) {
      const entry = found.get(term.key) ?? { term, weight: 0, papers: 0, surfaces: new Map() };
      entry.surfaces.set(term.surface, (entry.surfaces.get(term.surface) ?? 0) + 1);
      if (!seen.has(term.key)) {
        seen.add(term.key);
        entry.weight += weight;
        entry.papers += 1;
      }
      found.set(term.key, entry);
    }
  }
  const total = documents.size;
  const ranked = [...found.values()]
    .filter((entry) => entry.papers >= MIN_PAPERS)
    .map((entry) => ({
      ...entry,
      score: entry.weight * Math.log((total + 1) / ((df.get(entry.term.key) ?? 0) + 0.5)),
    }))
    .filter((entry) => entry.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || b.term.stems.length - a.term.stems.length || (a.term.key < b.term.key ? -1 : 1),
    );
  const chosen: { stems: Set<string>; topic: RecapTopic }[] = [];
  for (const entry of ranked) {
    if (chosen.length >= count) break;
    if (chosen.some((earlier) => entry.term.stems.some((part) => earlier.stems.has(part)))) continue;
    chosen.push({
      stems: new Set(entry.term.stems),
      topic: { topic: commonest(entry.surfaces), papers: entry.papers },
    });
  }
  return chosen.map((item) => item.topic);
}

/** The terms of a paper's title and keywords (each once per paper is enough for counting papers). */
function termsOf(paper: Paper): Term[] {
  const terms: Term[] = [];
  const addWords = (text: string) =>
    forEachWord(text, (word) => {
      if (word.length >= TOO_SHORT && !DIGITS.test(word))
        terms.push({ key: stem(word), surface: word, stems: [stem(word)] });
    });
  addWords(paper.title);
  // A keyword counts whole ("large language models"), never as loose words ("large", "level").
  for (const keyword of paper.aiKeywords) {
    const stems: string[] = [];
    forEachWord(keyword, (word) => stems.push(stem(word)));
    if (stems.length > 1) terms.push({ key: stems.join(" "), surface: keyword.toLowerCase(), stems });
    else addWords(keyword);
  }
  return terms;
}

/** The form people wrote most often (ties: the shortest, then alphabetical). */
function commonest(surfaces: ReadonlyMap<string, number>): string {
  return (
    [...surfaces].sort(
      (a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1),
    )[0]?.[0] ?? ""
  );
}
