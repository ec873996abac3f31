/**
 * Text safety for Slack. Untrusted text is normalised, cut to fit, and only then escaped, so a cut never
 * lands inside `&amp;` and nothing a paper or a user typed can form markup: no `<!channel>`, `<@U…>`,
 * `<#C…>` or `<url|label>` link, no broadcast word, no stray bold/italic/code, no blockquote.
 */

const ELLIPSIS = "…";
/** Inserted after `@` so `@everyone`, `@here` and `@channel` can never read as a broadcast. */
const ZWJ = "\u200D";
/** Soft hyphen: an invisible character that keeps a leading `>` from opening a blockquote. */
const SOFT_HYPHEN = "\u00AD";
const BROADCAST_WORD = /@(?=(?:everyone|here|channel)\b)/gi;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const INVISIBLE_CONTROLS = /[\p{Cc}\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Mrkdwn formatting characters and look-alikes Slack does not format (Slack has no backslash escape). */
const FORMATTING_LOOKALIKES: Record<string, string> = {
  "*": "\u2217",
  _: "\u02CD",
  "~": "\u223C",
  "`": "\u02CB",
};

/** Escapes untrusted text for Slack mrkdwn/plain_text: &, <, > (so no <!channel>, <@U…>, <http://x|y> can form). */
export function escapeSlack(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Puts a zero-width joiner after the `@` of `@everyone`/`@here`/`@channel`: they show the same but never ping. */
export function neutraliseBroadcasts(text: string): string {
  return text.replace(BROADCAST_WORD, `@${ZWJ}`);
}

/**
 * One untrusted field as a single clean line: control and bidi-override characters and line breaks
 * become spaces (a title cannot reorder or break the card), lone surrogates become U+FFFD.
 */
export function normalizeField(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replace(INVISIBLE_CONTROLS, " ").replace(/\s+/g, " ").trim();
}

/** Replaces mrkdwn formatting characters with look-alikes and defuses a leading `>`, so text shows as typed. */
export function inertFormatting(text: string): string {
  const replaced = text.replace(/[*_~`]/g, (char) => FORMATTING_LOOKALIKES[char] ?? char);
  return replaced.startsWith(">") ? `${SOFT_HYPHEN}${replaced}` : replaced;
}

/** Raw untrusted text made safe for a `plain_text` object or the notification fallback (length-preserving but for escapes). */
export function plainSafe(raw: string): string {
  return neutraliseBroadcasts(escapeSlack(raw.replace(LONE_SURROGATE, "\uFFFD")));
}

/** Raw untrusted text made safe to embed in a `mrkdwn` object. */
export function mrkdwnSafe(raw: string): string {
  return plainSafe(inertFormatting(raw));
}

/**
 * `render(raw)` when it fits in `max` characters; otherwise the raw text is cut on a word boundary
 * (never inside a surrogate pair or an escape), given `…`, and rendered. Cutting happens before
 * rendering, so escapes stay whole; the result's length is at most `max`.
 */
export function fitText(raw: string, max: number, render: (raw: string) => string): string {
  const whole = render(raw);
  if (whole.length <= max) return whole;
  let low = 0;
  let high = raw.length;
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

/** An untrusted field for a `plain_text` object: normalised, cut to `max`, escaped. */
export function plainField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, plainSafe);
}

/** An untrusted field for a `mrkdwn` object: normalised, cut to `max`, escaped and made formatting-inert. */
export function mrkdwnField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, mrkdwnSafe);
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
