/**
 * Cutting text to a length limit without breaking characters. Every cut lands between graphemes (what a
 * reader sees as one character: a ZWJ emoji family, a flag, a letter with its combining marks), so a cut
 * never leaves half a surrogate pair (invalid UTF-16, which breaks JSON consumers and
 * `encodeURIComponent`) nor a broken emoji.
 *
 * Limits are counted in UTF-16 code units (JavaScript's `length`). Discord and Slack count characters
 * (code points); a text within `max` code units is within `max` code points too, so one bound satisfies
 * the platforms, discord.js and Slack's own validators alike.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** `text` with each lone surrogate replaced by U+FFFD: well-formed UTF-16 of the same length. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * The last place at or before code unit `index` where `text` can be cut without splitting a grapheme:
 * the start of the grapheme that holds `index` (`text.length` at or past the end). Whether a grapheme
 * ends at `index` depends only on what comes before it and the one character at it, so only that much
 * is segmented, and text that is plain there (no combining mark, joiner, emoji or CR LF) is not
 * segmented at all.
 */
export function graphemeStart(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const before = text.charCodeAt(index - 1);
  const at = text.charCodeAt(index);
  if (before < PLAIN_BELOW && at < PLAIN_BELOW && !(before === CR && at === LF)) return index;
  return GRAPHEMES.segment(text.slice(0, index + 2)).containing(index)?.index ?? index;
}

/** Below U+0300 (the first combining mark) no character joins its neighbour into a grapheme, but CR LF. */
const PLAIN_BELOW = 0x300;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The longest prefix of `text` made of whole graphemes and at most `max` UTF-16 code units, with lone
 * surrogates replaced by U+FFFD. For values that must stay what was typed (autocomplete choices).
 */
export function graphemePrefix(text: string, max: number): string {
  return wellFormed(text.length <= max ? text : text.slice(0, graphemeStart(text, Math.max(0, max))));
}

/**
 * `text` when it fits in `max` UTF-16 code units; otherwise its longest whole-grapheme prefix (trailing
 * spaces dropped) followed by `ellipsis`, still within `max`. Lone surrogates become U+FFFD. Empty when
 * not even the ellipsis fits.
 */
export function truncate(text: string, max: number, ellipsis = "…"): string {
  if (text.length <= max) return wellFormed(text);
  const room = max - ellipsis.length;
  return room < 0 ? "" : `${trimEndWhole(graphemePrefix(text, room))}${ellipsis}`;
}

/**
 * `text` without its trailing whitespace, unless that whitespace belongs to a grapheme it would split
 * (a prepended mark such as U+0600 joins the space after it); then `text` as it is.
 */
export function trimEndWhole(text: string): string {
  const trimmed = text.trimEnd();
  return graphemeStart(text, trimmed.length) === trimmed.length ? trimmed : text;
}
