/**
 * Text safety for Discord. Untrusted text is normalised to one line, cut to fit, and only then escaped,
 * so a cut never lands inside `\*` and nothing a paper or a user typed can form a mention (`<@1>`,
 * `<@&1>`, `<#1>`, `</cmd:1>`, `<t:1>`, `@everyone`), a masked link, or formatting. `allowed_mentions`
 * is the guard against pings; this keeps mentions from even rendering as pills.
 */

import { fitText, LONE_SURROGATE, normalizeField } from "../../src/chat/text-fit.ts";

export { fitText, normalizeField };

/** Zero-width space: keeps `@everyone` and `<@1>` looking as typed while Discord parses neither. */
const ZWSP = "\u200B";
const BROADCAST_WORD = /@(?=everyone|here)/gi;
/** Characters Discord markdown gives meaning anywhere in a line; a backslash shows each as typed. */
const INLINE_MARKUP = /[\\*_~`|[\]()]/g;
/** What opens a heading (`#`, `-#`), quote (`>`) or list (`-`, `+`) at the start of a line. */
const LINE_START_MARKUP = /^[#>+-]/;
/** What opens a numbered list (`1.`) at the start of a line. */
const LINE_START_NUMBER = /^(\d+)\./;
/** Look-alikes for the brackets inside a masked link's label, where a bracket would end or break it. */
const LABEL_BRACKETS: Record<string, string> = { "[": "\uFF3B", "]": "\uFF3D" };
/** Look-alike for a backtick inside inline code, where it would close the code span. */
const CODE_BACKTICK = "\u02CB";

/**
 * Raw untrusted text made safe where Discord shows plain text (footer, author name, button label) or
 * code: a zero-width space after every `<` and after the `@` of `@everyone`/`@here`, and between `]`
 * and `(`, so no mention, timestamp, command or link can form. Length-preserving but for those.
 */
export function plainSafe(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, "\uFFFD")
    .replaceAll("<", `<${ZWSP}`)
    .replace(BROADCAST_WORD, `@${ZWSP}`)
    .replaceAll("](", `]${ZWSP}(`);
}

/**
 * Raw untrusted text made safe inside Discord markdown (titles, descriptions, field names and values):
 * backslash before every markup character and before what would open a heading, quote or list, then
 * mentions neutralised as in `plainSafe`. Discord shows the text exactly as typed.
 */
export function markdownSafe(raw: string): string {
  return plainSafe(
    raw.replace(INLINE_MARKUP, "\\$&").replace(LINE_START_MARKUP, "\\$&").replace(LINE_START_NUMBER, "$1\\."),
  );
}

/** Raw untrusted text made safe as the label of our own masked link: `markdownSafe`, brackets as look-alikes. */
export function linkLabelSafe(raw: string): string {
  return markdownSafe(raw.replace(/[[\]]/g, (bracket) => LABEL_BRACKETS[bracket] ?? bracket));
}

/** Raw untrusted text made safe between single backticks (inline code shows backslashes literally). */
export function codeSafe(raw: string): string {
  return plainSafe(raw.replaceAll("`", CODE_BACKTICK));
}

/** An untrusted field for plain text (footer, author name, button label): normalised, cut, made inert. */
export function plainField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, plainSafe);
}

/** An untrusted field for Discord markdown: normalised, cut to `max`, escaped. */
export function markdownField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, markdownSafe);
}

/** An untrusted field as the label of our own masked link: normalised, cut to `max`, escaped. */
export function linkLabelField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, linkLabelSafe);
}

/** An untrusted field for inline code: normalised, cut to `max`, with no backtick left to close the span. */
export function codeField(raw: string, max: number): string {
  return fitText(normalizeField(raw), max, codeSafe);
}
