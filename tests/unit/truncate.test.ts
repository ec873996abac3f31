import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownSafe } from "../../adapters/discord/escape.ts";
import { mrkdwnSafe } from "../../adapters/slack/escape.ts";
import { fitText } from "../../src/chat/text-fit.ts";
import { graphemePrefix, graphemeStart, truncate, wellFormed } from "../../src/truncate.ts";
import { atomText, brokenText, cutsOf } from "../helpers/graphemes.ts";

/** Any text: atoms, arbitrary code points, lone surrogates, CR LF and combining marks on their own. */
const anyText = fc
  .array(
    fc.oneof(
      atomText(4),
      fc.string({ unit: "grapheme", maxLength: 4 }),
      fc.string({ unit: "binary", maxLength: 4 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom("\r\n", "\r", "\n", "\u0301", "\u200D", "\u0600", "©"),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const limit = fc.integer({ min: 0, max: 60 });

describe("graphemeStart", () => {
  it("is the last grapheme boundary of the whole text at or before the index", () => {
    fc.assert(
      fc.property(anyText, fc.nat(80), (text, index) => {
        const expected = cutsOf(text)
          .filter((cut) => cut <= index)
          .at(-1);
        expect(graphemeStart(text, index)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("truncate and graphemePrefix", () => {
  it("return well-formed text within the limit, cut only between whole graphemes", () => {
    fc.assert(
      fc.property(anyText, limit, (text, max) => {
        const safe = wellFormed(text);
        const prefix = graphemePrefix(text, max);
        expect(prefix.length).toBeLessThanOrEqual(max);
        expect(brokenText(prefix).filter((problem) => problem.startsWith("lone"))).toEqual([]);
        expect(safe.startsWith(prefix)).toBe(true);
        expect(cutsOf(safe)).toContain(prefix.length);
        const next = cutsOf(safe).find((cut) => cut > prefix.length);
        if (next !== undefined) expect(next).toBeGreaterThan(max);

        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        if (safe.length <= max) expect(cut).toBe(safe);
        else if (cut) {
          expect(cut.endsWith("…")).toBe(true);
          const head = cut.slice(0, -1);
          expect(safe.startsWith(head)).toBe(true);
          expect(cutsOf(safe)).toContain(head.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("never split ZWJ sequences, flags, skin tones or combining marks", () => {
    fc.assert(
      fc.property(atomText(30), limit, (text, max) => {
        expect(brokenText(graphemePrefix(text, max))).toEqual([]);
        expect(brokenText(truncate(text, max))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("cuts before a grapheme that does not fit whole, and keeps text that fits", () => {
    const family = "👨‍👩‍👧‍👦";
    expect(truncate(`ab${family}`, 5)).toBe("ab…");
    expect(graphemePrefix(`ab${family}`, 10)).toBe("ab");
    expect(graphemePrefix(`ab${family}`, 13)).toBe(`ab${family}`);
    expect(graphemePrefix("🇩🇪🇫🇷", 6)).toBe("🇩🇪");
    expect(graphemePrefix("e\u0301e\u0301", 3)).toBe("e\u0301");
    expect(graphemePrefix(`${"a".repeat(99)}😀`, 100)).toBe("a".repeat(99));
    expect(truncate("a\uD800b", 10)).toBe("a\uFFFDb");
    expect(truncate("word word word", 11)).toBe("word word…");
    expect(truncate("anything", 0)).toBe("");
  });
});

describe("fitText", () => {
  it("keeps every grapheme whole and the result within the limit, also through escaping", () => {
    fc.assert(
      fc.property(atomText(40), fc.integer({ min: 0, max: 80 }), (text, max) => {
        for (const render of [(raw: string) => raw, markdownSafe, mrkdwnSafe]) {
          const fitted = fitText(text, max, render);
          expect(fitted.length).toBeLessThanOrEqual(max);
          expect(brokenText(fitted)).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("cuts any text between graphemes of the whole text", () => {
    fc.assert(
      fc.property(anyText, limit, (text, max) => {
        const fitted = fitText(text, max, wellFormed);
        const head = fitted.endsWith("…") && fitted.length < text.length ? fitted.slice(0, -1) : fitted;
        expect(fitted.length).toBeLessThanOrEqual(max);
        expect(wellFormed(text).startsWith(head)).toBe(true);
        expect(cutsOf(text)).toContain(head.length);
      }),
      { numRuns: 2000 },
    );
  });
});
