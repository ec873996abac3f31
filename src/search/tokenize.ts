import { stemmer } from "stemmer";
import { IRREGULAR_FORMS, STEM_OVERRIDES } from "./stem-overrides.ts";
import { STOP_WORDS } from "./stop-words.ts";

const ASCII_WORD = /^[a-z]+$/;
const DIGITS = /^\p{N}+$/u;
const NON_ASCII = /[\u0080-\uffff]/;
/** Longer "words" are hashes, URLs or base64 noise; they would only bloat the vocabulary. */
export const MAX_TOKEN_LENGTH = 48;
const STEM_CACHE_LIMIT = 20_000;
const stemCache = new Map<string, string>();

/** True for English function words ("the", "of", "with") that the index ignores. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

function computeStem(word: string): string {
  const pinned = STEM_OVERRIDES.get(word);
  if (pinned !== undefined) return pinned;
  const base = IRREGULAR_FORMS.get(word) ?? word;
  return ASCII_WORD.test(base) ? stemmer(base) : base;
}

/**
 * Reduces a lower-case word to the key the index stores, so inflections meet: Porter for plain
 * ASCII words, plus a table of irregular forms (forgotten → forget) and of topic-merging stems.
 * Words with digits or non-Latin letters are kept as they are.
 */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const result = computeStem(word);
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, result);
  return result;
}

/** Whether `text` holds anything but ASCII (which {@link scanWords} normalizes before splitting). */
export function hasNonAscii(text: string): boolean {
  return NON_ASCII.test(text);
}

/** Case-folds and compatibility-normalizes text (full-width letters, ligatures) before splitting. */
export function normalizeText(text: string): string {
  // ASCII is its own NFKC form; skipping ICU for it is a third of the cost on English text.
  return (NON_ASCII.test(text) ? text.normalize("NFKC") : text).toLowerCase();
}

/** The FNV-1a offset basis and prime of the word hashes (see {@link forEachWordSpan}). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;
/** One letter, mark or digit (Unicode) at `lastIndex`, tested in place: words are runs of these. */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/uy;
/** 1 for the ASCII characters `WORD_CHAR` matches (letters and digits). */
const ASCII_WORD_CHARS = Uint8Array.from({ length: 128 }, (_, code) =>
  /[a-zA-Z0-9]/.test(String.fromCharCode(code)) ? 1 : 0,
);
/** For each ASCII code: its lower-case form if `WORD_CHAR` matches it, else 0. */
export const ASCII_FOLDED_WORD_CHARS = Uint16Array.from({ length: 128 }, (_, code) =>
  ASCII_WORD_CHARS[code] === 1 ? String.fromCharCode(code).toLowerCase().charCodeAt(0) : 0,
);

/** Whether the code point at `index` of `text` is a letter, mark or digit. */
function isWordChar(text: string, index: number, code: number): boolean {
  if (code < 128) return ASCII_WORD_CHARS[code] === 1;
  WORD_CHAR.lastIndex = index;
  return WORD_CHAR.test(text);
}

/** Receives each word a scan finds: `text[start, end)` and the word's hash (see {@link forEachWordSpan}). */
export interface WordSink {
  word(text: string, start: number, end: number, hash: number): void;
}

/**
 * Calls `visit(text, start, end, hash)` for every word of `normalized` (text already through
 * {@link normalizeText}) of at most 48 UTF-16 units, in order: words are maximal runs of letters,
 * marks and digits; `hash` is the FNV-1a hash of the word's UTF-16 units (see `WordTable`). Nothing
 * is allocated: the caller slices only words it has not seen. Stop words and single letters are
 * included; {@link isIndexableWord} tells them apart. A scan that tests ASCII characters by table
 * (a regular expression's match objects cost a fifth of indexing 100k papers at start).
 */
export function forEachWordSpan(
  normalized: string,
  visit: (text: string, start: number, end: number, hash: number) => void,
): void {
  scanNormalized(normalized, { word: visit });
}

/**
 * The words of raw `text` as {@link forEachWordSpan} finds them in `normalizeText(text)`, handed to
 * `sink`. ASCII text (nearly every paper) is scanned as it is, capitals folded as they are read, so
 * indexing copies no text; `text` handed to the sink is then the raw text, whose ASCII capitals
 * stand for their lower-case letters (as `WordTable.find` reads them). Other text is normalized first.
 */
export function scanWords(text: string, sink: WordSink): void {
  if (NON_ASCII.test(text)) {
    scanNormalized(normalizeText(text), sink);
    return;
  }
  const length = text.length;
  let start = -1;
  let hash = FNV_OFFSET;
  for (let index = 0; index < length; index++) {
    const folded = ASCII_FOLDED_WORD_CHARS[text.charCodeAt(index)]!;
    if (folded !== 0) {
      if (start < 0) {
        start = index;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ folded, FNV_PRIME);
    } else if (start >= 0) {
      if (index - start <= MAX_TOKEN_LENGTH) sink.word(text, start, index, hash >>> 0);
      start = -1;
    }
  }
  if (start >= 0 && length - start <= MAX_TOKEN_LENGTH) sink.word(text, start, length, hash >>> 0);
}

function scanNormalized(normalized: string, sink: WordSink): void {
  const length = normalized.length;
  let start = -1;
  let hash = FNV_OFFSET;
  for (let index = 0; index <= length; ) {
    const code = index < length ? normalized.charCodeAt(index) : 32;
    const pair =
      code >= 0xd800 &&
      code <= 0xdbff &&
      index + 1 < length &&
      (normalized.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    if (index < length && isWordChar(normalized, index, code)) {
      if (start < 0) {
        start = index;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
      if (pair) hash = Math.imul(hash ^ normalized.charCodeAt(index + 1), FNV_PRIME);
    } else if (start >= 0) {
      if (index - start <= MAX_TOKEN_LENGTH) sink.word(normalized, start, index, hash >>> 0);
      start = -1;
    }
    index += pair ? 2 : 1;
  }
}

/** Whether a word found by {@link forEachWordSpan} is indexed: not a stop word nor a single non-digit. */
export function isIndexableWord(word: string): boolean {
  return (word.length >= 2 || DIGITS.test(word)) && !STOP_WORDS.has(word);
}

/**
 * Calls `visit(word)` for every indexable word of `text` in order, normalized but not stemmed,
 * without allocating an array: the index stems through its own cache and keeps the surface form
 * people write for autocomplete.
 */
export function forEachWord(text: string, visit: (word: string) => void): void {
  forEachWordSpan(normalizeText(text), (normalized, start, end) => {
    const word = normalized.slice(start, end);
    if (isIndexableWord(word)) visit(word);
  });
}

/**
 * Splits text into the stemmed search terms that queries and documents share: NFKC, lower case,
 * Unicode letters and digits only, stop words and single letters dropped, Porter-stemmed.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  forEachWord(text, (word) => {
    tokens.push(stem(word));
  });
  return tokens;
}
