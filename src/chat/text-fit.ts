/**
 * Platform-neutral text fitting for renderers: one clean line from untrusted text, and cutting to a
 * platform's limit before escaping, so a cut never lands inside an escape or a surrogate pair.
 */

const ELLIPSIS = "…";
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const INVISIBLE_CONTROLS = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/**
 * One untrusted field as a single clean line: control and bidi-override characters and line breaks
 * become spaces (a title cannot reorder or break the card), lone surrogates become U+FFFD.
 */
export function normalizeField(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replace(INVISIBLE_CONTROLS, " ").replace(/\s+/g, " ").trim();
}

/**
 * `render(raw)` when it fits in `max` characters; otherwise the raw text is cut on a word boundary
 * (never inside a surrogate pair or an escape), given `…`, and rendered. Cutting happens before
 * rendering, so escapes stay whole; the result's length is at most `max` (empty when nothing fits).
 * `render` only ever adds characters, so no more than `max` raw characters are worth trying.
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
  let head = raw.slice(0, wordBoundary(raw, low));
  let fitted = render(`${head.trimEnd()}${ELLIPSIS}`);
  while (fitted.length > max && head.length > 0) {
    head = head.slice(0, wordBoundary(head, head.length - 1));
    fitted = render(`${head.trimEnd()}${ELLIPSIS}`);
  }
  return fitted.length <= max ? fitted : "";
}

/** Where to cut `text` at or before `limit`: the last whitespace when it is not too far back, never mid-pair. */
function wordBoundary(text: string, limit: number): number {
  let cut = limit;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  for (let index = cut; index > cut * 0.6; index -= 1) {
    if (/\s/.test(text.charAt(index))) return index;
  }
  return cut;
}
