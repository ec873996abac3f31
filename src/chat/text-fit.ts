import { graphemeStart, LONE_SURROGATE, trimEndWhole, wellFormed } from "../truncate.ts";

/**
 * Platform-neutral text fitting for renderers: one clean line from untrusted text, and cutting to a
 * platform's limit before escaping, so a cut never lands inside an escape or a grapheme (see
 * `src/truncate.ts` for how limits are counted).
 */

export { LONE_SURROGATE };

const ELLIPSIS = "…";
const INVISIBLE_CONTROLS = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * One untrusted field as a single clean line: control and bidi-override characters and line breaks
 * become spaces (a title cannot reorder or break the card), lone surrogates become U+FFFD.
 */
export function normalizeField(text: string): string {
  return wellFormed(text).replace(INVISIBLE_CONTROLS, " ").replace(/\s+/g, " ").trim();
}

/**
 * `render(raw)` when it fits in `max` UTF-16 code units; otherwise the raw text is cut between graphemes,
 * on a word boundary when one is near, given `…`, and rendered. Cutting happens before rendering, so
 * escapes stay whole and no emoji, flag or accented letter is split; the result's length is at most
 * `max` (empty when nothing fits). `render` only ever adds characters, so no more than `max` raw code
 * units are worth trying.
 */
export function fitText(raw: string, max: number, render: (raw: string) => string): string {
  if (raw.length <= max) {
    const whole = render(raw);
    if (whole.length <= max) return whole;
  }
  let low = 0;
  let high = Math.max(0, Math.min(raw.length, max));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (render(raw.slice(0, mid)).length + ELLIPSIS.length <= max) low = mid;
    else high = mid - 1;
  }
  for (let end = graphemeStart(raw, low); ; ) {
    const cut = graphemeStart(raw, wordBoundary(raw, end));
    const fitted = render(`${trimEndWhole(raw.slice(0, cut))}${ELLIPSIS}`);
    if (fitted.length <= max) return fitted;
    if (cut === 0) return "";
    end = graphemeStart(raw, cut - 1);
  }
}

/** Where to cut `text` at or before `limit`: the last whitespace when it is not too far back. */
function wordBoundary(text: string, limit: number): number {
  for (let index = limit; index > limit * 0.6; index -= 1) {
    if (/\s/.test(text.charAt(index))) return index;
  }
  return limit;
}
