import type { Paper } from "../papers/paper.ts";
import { forEachWord, stem, tokenize } from "../search/tokenize.ts";
import { truncate } from "../truncate.ts";
import { collapseWhitespace, splitSentences } from "./sentences.ts";

/** Longest TL;DR, in UTF-16 code units: short enough for a chat line, long enough for two sentences. */
export const TLDR_MAX_CHARS = 280;

/** "We propose …", "This paper introduces …", "In this work, …", "Here, we …": the paper's own move. */
const CONTRIBUTION =
  /\b(?:we|this (?:paper|work|study|article|report|survey))\s+(?:\w+\s+){0,2}?(?:propos|introduc|present|develop|design|releas|describ|investigat|stud|show|find|found|demonstrat|reveal|discover|uncover|identif|formaliz|construct|build|built|curat|extend|explor|tackl|address|provid|pioneer)\w*\b|\b(?:in this (?:paper|work|study|article|letter|report)|here, we)\b/i;
/** The paper's main artefact ("we propose X"), as opposed to a finding or a study. */
const PROPOSAL = /\bwe\s+(?:\w+\s+)?(?:propose|introduce|present)\b/i;
/** A secondary contribution ("We also introduce …", "We further propose …"). */
const SECONDARY = /\b(?:also|further|additionally|moreover|furthermore)\b/i;
/** A finding or a measured result: "outperforms", "achieves", "state-of-the-art", "results show". */
const RESULT =
  /\b(?:outperform|surpass)\w*\b|\bachiev\w* (?:a |an )?(?:state|new|the best|best|superior|competitive|comparable|strong|significant|substantial|\d)|\bstate[- ]of[- ]the[- ]art\b|\b(?:sota|new state)\b|\b(?:results?|experiments?|evaluations?|analysis|findings?) (?:\w+ ){0,3}?(?:show|demonstrate|reveal|indicate|confirm)s?\b/i;
/** A figure worth reading: a percentage, a speed-up, a points gain. */
const FIGURE = /\d(?:\.\d+)?\s*(?:%|x\b|×|times\b|pp\b|points?\b)/i;
/** The paper itself or its artefact as the subject ("Our method …", "Our experiments …"). */
const OURS = /\b(?:our|we)\b/i;
/** Setting the scene rather than saying what this paper does. */
const BACKGROUND =
  /\b(?:recent(?:ly)?|has (?:attracted|gained|become|emerged)|have (?:attracted|gained|become|emerged)|remains? (?:poorly|challenging|a (?:\w+ )?challenge|largely|underexplored|unexplored|an open)|is (?:a|the) (?:fundamental|core|central|key|critical|long-standing)|existing (?:methods|approaches|work|studies|benchmarks|techniques|models)|prior (?:work|methods|approaches)|however, (?:existing|current|most|these|such)|increasingly|suffer|struggle|limited by|bottleneck|plagued)\b/i;
/** Pointers and wrap-ups that never carry the finding: links, code release, hopes, vague promise. */
const FILLER =
  /https?:\/\/|\b(?:code|project page|data|models?|weights|datasets?) (?:\w+ ){0,3}?(?:is|are|will be) (?:publicly )?(?:available|released)\b|\bwe hope\b|\bhighlight(?:s|ing)? (?:the )?(?:\w+ )?(?:promise|potential|promising|room|need)|\bpromising direction\b|\bopens? (?:up )?(?:new|a new) avenues?\b/i;
/** The problem set up right before the contribution ("However, …", "Yet …"). */
const TURN = /^(?:however|yet|but|unfortunately|despite|although|while)\b/i;
/** Method details that follow the contribution but do not state it. */
const DETAIL =
  /^(?:specifically|concretely|first|second|third|then|finally|subsequently|to (?:this end|do so)|in particular)\b/i;
const OPENER =
  /^(?:(?:in this (?:paper|work|study|article|letter|report)|here)\s*,?\s+(?=we\s)|[^,]{1,60},\s+(?=we\s))/i;

/**
 * A one-to-two sentence summary of a paper for a digest line, at most `TLDR_MAX_CHARS`, never empty:
 * Hugging Face's AI summary when there is one, else the abstract's sentences that state what the paper
 * does or finds (see `tldrSentences`), whole when they fit, otherwise cut at a word boundary with `…`;
 * else the title.
 */
