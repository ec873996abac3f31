import { z } from "zod";

/** Splits free text into words, keeping "quoted phrases" together. */
export function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "").filter(Boolean);
}

/** Quote marks typed around a phrase, straight or typographic (Slack and macOS turn " into “ ”). */
const QUOTE_FAMILIES = [`"“”„‟«»`, `'‘’‚‛‹›`];

/**
 * One pair of quotes around the whole text taken off (`“continual learning”` → `continual learning`).
 * Text of several quoted parts (`"a" and "b"`) stays as it is; an apostrophe inside a word (`‘it’s’`)
 * is not a quote.
 */
export function unquote(text: string): string {
  const first = text[0] ?? "";
  const last = text.at(-1) ?? "";
  const family = QUOTE_FAMILIES.find((marks) => marks.includes(first) && marks.includes(last));
  if (!family || text.length < 2) return text;
  const inner = text.slice(1, -1);
  const quotedPart = new RegExp(`(^|\\s)[${family}]|[${family}](\\s|$)`, "u");
  return quotedPart.test(inner) ? text : inner.trim();
}

/** Free text cleaned of control characters, runs of whitespace and surrounding quotes. */
export function cleanText(value: string): string {
  return unquote(
    value
      .replace(/[\p{Cc}\p{Cf}]/gu, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

/** A short free-text value (a topic or word to follow or mute), cleaned as `cleanText` does. */
export const shortText = (what: string, max: number) =>
  z
    .string({ error: `Say which ${what}.` })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(2, `Say which ${what} (at least 2 characters).`)
        .max(max, `That ${what} is too long (at most ${max} characters).`),
    );
