/**
 * Abbreviations whose final period does not end a sentence (lower-cased, leading/trailing brackets
 * and quotes removed). `e.g.`, `i.e.` and other dotted letter runs are caught by a pattern instead.
 */
const ABBREVIATIONS = new Set([
  "al.",
  "approx.",
  "ca.",
  "cf.",
  "ch.",
  "dr.",
  "eq.",
  "eqs.",
  "esp.",
  "fig.",
  "figs.",
  "incl.",
  "mr.",
  "ms.",
  "no.",
  "nos.",
  "pp.",
  "prof.",
  "ref.",
  "refs.",
  "resp.",
  "sec.",
  "secs.",
  "st.",
  "tab.",
  "viz.",
  "vol.",
  "vs.",
]);

const ENDS_SENTENCE = /[.!?]["'”’)\]]*$/u;
/** The last characters {@link ENDS_SENTENCE} can match: a token ending otherwise is not tested. */
const SENTENCE_TAIL = new Set([".", "!", "?", '"', "'", "”", "’", ")", "]"]);
const STARTS_SENTENCE = /^["'“‘([]*[\p{Lu}\p{N}]/u;
const DOTTED_LETTERS = /^(?:\p{L}\.){2,}$/u;
const INITIAL = /^\p{Lu}\.$/u;

const stripBrackets = (token: string): string => token.replace(/^["'“‘([]+/u, "").replace(/["'”’)\]]+$/u, "");

function isAbbreviation(token: string): boolean {
  const bare = stripBrackets(token);
  return ABBREVIATIONS.has(bare.toLowerCase()) || DOTTED_LETTERS.test(bare) || INITIAL.test(bare);
}

/** Collapses runs of whitespace to single spaces and trims, so lengths and boundaries are predictable. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/**
 * Splits prose into sentences. A sentence ends at `.`, `!` or `?` followed by a space and a capital
 * or digit, except after abbreviations (`e.g.`, `et al.`, `Fig.`) and initials; decimals and
 * versions (`34.8%`, `v2.0`) never split because no space follows their period.
 */
export function splitSentences(text: string): string[] {
  const tokens = collapseWhitespace(text).split(" ").filter(Boolean);
  const sentences: string[] = [];
  let current: string[] = [];
  tokens.forEach((token, index) => {
    current.push(token);
    const next = tokens[index + 1];
    const boundary =
      next === undefined ||
      (SENTENCE_TAIL.has(token.charAt(token.length - 1)) &&
        ENDS_SENTENCE.test(token) &&
        STARTS_SENTENCE.test(next) &&
        !(/\.["'”’)\]]*$/u.test(token) && isAbbreviation(token)));
    if (boundary) {
      sentences.push(current.join(" "));
      current = [];
    }
  });
  return sentences;
}
