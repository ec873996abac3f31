import { describe, expect, it } from "vitest";
import {
  escapeSlack,
  fitText,
  inertFormatting,
  mrkdwnField,
  neutraliseBroadcasts,
  normalizeField,
  plainSafe,
} from "../../adapters/slack/escape.ts";
import { escapeSlack as exportedFromRender } from "../../adapters/slack/render.ts";

describe("escapeSlack", () => {
  it("escapes exactly &, < and >", () => {
    expect(escapeSlack("a & b < c > d \"e\" 'f'")).toBe("a &amp; b &lt; c &gt; d \"e\" 'f'");
  });

  it("escapes & first, so existing entities stay visible as typed", () => {
    expect(escapeSlack("&lt;!channel&gt; &amp;")).toBe("&amp;lt;!channel&amp;gt; &amp;amp;");
  });

  it("leaves no markup that Slack could parse as a mention or link", () => {
    const escaped = escapeSlack(
      "<!channel> <!here> <@U024BE7LH> <#C1> <!subteam^S1> <http://evil.example|click>",
    );
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toBe(
      "&lt;!channel&gt; &lt;!here&gt; &lt;@U024BE7LH&gt; &lt;#C1&gt; &lt;!subteam^S1&gt; &lt;http://evil.example|click&gt;",
    );
  });

  it("is what render.ts exports", () => {
    expect(exportedFromRender).toBe(escapeSlack);
  });
});

describe("neutraliseBroadcasts", () => {
  it("puts a zero-width joiner after the @ of broadcast words, any case", () => {
    expect(neutraliseBroadcasts("@everyone @here @channel @Here!")).toBe(
      "@\u200Deveryone @\u200Dhere @\u200Dchannel @\u200DHere!",
    );
  });

  it("leaves other @words alone", () => {
    expect(neutraliseBroadcasts("@hereby @channels @alice")).toBe("@hereby @channels @alice");
  });
});

describe("normalizeField", () => {
  it("turns line breaks, tabs, controls and bidi overrides into single spaces", () => {
    expect(normalizeField("  a\n\nb\tc\u0007d\u202Ee\u2028f  ")).toBe("a b c d e f");
  });

  it("replaces lone surrogates and keeps whole emoji", () => {
    expect(normalizeField("x\uD83Dy 😀")).toBe("x\uFFFDy 😀");
  });
});

describe("inertFormatting", () => {
  it("swaps mrkdwn formatting characters for look-alikes and defuses a leading quote", () => {
    expect(inertFormatting("*b* _i_ ~s~ `c`")).toBe("∗b∗ ˍiˍ ∼s∼ ˋcˋ");
    expect(inertFormatting("> quote > not")).toBe("\u00AD> quote > not");
  });
});

describe("fitText", () => {
  it("returns the rendered text untouched when it fits", () => {
    expect(fitText("a & b", 9, plainSafe)).toBe("a &amp; b");
  });

  it("cuts on a word boundary and appends an ellipsis", () => {
    expect(fitText("the quick brown fox jumps", 16, plainSafe)).toBe("the quick brown…");
  });

  it("never cuts inside an escape sequence, whatever the limit", () => {
    const raw = "&<>".repeat(50);
    for (let max = 1; max <= 200; max += 1) {
      const fitted = fitText(raw, max, plainSafe);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted.replace(/&(amp|lt|gt);/g, "")).toMatch(/^…?$/);
    }
  });

  it("never splits a surrogate pair", () => {
    for (let max = 1; max <= 30; max += 1) {
      expect(fitText("😀".repeat(40), max, plainSafe)).toMatch(/^(😀)*…$/u);
    }
  });

  it("keeps a neutralised broadcast word whole when cutting after it", () => {
    const fitted = fitText("ping @everyone now please", 16, plainSafe);
    expect(fitted).toBe("ping @\u200Deveryone…");
  });

  it("hard-cuts a single very long word rather than returning almost nothing", () => {
    expect(fitText(`a ${"x".repeat(100)}`, 20, plainSafe)).toBe(`a ${"x".repeat(17)}…`);
  });
});

describe("mrkdwnField", () => {
  it("normalises, cuts, escapes and defuses formatting in one step", () => {
    expect(mrkdwnField("*Big*\n<news> for @here and everyone else", 30)).toBe(
      "∗Big∗ &lt;news&gt; for @\u200Dhere…",
    );
  });
});
