/**
 * Text safety for Slack. Untrusted text is normalised, cut to fit, and only then escaped, so a cut never
 * lands inside `&amp;` and nothing a paper or a user typed can form markup: no `<!channel>`, `<@U…>`,
 * `<#C…>` or `<url|label>` link, no broadcast word, no stray bold/italic/code, no blockquote.
 */

import { fitText, LONE_SURROGATE, normalizeField } from "../../src/chat/text-fit.ts";

export { fitText, normalizeField };

/** Inserted after `@` so `@everyone`, `@here` and `@channel` can never read as a broadcast. */
const ZWJ = "\u200D";
/** Soft hyphen: an invisible character that keeps a leading `>` from opening a blockquote. */
const SOFT_HYPHEN = "\u00AD";
const BROADCAST_WORD = /@(?=(?:everyone|here|channel)\b)/gi;
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

/** An untrusted field for a `plain_text` object: normalised, cut to `max`, escaped. */
export function plainField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, plainSafe);
}

/** An untrusted field for a `mrkdwn` object: normalised, cut to `max`, escaped and made formatting-inert. */
export function mrkdwnField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, mrkdwnSafe);
}