export function tldr(paper: Pick<Paper, "id" | "title" | "abstract" | "aiSummary">): string {
  // Every search hit and card asks for its paper's TL;DR; the same papers come back command after command.
  // Looked up by id, then the texts compared: no key string of the whole abstract built and hashed per call.
  const known = chosenTldrs.get(paper.id);
  if (
    known !== undefined &&
    known.title === paper.title &&
    known.abstract === paper.abstract &&
    known.aiSummary === paper.aiSummary
  ) {
    return known.chosen;
  }
  if (known === undefined && chosenTldrs.size >= MAX_REMEMBERED) chosenTldrs.clear();
  const chosen = pickTldr(paper);
  const { title, abstract, aiSummary } = paper;
  chosenTldrs.set(paper.id, { title, abstract, aiSummary, chosen });
  return chosen;
}

/** TL;DRs already chosen, by paper id with the text they were chosen from; forgotten all at once when full. */
const chosenTldrs = new Map<
  string,
  { title: string; abstract: string; aiSummary: string | undefined; chosen: string }
>();
const MAX_REMEMBERED = 10_000;

function pickTldr(paper: Pick<Paper, "id" | "title" | "abstract" | "aiSummary">): string {
  const summary = collapseWhitespace(paper.aiSummary ?? "");
  if (summary) return summary.length <= TLDR_MAX_CHARS ? summary : summaryHead(summary);
  const sentences = splitSentences(paper.abstract);
  if (sentences.length > 0) {
    const chosen = tldrSentences(sentences, paper.title);
    const text = chosen.map((index, at) => (at === 0 ? withoutOpener(sentences[index]!) : sentences[index]!));
    return truncateAtWord(text.join(" "), TLDR_MAX_CHARS);
  }
  return truncateAtWord(collapseWhitespace(paper.title) || paper.id, TLDR_MAX_CHARS);
}

/**
 * Which of an abstract's sentences make its TL;DR, as indices in reading order: the one that best states
 * the contribution (contribution and result cues, title words, its place after the problem statement;
 * opening background, method details and links count against), plus the best other sentence that states a
 * contribution or result when both fit in `TLDR_MAX_CHARS`. Deterministic; ties go to the earlier sentence.
 */
export function tldrSentences(sentences: readonly string[], title: string): number[] {
  const titleWords = new Set(tokenize(title));
  // Each sentence's cues are tested once: its score and whether it states something both read them.
  const cues = sentences.map((sentence, index) => score(sentence, index, sentences, titleWords));
  const scores = cues.map((cue) => cue.value);
  const best = argmax(scores, () => true);
  const room = TLDR_MAX_CHARS - sentences[best]!.length - 1;
  const second = argmax(
    scores,
    (index) => index > best && scores[index]! > 0 && cues[index]!.states && sentences[index]!.length <= room,
  );
  return second < 0 ? [best] : [best, second];
}

/**
 * A sentence's score, and whether it states a contribution or a result rather than background or a
 * pointer.
 */
function score(
  sentence: string,
  index: number,
  all: readonly string[],
  titleWords: Set<string>,
): { value: number; states: boolean } {
  let value = 0;
  const claims = CONTRIBUTION.test(sentence);
  if (claims) value += PROPOSAL.test(sentence) && !SECONDARY.test(sentence) ? 4 : 3;
  const result = RESULT.test(sentence);
  if (result) value += OURS.test(sentence) || claims ? 2 : 1.5;
  if (FIGURE.test(sentence)) value += 1;
  if (BACKGROUND.test(sentence) && !claims) value -= 2;
  const filler = FILLER.test(sentence);
  if (filler) value -= 4;
  if (DETAIL.test(sentence)) value -= 1;
  if (index === 0 && !claims) value -= 1;
  if (index > 0 && TURN.test(all[index - 1]!)) value += 0.5;
  if (titleWords.size > 0) {
    // Title words the sentence holds, each counted once, without a set of the sentence's words.
    const found = new Set<string>();
    forEachWord(sentence, (word) => {
      const term = stem(word);
      if (titleWords.has(term)) found.add(term);
    });
    value += (2 * found.size) / titleWords.size;
  }
  return { value, states: (claims || result) && !filler };
}

/** Index of the highest score among the indices `allowed` keeps (first on ties), or -1. */
function argmax(scores: readonly number[], allowed: (index: number) => boolean): number {
  let best = -1;
  scores.forEach((value, index) => {
    if (allowed(index) && (best < 0 || value > scores[best]!)) best = index;
  });
  return best;
}

/** An over-long AI summary: its whole leading sentences when they fit, else cut at a word. */
function summaryHead(summary: string): string {
  const picked: string[] = [];
  let length = -1;
  for (const sentence of splitSentences(summary)) {
    if (length + 1 + sentence.length > TLDR_MAX_CHARS) break;
    picked.push(sentence);
    length += 1 + sentence.length;
  }
  return picked.length > 0 ? picked.join(" ") : truncateAtWord(summary, TLDR_MAX_CHARS);
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
