import { describe, expect, it } from "vitest";
import {
  codeSafe,
  fitText,
  linkLabelSafe,
  markdownField,
  markdownSafe,
  normalizeField,
  plainSafe,
} from "../../adapters/discord/escape.ts";
import { MAX_EMBED_TITLE } from "../../adapters/discord/limits.ts";
import { type DiscordMessage, renderDiscord } from "../../adapters/discord/render.ts";
import type { HelpEntry, Reply } from "../../src/chat/reply.ts";
import type { ChannelSettings } from "../../src/store/channel-repository.ts";
import {
  LIVE_ANGLE,
  LIVE_BROADCAST,
  messagesProblems,
  messageTexts,
  OUR_MASKED_LINK,
  visibleText,
} from "../helpers/discord-invariants.ts";
import { hostileInput } from "../helpers/hostile-input.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { makeDigest, makeEntry } from "../helpers/slack-fixtures.ts";

const HOSTILE =
  "@everyone @here <@123> <@&456> <#789> [click](https://evil.example) **bold** ||spoiler|| `code` # heading";
const Z = "\u200B";
/** A ping or a rendered mention, channel, role, command or timestamp, anywhere in the JSON. */
const JSON_MENTION = /@(?!\u200B)(?:everyone|here)|<(?:@|#|\/|t:|a?:)/i;
/** A masked link whose `[` and `](` are not backslash-escaped. */
const UNESCAPED_MASKED_LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;

const settings: ChannelSettings = {
  platform: "discord",
  workspaceId: "G1",
  channelId: "C1",
  schedule: null,
  followedTopics: [],
  mutedWords: [],
  layout: "compact",
};

/** The texts of a rendering with our own `[label](https://arxiv.org/…)` links reduced to their labels. */
function textsWithoutOurLinks(messages: DiscordMessage[]): string[] {
  return messages.flatMap(messageTexts).map((text) => text.replace(OUR_MASKED_LINK, (_, label) => label));
}

/** Everything that could ping, mention, link or format, over a whole rendering. */
function unsafe(messages: DiscordMessage[]): string[] {
  const found = messagesProblems(messages);
  const json = JSON.stringify(messages);
  if (JSON_MENTION.test(json)) found.push(`JSON mention: ${JSON_MENTION.exec(json)?.[0]}`);
  for (const text of textsWithoutOurLinks(messages)) {
    if (UNESCAPED_MASKED_LINK.test(text)) found.push(`masked link in ${JSON.stringify(text.slice(0, 80))}`);
  }
  return found;
}

describe("Discord escaping, piece by piece", () => {
  it("normalises one line: controls, bidi overrides and line breaks become spaces, lone surrogates U+FFFD", () => {
    expect(normalizeField("  a\n\nb\tc\u0007d\u202Ee\u2028f\u2066g  ")).toBe("a b c d e f g");
    expect(normalizeField("x\uD83Dy\uDE00 😀 👩‍🔬")).toBe("x\uFFFDy\uFFFD 😀 👩‍🔬");
  });

  it("plain text keeps every character but defuses mentions, broadcasts and link syntax", () => {
    expect(plainSafe(HOSTILE)).toBe(
      `@${Z}everyone @${Z}here <${Z}@123> <${Z}@&456> <${Z}#789> [click]${Z}(https://evil.example) **bold** ||spoiler|| \`code\` # heading`,
    );
    expect(
      plainSafe("</papers today:1> <t:1700000000:R> <a:wave:1> <https://x.example> @Everyone @hereby"),
    ).toBe(
      `<${Z}/papers today:1> <${Z}t:1700000000:R> <${Z}a:wave:1> <${Z}https://x.example> @${Z}Everyone @${Z}hereby`,
    );
  });

  it("markdown backslash-escapes every markup character and a line-opening heading, quote or list", () => {
    expect(markdownSafe(HOSTILE)).toBe(
      `@${Z}everyone @${Z}here <${Z}@123> <${Z}@&456> <${Z}#789> \\[click\\]\\(https://evil.example\\) ` +
        "\\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\`code\\` # heading",
    );
    expect(["# h", "-# s", "> q", ">>> q", "- l", "+ l", "12. n", "\\x"].map(markdownSafe)).toEqual([
      "\\# h",
      "\\-# s",
      "\\> q",
      "\\>>> q",
      "\\- l",
      "\\+ l",
      "12\\. n",
      "\\\\x",
    ]);
    expect(markdownSafe("snake_case ~~x~~ __u__")).toBe("snake\\_case \\~\\~x\\~\\~ \\_\\_u\\_\\_");
  });

  it("a link label also swaps brackets for look-alikes, so a stray bracket cannot end or break our link", () => {
    expect(linkLabelSafe("[Re] a]b")).toBe("\uFF3BRe\uFF3D a\uFF3Db");
  });

  it("inline code swaps backticks for a look-alike and keeps mentions defused", () => {
    expect(codeSafe("/papers `x` <@1> @here")).toBe(`/papers ˋxˋ <${Z}@1> @${Z}here`);
  });

  it("cuts on a word boundary with an ellipsis", () => {
    expect(fitText("the quick brown fox jumps", 16, markdownSafe)).toBe("the quick brown…");
  });

  it("never cuts inside a backslash escape, whatever the limit", () => {
    const raw = "*_~|".repeat(50);
    for (let max = 0; max <= 200; max += 1) {
      const fitted = fitText(raw, max, markdownSafe);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted).toMatch(/^(?:\\[*_~|])*…?$/);
    }
  });

  it("never splits a surrogate pair or a neutralised mention", () => {
    for (let max = 1; max <= 30; max += 1) {
      expect(fitText("😀".repeat(40), max, markdownSafe)).toMatch(/^(😀)*…$/u);
      const fitted = fitText("<@1>".repeat(20), max, plainSafe);
      expect(fitted.replaceAll(`<${Z}@1>`, "")).toMatch(/^(?:<\u200B@?1?)?…$|^$/);
    }
    expect(fitText("ping @everyone now please", 17, plainSafe)).toBe(`ping @${Z}everyone…`);
  });

  it("is fast on huge input: only what can fit is ever rendered", () => {
    const started = performance.now();
    expect(markdownField("*".repeat(5_000_000), 20)).toBe(`${"\\*".repeat(9)}…`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("the hostile title in every reply kind", () => {
  const hostile = makeEntry(
    {
      title: HOSTILE,
      authors: [HOSTILE, "@here", "<@!1>"],
      organization: HOSTILE,
      githubRepo: "https://evil.example/x/y",
    },
    { tldr: `# ${HOSTILE}`, why: HOSTILE, votes: 2 },
  );
  const digest = makeDigest([hostile.paper], { title: HOSTILE, note: `> ${HOSTILE}` });
  digest.items = digest.items.map((item) => ({ ...item, tldr: HOSTILE, why: HOSTILE }));
  const help: HelpEntry = {
    name: HOSTILE,
    usage: HOSTILE,
    summary: HOSTILE,
    admin: true,
    options: [
      { name: HOSTILE, description: HOSTILE, required: true, placeholder: HOSTILE, alternatives: [HOSTILE] },
      { name: HOSTILE, description: HOSTILE, required: false, choices: [HOSTILE] },
    ],
  };
  const replies: Reply[] = [
    { kind: "paper", entry: hostile, rank: 1, note: HOSTILE },
    { kind: "digest", digest, note: HOSTILE },
    { kind: "header", digest, note: HOSTILE },
    { kind: "papers", title: HOSTILE, entries: [hostile], empty: HOSTILE, note: HOSTILE },
    { kind: "papers", title: HOSTILE, entries: [], empty: HOSTILE, note: HOSTILE },
    {
      kind: "settings",
      settings: {
        ...settings,
        schedule: { time: "09:00", timezone: HOSTILE, days: "daily" },
        followedTopics: [HOSTILE, "@everyone"],
        mutedWords: [HOSTILE],
      },
      defaults: { timezone: "UTC", digestSize: 5 },
      note: HOSTILE,
    },
    { kind: "message", text: HOSTILE, tone: "warning", note: HOSTILE },
    { kind: "usage", error: `Unknown topic “${HOSTILE}”`, usage: HOSTILE, note: HOSTILE },
    { kind: "help", entries: [help], note: HOSTILE },
  ];

  it.each(replies.map((reply) => [reply.kind, reply] as const))("%s renders inert", (_, reply) => {
    const messages = renderDiscord(reply);
    expect(unsafe(messages)).toEqual([]);
    const json = JSON.stringify(messages);
    expect(json).not.toMatch(/@(?!\u200B)(?:everyone|here)/i);
    expect(json).not.toMatch(/<@|<#|<@&|<\/|<t:/);
    expect(messages.every((message) => JSON.stringify(message.allowed_mentions) === '{"parse":[]}')).toBe(
      true,
    );
    expect(messages.every((message) => message.content === undefined)).toBe(true);
  });

  it.each(replies.map((reply) => [reply.kind, reply] as const))(
    "%s still shows every hostile word, as typed",
    (_, reply) => {
      const shown = renderDiscord(reply).flatMap(messageTexts).map(visibleText).join("\n");
      for (const word of [
        "@everyone",
        "@here",
        "<@123>",
        "<@&456>",
        "<#789>",
        "[click](https://evil.example)",
        "**bold**",
        "||spoiler||",
        "`code`",
        "# heading",
      ]) {
        expect(shown).toContain(word);
      }
    },
  );

  it("a paper card escapes the title, TL;DR, authors and why exactly, and links only to arXiv", () => {
    const [message] = renderDiscord({ kind: "paper", entry: hostile });
    const card = message!.embeds[0]!;
    const escaped = markdownSafe(HOSTILE);
    expect(card.title).toBe(escaped);
    expect(card.url).toBe("https://arxiv.org/abs/2401.00001");
    expect(card.description).toBe(`\\# ${escaped}`);
    expect(card.fields?.[0]?.value).toBe(`${escaped}, @${Z}here, <${Z}@!1>`);
    expect(card.fields?.at(-1)?.value.endsWith(` · 💡 ${escaped}`)).toBe(true);
    expect(
      message!.components[0]?.components.map((button) => ("label" in button ? button.label : "")),
    ).toEqual(["arXiv", "PDF", "Hugging Face"]);
  });

  it("a papers list links the hostile title to arXiv with look-alike brackets in the label", () => {
    const [message] = renderDiscord({ kind: "papers", title: "t", entries: [hostile], empty: "" });
    const heading = message!.embeds[0]!.description!.split("\n")[0];
    expect(heading).toBe(
      `**1. [@${Z}everyone @${Z}here <${Z}@123> <${Z}@&456> <${Z}#789> \uFF3Bclick\uFF3D\\(https://evil.example\\) ` +
        "\\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\`code\\` # heading](https://arxiv.org/abs/2401.00001)**",
    );
  });

  it("a 5,000-character hostile title is cut to every limit and stays inert and readable", () => {
    const title = `${HOSTILE} `.repeat(50).slice(0, 5_000);
    const entry = makeEntry({ title }, { tldr: title, why: title });
    const long: Reply[] = [
      { kind: "paper", entry, rank: 3, note: title },
      { kind: "digest", digest: makeDigest([entry.paper], { title, note: title }), note: title },
      { kind: "papers", title, entries: [entry], empty: title, note: title },
      { kind: "message", text: title, tone: "info", note: title },
      { kind: "usage", error: title, usage: title },
    ];
    for (const reply of long) {
      const messages = renderDiscord(reply);
      expect(unsafe(messages)).toEqual([]);
      expect(messages.flatMap(messageTexts).map(visibleText).join(" ")).toContain("@everyone @here <@123>");
    }
    const [card] = renderDiscord({ kind: "paper", entry, rank: 3 });
    const shownTitle = visibleText(card!.embeds[0]!.title!);
    expect(card!.embeds[0]!.title!.length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect(shownTitle.endsWith("…")).toBe(true);
    expect(normalizeField(`#3 ${title}`).startsWith(shownTitle.slice(0, -1).trimEnd())).toBe(true);
  });
});

const FRAGMENTS = [
  "@everyone",
  "@here",
  "@Everyone",
  "@@here",
  "<@123>",
  "<@!123>",
  "<@&456>",
  "<#789>",
  "</papers today:123>",
  "<t:1700000000:R>",
  "<:emoji:123>",
  "<a:wave:1>",
  "<https://evil.example>",
  "[click](https://evil.example)",
  "[x](<https://evil.example>)",
  "[Re]",
  "](",
  "[",
  "]",
  "(",
  ")",
  "https://evil.example",
  "https://arxiv.org/abs/1",
  "**",
  "*",
  "__",
  "_",
  "~~",
  "||",
  "`",
  "```",
  "\\",
  "\\\\",
  "\\*",
  "# ",
  "## ",
  "-# ",
  "> ",
  ">>> ",
  "- ",
  "+ ",
  "1. ",
  "<",
  ">",
  "&",
  ":smile:",
  "\n",
  "\r\n",
  "\t",
  "\u202E",
  "\u2066",
  "\u200B",
  "\u200D",
  "\u200F",
  "\uFEFF",
  "\u0000",
  "\u001b[31m",
  "\uD83D",
  "\uDE00",
  "😀",
  "👩‍🔬",
  "🇺🇸",
  "1️⃣",
  "עברית",
  "العربية",
  "漢字",
  "é",
  "ˋ",
  "［",
  "Transformer",
  "learning",
  " ",
  "  ",
];

const { text: hostileString, entry: hostileEntry } = hostileInput(FRAGMENTS);

const random = seededRandom(20_260_614);
const entries = Array.from({ length: 2_000 }, (_, index) => hostileEntry(random, index));
/** Generated strings may hold our own zero-width space or look-alikes; those skip the round-trip check. */
const LOOKALIKES = /[\u200B\uFF3B\uFF3Dˋ]/;
const KEYCAPS = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"];

describe("Discord rendering over 2,000 generated hostile papers", () => {
  it("every paper card is inert, within limits and links only to our hosts", () => {
    const failures = entries.flatMap((entry, index) =>
      unsafe(renderDiscord({ kind: "paper", entry, rank: index + 1, note: entry.why })).map(
        (problem) => `#${index}: ${problem}`,
      ),
    );
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("every card shows a prefix of the real title, cut only with an ellipsis", () => {
    const failures: string[] = [];
    entries.forEach((entry, index) => {
      const title = normalizeField(entry.paper.title);
      if (LOOKALIKES.test(entry.paper.title) || title === "") return;
      const [message] = renderDiscord({ kind: "paper", entry });
      const shown = visibleText(message?.embeds[0]?.title ?? "");
      const ok = shown === title || (shown.endsWith("…") && title.startsWith(shown.slice(0, -1).trimEnd()));
      if (!ok) failures.push(`#${index}: ${JSON.stringify(shown)} vs ${JSON.stringify(title.slice(0, 80))}`);
    });
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("digests of ten are one inert message each, every paper numbered in order", () => {
    for (let start = 0; start < entries.length; start += 10) {
      const batch = entries.slice(start, start + 10);
      const digest = makeDigest(
        batch.map((entry) => entry.paper),
        { title: hostileString(random, 30), note: hostileString(random, 30) },
      );
      digest.items = digest.items.map((item, index) => ({
        ...item,
        tldr: batch[index]!.tldr,
        why: batch[index]!.why ?? "",
      }));
      const note = hostileString(random, 10);
      const messages = renderDiscord({ kind: "digest", digest, note });
      expect(unsafe(messages)).toEqual([]);
      expect(messages).toHaveLength(1);
      const numbers = messages[0]!.embeds[0]!.fields!.map((field) => field.name.split(" ")[0]);
      expect(numbers).toEqual(KEYCAPS.slice(0, batch.length));
      expect(unsafe(renderDiscord({ kind: "header", digest, note }))).toEqual([]);
    }
  });

  it("lists of fifty split into inert messages that keep every entry, in order", () => {
    for (let start = 0; start < entries.length; start += 50) {
      const batch = entries.slice(start, start + 50);
      const title = hostileString(random, 80);
      const messages = renderDiscord({ kind: "papers", title, entries: batch, empty: title, note: title });
      expect(unsafe(messages)).toEqual([]);
      const ranks = messages.flatMap((message) =>
        [...(message.embeds[0]?.description ?? "").matchAll(/^\*\*(\d+)\. /gm)].map((match) =>
          Number(match[1]),
        ),
      );
      expect(ranks).toEqual(batch.map((_, index) => index + 1));
    }
  });

  it("settings, messages, usage errors, help and empty lists stay inert and within limits", () => {
    for (let start = 0; start < entries.length; start += 25) {
      const text = () => hostileString(random, 80);
      const words = Array.from({ length: Math.floor(random() * 40) }, text);
      const replies: Reply[] = [
        {
          kind: "settings",
          settings: {
            ...settings,
            followedTopics: words,
            mutedWords: words.slice(3),
          },
          defaults: { timezone: text(), digestSize: 5 },
          note: text(),
        },
        { kind: "message", text: text(), tone: "success", note: text() },
        { kind: "usage", error: text(), usage: text(), note: text() },
        {
          kind: "help",
          entries: words.map((word) => ({
            name: word,
            usage: text(),
            summary: text(),
            admin: random() < 0.5,
            options: [{ name: word, description: text(), required: true, placeholder: text() }],
          })),
          note: text(),
        },
        { kind: "papers", title: text(), entries: [], empty: text(), note: text() },
      ];
      for (const reply of replies) expect(unsafe(renderDiscord(reply))).toEqual([]);
    }
  });

  it("no rendered text anywhere holds a live mention or broadcast", () => {
    const texts = entries
      .slice(0, 200)
      .flatMap((entry) => renderDiscord({ kind: "paper", entry }).flatMap(messageTexts));
    expect(texts.filter((text) => LIVE_ANGLE.test(text) || LIVE_BROADCAST.test(text))).toEqual([]);
  });
});
