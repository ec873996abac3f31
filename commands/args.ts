import { z } from "zod";

/** Splits free text into words, keeping "quoted phrases" together. */
export function words(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "").filter(Boolean);
}

/** A short free-text value (a topic or word to follow or mute), cleaned of control characters. */
export const shortText = (what: string, max: number) =>
  z
    .string({ error: `Say which ${what}.` })
    .transform((value) =>
      value
        .replace(/[\p{Cc}\p{Cf}]/gu, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(2, `Say which ${what} (at least 2 characters).`)
        .max(max, `That ${what} is too long (at most ${max} characters).`),
    );
