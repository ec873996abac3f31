import fc from "fast-check";
import { LONE_SURROGATE } from "../../src/truncate.ts";

/**
 * Text built from graphemes that break when cut inside: ZWJ emoji, flags, skin tones, a letter with
 * two combining marks, decomposed Hangul, an astral letter, with plain words and spaces between them.
 */
export const ATOMS = [
  "👨‍👩‍👧‍👦",
  "🏳️‍🌈",
  "🇩🇪",
  "🇫🇷",
  "👍🏽",
  "ω\u0301\u0308",
  "\u1100\u1161\u11A8",
  "𝔸",
  "中",
  "a",
  "word",
  "Q",
  " ",
] as const;

/**
 * Code points that occur only inside the multi-code-point atoms above and in nothing a renderer adds,
 * so a grapheme holding one of them must be a whole atom (ZWJ: as long as the text has no `@`, after
 * which Slack inserts one).
 */
const MARKERS = new Set(
  ["👨", "👩", "👧", "👦", "\u200D", "🏳", "🌈", "🇩", "🇪", "🇫", "🇷", "\u{1F3FD}", "ω", "\u0301", "\u0308"]
    .concat(["\u1100", "\u1161", "\u11A8"])
    .map((marker) => marker.codePointAt(0)),
);
const WHOLE = new Set<string>(ATOMS);
const SEGMENTER = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The graphemes of `text`, as a reader sees them. */
export function graphemesOf(text: string): string[] {
  return [...SEGMENTER.segment(text)].map((part) => part.segment);
}

/** Where `text` may be cut: 0, the end of every grapheme. */
export function cutsOf(text: string): number[] {
  const cuts = [0];
  for (const part of SEGMENTER.segment(text)) cuts.push(part.index + part.segment.length);
  return cuts;
}

/** What is wrong with `text`: lone surrogates, and graphemes that are pieces of an atom. */
export function brokenText(text: string): string[] {
  const problems = (text.match(LONE_SURROGATE) ?? []).map(
    (half) => `lone surrogate ${half.charCodeAt(0).toString(16)}`,
  );
  for (const grapheme of graphemesOf(text)) {
    const marked = [...grapheme].some((char) => MARKERS.has(char.codePointAt(0)));
    if (marked && !WHOLE.has(grapheme)) problems.push(`split grapheme ${JSON.stringify(grapheme)}`);
  }
  return problems;
}

/** Every string anywhere inside `value` (rendered messages, request bodies). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Text of up to `maxAtoms` atoms, any length up to that equally likely (so long texts do occur). */
export const atomText = (maxAtoms: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...ATOMS), { maxLength: maxAtoms, size: "max" }).map((atoms) => atoms.join(""));
