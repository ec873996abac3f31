import type { ActionsBlock, KnownBlock, SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import {
  MAX_BLOCKS,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_HOME_BLOCKS,
  MAX_SECTION_TEXT,
} from "../../adapters/slack/limits.ts";
import { LINK_ACTION_PREFIX, renderAppHome, renderSlack } from "../../adapters/slack/render.ts";
import { HELP_REACTIONS } from "../../src/chat/render-text.ts";
import type { RenderOptions, Reply } from "../../src/chat/reply.ts";
import type { ChannelSettings } from "../../src/store/channel-repository.ts";
import { makeDigest, makeEntry, makePaper } from "../helpers/slack-fixtures.ts";
import { allTexts, blockProblems, messageProblems } from "../helpers/slack-invariants.ts";

/** Where our own `<https://arxiv.org/abs/…|` title links open; the scan checks everything else. */
const OUR_LINK_OPENING = /<https:\/\/(?:arxiv\.org|huggingface\.co|github\.com)\/[\w./-]+\|/g;
const HOSTILE = "<!channel> @everyone <@U024BE7LH> <http://evil.example|click>";
const settings: ChannelSettings = {
  platform: "slack",
  workspaceId: "T1",
  channelId: "C1",
  schedule: { time: "09:00", timezone: "Europe/Berlin", days: "weekdays" },
  followedTopics: ["diffusion", "agents"],
  mutedWords: ["crypto"],
  layout: "messages",
};

const types = (blocks: KnownBlock[]) => blocks.map((block) => block.type);
const sections = (blocks: KnownBlock[]) =>
  blocks.filter((block): block is SectionBlock => block.type === "section");
const buttons = (blocks: KnownBlock[]) =>
  blocks
    .filter((block): block is ActionsBlock => block.type === "actions")
    .flatMap((block) => block.elements)
    .map((element) => (element.type === "button" ? element : undefined));

/** Posted by a digest's delivery, which records the paper: the message invites reactions. */
const POSTED: RenderOptions = { votable: true };

function only(reply: Reply, options?: RenderOptions) {
  const messages = renderSlack(reply, options);
  expect(messages).toHaveLength(1);
  expect(messageProblems(messages)).toEqual([]);
  return messages[0]!;
}

describe("renderSlack: every reply kind", () => {
  it("a digest is a header, a dated context, and per paper a card separated by dividers", () => {
    const digest = makeDigest([makePaper(), makePaper({ id: "2401.00002", title: "Second" })], {
      note: "Quiet on arXiv.",
    });
    const message = only({ kind: "digest", digest, note: "Showing stored papers." });
    expect(types(message.blocks)).toEqual([
      "header",
      "context",
      "divider",
      "section",
      "context",
      "actions",
      "divider",
      "section",
      "context",
      "actions",
    ]);
    expect(allTexts(message.blocks).slice(0, 4)).toEqual([
      "📰 Daily papers",
      "📅 Fri 12 Jun 2026",
      "Quiet on arXiv.",
      "Showing stored papers.",
    ]);
    expect(sections(message.blocks)[0]?.text?.text).toBe(
      "*1. <https://arxiv.org/abs/2401.00001|Attention Is Still All You Need>*\nTL;DR of Attention Is Still All You Need",
    );
    expect(message.text).toContain("📰 Daily papers");
    expect(message.text).toContain("Second");
  });

  it("a paper card shows authors and organization, upvotes, code stars, why and four link buttons", () => {
    const message = only({ kind: "paper", entry: makeEntry(), rank: 2 });
    expect(types(message.blocks)).toEqual(["section", "context", "actions"]);
    expect(sections(message.blocks)[0]?.text?.text).toMatch(
      /^\*2\. <https:\/\/arxiv\.org\/abs\/2401\.00001\|/,
    );
    expect(allTexts([message.blocks[1]!])).toEqual([
      "Ada Lovelace, Alan Turing · Example Lab",
      "▲ 42 · code ★ 1234",
      "💡 118 upvotes · featured today",
    ]);
    expect(buttons(message.blocks).map((button) => [button?.text.text, button?.url])).toEqual([
      ["arXiv", "https://arxiv.org/abs/2401.00001"],
      ["PDF", "https://arxiv.org/pdf/2401.00001"],
      ["Hugging Face", "https://huggingface.co/papers/2401.00001"],
      ["Code", "https://github.com/example/attention"],
    ]);
    expect(buttons(message.blocks).every((button) => button?.action_id?.startsWith(LINK_ACTION_PREFIX))).toBe(
      true,
    );
  });

  it("a paper without a rank, code or organization leaves them out", () => {
    const entry = makeEntry(
      { githubRepo: undefined, githubStars: undefined, organization: undefined },
      { why: undefined },
    );
    const message = only({ kind: "paper", entry });
    expect(sections(message.blocks)[0]?.text?.text).toMatch(/^\*<https:/);
    expect(allTexts([message.blocks[1]!])).toEqual(["Ada Lovelace, Alan Turing", "▲ 42"]);
    expect(buttons(message.blocks).map((button) => button?.text.text)).toEqual([
      "arXiv",
      "PDF",
      "Hugging Face",
    ]);
  });

  it("the header message gives title, note, count and how to react", () => {
    const digest = makeDigest([makePaper(), makePaper(), makePaper()], { note: "3 new today" });
    const message = only({ kind: "header", digest }, POSTED);
    expect(types(message.blocks)).toEqual(["header", "context", "section"]);
    expect(sections(message.blocks)[0]?.text?.text).toBe(
      "*3* papers below. React 👍 on a paper to upvote it, 🔖 to save it.",
    );
    expect(allTexts(message.blocks)).toContain("3 new today");
    const unposted = only({ kind: "header", digest });
    expect(sections(unposted.blocks)[0]?.text?.text).toBe("*3* papers below.");
    const threaded = only({ kind: "header", digest, threaded: true }, POSTED);
    expect(sections(threaded.blocks)[0]?.text?.text).toBe(
      "*3* papers in the replies to this message. React 👍 on a paper to upvote it, 🔖 to save it.",
    );
    expect(threaded.text).toContain("3 papers in the replies to this message.");
  });

  it("a header with no papers says nothing new, not '0 papers below', in its blocks and its text", () => {
    const message = only(
      { kind: "header", digest: makeDigest([], { note: "Nothing was featured today." }) },
      POSTED,
    );
    expect(sections(message.blocks)[0]?.text?.text).toBe("Nothing new to show today.");
    expect(message.text).toContain("Nothing new to show today.");
    expect(`${allTexts(message.blocks)} ${message.text}`).not.toMatch(/\b0\b\W*papers?/);
  });

  it("a posted compact digest asks for number reactions; the same digest answering a command does not", () => {
    const digest = makeDigest([makePaper(), makePaper({ id: "2401.00002", title: "Second" })]);
    const posted = only({ kind: "digest", digest }, POSTED);
    expect(allTexts(posted.blocks)).toContain("React with a paper's number to upvote it.");
    for (const reply of [
      { kind: "digest", digest },
      { kind: "paper", entry: makeEntry() },
      { kind: "papers", title: "Found", entries: [makeEntry()], empty: "" },
    ] satisfies Reply[]) {
      expect(JSON.stringify(renderSlack(reply))).not.toMatch(/react|to upvote/i);
    }
  });

  it("a papers list shows team votes, and its empty text when empty", () => {
    const message = only({
      kind: "papers",
      title: "Team top papers",
      entries: [makeEntry({}, { votes: 4 }), makeEntry({ id: "2401.00002" }, { votes: 1 })],
      empty: "No votes yet.",
    });
    expect(types(message.blocks).slice(0, 3)).toEqual(["header", "divider", "section"]);
    expect(allTexts(message.blocks)).toContain("▲ 42 · code ★ 1234 · 🗳️ 4 team votes");
    expect(allTexts(message.blocks)).toContain("▲ 42 · code ★ 1234 · 🗳️ 1 team vote");
    expect(sections(message.blocks)[1]?.text?.text).toMatch(/^\*2\. </);

    const empty = only({ kind: "papers", title: "Saved", entries: [], empty: "Nothing saved." });
    expect(types(empty.blocks)).toEqual(["header", "section"]);
    expect(sections(empty.blocks)[0]?.text?.text).toBe("Nothing saved.");
    expect(empty.text).toContain("Nothing saved.");
  });

  it("settings are a titled section with one field per setting", () => {
    const message = only({ kind: "settings", settings, defaults: { timezone: "UTC", digestSize: 5 } });
    const fields = sections(message.blocks)[1]?.fields?.map((field) => field.text);
    expect(fields).toEqual([
      "*Schedule*\n09:00 Europe/Berlin, weekdays",
      "*Digest*\n5 papers, one message per paper",
      "*Ranking*\nbalanced",
      "*Weekly recap*\nOff: `/papers recap monday 09:00` turns it on",
      "*Alerts*\nfollow-ups on · rising papers off",
      "*Followed topics*\ndiffusion, agents",
      "*Followed authors*\nnone",
      "*Followed orgs*\nnone",
      "*Muted words*\ncrypto",
    ]);
    const off = only({
      kind: "settings",
      settings: {
        ...settings,
        schedule: null,
        followedTopics: [],
        digestSize: 8,
        layout: "compact",
        risingAlerts: true,
      },
      defaults: { timezone: "UTC", digestSize: 5 },
    });
    const offFields = sections(off.blocks)[1]?.fields?.map((field) => field.text);
    expect(offFields?.[0]).toContain("`/papers schedule 09:00 Europe/Berlin weekdays`");
    expect(offFields?.slice(1, 2)).toEqual(["*Digest*\n8 papers, one compact numbered message"]);
    expect(offFields?.[4]).toBe("*Alerts*\nfollow-ups on · rising papers on");
    expect(offFields?.[5]).toBe("*Followed topics*\nnone");
  });

  it("a message carries its tone's emoji and the note", () => {
    const tones = { info: "ℹ️", success: "✅", warning: "⚠️" } as const;
    for (const [tone, emoji] of Object.entries(tones) as [keyof typeof tones, string][]) {
      const message = only({ kind: "message", text: "Done & dusted", tone, note: "from cache" });
      expect(sections(message.blocks)[0]?.text?.text).toBe(`${emoji} Done &amp; dusted`);
      expect(allTexts(message.blocks)).toContain("from cache");
    }
  });

  it("usage shows the error and the usage as code, with <placeholders> escaped", () => {
    const message = only({ kind: "usage", error: "Unknown topic.", usage: "/papers follow <topic>" });
    expect(sections(message.blocks).map((block) => block.text?.text)).toEqual([
      "⚠️ Unknown topic.",
      "*Usage:* `/papers follow &lt;topic&gt;`",
    ]);
    expect(message.text).toBe("Unknown topic.\nUsage: /papers follow &lt;topic&gt;");
  });

  it("help is a compact list of commands, admin ones marked", () => {
    const message = only({
      kind: "help",
      entries: [
        { name: "today", usage: "/papers today", summary: "Today's digest.", admin: false, options: [] },
        {
          name: "schedule",
          usage: "/papers schedule <HH:MM>",
          summary: "Set the time.",
          admin: true,
          options: [],
        },
      ],
    });
    expect(types(message.blocks)).toEqual(["header", "section", "section"]);
    expect(sections(message.blocks)[1]?.text?.text).toBe(
      `\`/papers today\`\nToday's digest.\n\n\`/papers schedule &lt;HH:MM&gt;\` _(admins)_\nSet the time.\n\n${HELP_REACTIONS}`,
    );
  });
});

describe("renderSlack: hostile text", () => {
  const hostile = makeEntry(
    {
      title: HOSTILE,
      abstract: `${HOSTILE} <!here>`,
      authors: ["<!here>", "@channel", "<@U1|boss>"],
      organization: "<#C024BE7LR> @here",
      githubRepo: "https://evil.example/x",
    },
    { tldr: `<!everyone> ${HOSTILE}`, why: "<http://evil.example|why> @everyone" },
  );
  const replies: Reply[] = [
    {
      kind: "digest",
      digest: { ...makeDigest([hostile.paper]), title: HOSTILE, note: HOSTILE },
      note: HOSTILE,
    },
    { kind: "header", digest: { ...makeDigest([hostile.paper]), title: HOSTILE, note: HOSTILE } },
    { kind: "papers", title: HOSTILE, entries: [hostile], empty: HOSTILE, note: HOSTILE },
    { kind: "papers", title: HOSTILE, entries: [], empty: HOSTILE },
    { kind: "paper", entry: hostile, rank: 1, note: HOSTILE },
    {
      kind: "settings",
      settings: { ...settings, followedTopics: [HOSTILE], mutedWords: [HOSTILE] },
      defaults: { timezone: "UTC", digestSize: 5 },
    },
    { kind: "message", text: HOSTILE, tone: "warning", note: HOSTILE },
    { kind: "usage", error: HOSTILE, usage: HOSTILE },
    {
      kind: "help",
      entries: [{ name: "x", usage: HOSTILE, summary: HOSTILE, admin: true, options: [] }],
      note: HOSTILE,
    },
  ];

  it.each(replies.map((reply) => [reply.kind, reply] as const))(
    "%s renders inert in every string",
    (_, reply) => {
      const messages = renderSlack(reply);
      expect(messageProblems(messages)).toEqual([]);
      const json = JSON.stringify(messages).replace(OUR_LINK_OPENING, "");
      for (const forbidden of ["<!channel>", "<!here>", "<!everyone>", "<@U", "<#C", "<http", "|click>"]) {
        expect(json).not.toContain(forbidden);
      }
      expect(json).not.toMatch(/@(everyone|here|channel)\b/);
      expect(json).toContain("&lt;!channel&gt;");
    },
  );

  it("keeps the hostile text readable: escaped, broadcast words joined, not deleted", () => {
    const message = only({ kind: "paper", entry: hostile });
    expect(sections(message.blocks)[0]?.text?.text).toBe(
      "*<https://arxiv.org/abs/2401.00001|&lt;!channel&gt; @\u200Deveryone &lt;@U024BE7LH&gt; &lt;http://evil.example|click&gt;>*\n" +
        "&lt;!everyone&gt; &lt;!channel&gt; @\u200Deveryone &lt;@U024BE7LH&gt; &lt;http://evil.example|click&gt;",
    );
    expect(message.text).toContain("&lt;!channel&gt; @\u200Deveryone");
  });

  it("links only our URLs: a foreign code repo gets no button, a malformed id no link", () => {
    const message = only({ kind: "paper", entry: hostile });
    expect(buttons(message.blocks).map((button) => button?.text.text)).toEqual([
      "arXiv",
      "PDF",
      "Hugging Face",
    ]);

    const badId = only({ kind: "paper", entry: makeEntry({ id: "2401.1|x> <!channel" }) });
    expect(sections(badId.blocks)[0]?.text?.text).toMatch(/^\*Attention Is Still All You Need\*/);
    expect(types(badId.blocks)).toEqual(["section", "context", "actions"]);
    expect(buttons(badId.blocks).map((button) => button?.url)).toEqual([
      "https://github.com/example/attention",
    ]);
  });

  it("mrkdwn formatting characters in a title cannot bold, italicise, strike or open code", () => {
    const message = only({
      kind: "paper",
      entry: makeEntry({ title: "*Q* _learning_ ~fast~ `code` ```" }, { tldr: "> not a quote" }),
    });
    const text = sections(message.blocks)[0]?.text?.text ?? "";
    const label = text.slice(text.indexOf("|") + 1, text.indexOf(">*"));
    expect(label).toBe("∗Q∗ ˍlearningˍ ∼fast∼ ˋcodeˋ ˋˋˋ");
    expect(text.split("\n")[1]).toBe("\u00AD&gt; not a quote");
  });

  it("line breaks and bidi overrides in a title cannot break or reorder the card", () => {
    const message = only({
      kind: "paper",
      entry: makeEntry({ title: "Line\n\nbreak \u202Eevil\u202C title" }),
    });
    expect(sections(message.blocks)[0]?.text?.text).toContain("|Line break evil title>*");
  });
});

describe("renderSlack: a title that cleans to nothing", () => {
  it("still gets a header Slack accepts", () => {
    const [message] = renderSlack({ kind: "papers", title: "\u0000 \n\u202E", entries: [], empty: "none" });
    expect(message?.blocks[0]).toMatchObject({ type: "header", text: { text: "…" } });
  });
});

describe("renderSlack: limits", () => {
  it("a 5,000-character title is cut on a word boundary to fit every limit", () => {
    const title = "Scaling & <Laws> ".repeat(300);
    const entry = makeEntry({ title }, { tldr: "word ".repeat(1000) });
    const replies: Reply[] = [
      { kind: "paper", entry },
      { kind: "digest", digest: makeDigest([entry.paper], { title, note: title }) },
      { kind: "papers", title, entries: [entry], empty: "" },
      { kind: "message", text: title, tone: "info" },
    ];
    for (const reply of replies) {
      const messages = renderSlack(reply);
      expect(messageProblems(messages)).toEqual([]);
      for (const text of allTexts(messages.flatMap((message) => message.blocks))) {
        expect(text).not.toMatch(/&(a|am|l|g)?…/);
      }
    }
    const card = only({ kind: "paper", entry });
    const label = sections(card.blocks)[0]?.text?.text.split(">*")[0] ?? "";
    expect(label).toMatch(/(Scaling|&amp;|&lt;Laws&gt;)…$/);
    const digest = only({ kind: "digest", digest: makeDigest([entry.paper], { title }) });
    expect(allTexts(digest.blocks)[0]?.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    expect(allTexts(digest.blocks)[0]).toMatch(/^📰 Scaling &amp; &lt;Laws&gt; .*…$/);
  });

  it("a 30-paper digest splits into messages of at most 50 blocks, every paper exactly once", () => {
    const papers = Array.from({ length: 30 }, (_, index) =>
      makePaper({ id: `2401.${String(index).padStart(5, "0")}`, title: `Paper ${index + 1}` }),
    );
    const messages = renderSlack({ kind: "digest", digest: makeDigest(papers) });
    expect(messages.length).toBeGreaterThan(1);
    expect(messageProblems(messages)).toEqual([]);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
      expect(message.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
      expect(message.blocks.at(-1)?.type).toBe("actions");
    }
    const ranks = messages.flatMap((message) =>
      sections(message.blocks).map((block) => /^\*(\d+)\. /.exec(block.text?.text ?? "")?.[1]),
    );
    expect(ranks).toEqual(papers.map((_, index) => String(index + 1)));
    expect(messages[0]?.blocks[0]?.type).toBe("header");
    expect(allTexts(messages[1]?.blocks ?? [])[0]).toBe("📰 Daily papers (continued)");
    expect(messages[1]?.text).toMatch(/^📰 Daily papers \(continued\)/);
  });

  it("a long fallback is cut below 4,000 characters and stays escaped", () => {
    const papers = Array.from({ length: 12 }, (_, index) =>
      makePaper({ id: `2401.0000${index}`, title: `R&D <${index}> `.repeat(20), abstract: "" }),
    );
    const [first] = renderSlack({ kind: "digest", digest: makeDigest(papers) });
    expect(first?.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
    expect(first?.text.length).toBeGreaterThan(MAX_FALLBACK_TEXT - 200);
    expect(first?.text.endsWith("…")).toBe(true);
    expect(first?.text).toContain("R&amp;D &lt;0&gt;");
  });

  it("a section never exceeds 3,000 characters even when the TL;DR is huge", () => {
    const message = only({ kind: "paper", entry: makeEntry({}, { tldr: "&".repeat(10_000) }) });
    const text = sections(message.blocks)[0]?.text?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(text).toMatch(/(&amp;)+…$/);
  });
});

describe("renderAppHome", () => {
  it("shows the reading list and the team's top papers with votes", () => {
    const view = renderAppHome({
      saved: [makeEntry({ title: "Saved one" })],
      top: [makeEntry({ title: "Top one" }, { votes: 3 })],
    });
    expect(view.type).toBe("home");
    expect(blockProblems(view.blocks, MAX_HOME_BLOCKS)).toEqual([]);
    expect(types(view.blocks)).toEqual([
      "header",
      "section",
      "context",
      "actions",
      "divider",
      "header",
      "section",
      "context",
      "actions",
    ]);
    const texts = allTexts(view.blocks);
    expect(texts[0]).toBe("🔖 Your reading list");
    expect(texts.find((text) => text.includes("Saved one"))).toBeDefined();
    expect(texts).toContain("▲ 42 · code ★ 1234 · 🗳️ 3 team votes");
  });

  it("explains what to do when both lists are empty", () => {
    const view = renderAppHome({ saved: [], top: [] });
    expect(blockProblems(view.blocks, MAX_HOME_BLOCKS)).toEqual([]);
    expect(sections(view.blocks).map((block) => block.text?.text)).toEqual([
      "Nothing saved yet: react 🔖 on a paper to keep it here.",
      "No team votes this week yet: react 👍 on a paper to vote.",
    ]);
  });

  it("stays within 100 blocks with unique action ids however long the lists are", () => {
    const many = Array.from({ length: 60 }, (_, index) =>
      makeEntry({ id: `2401.${10000 + index}`, title: HOSTILE }),
    );
    const view = renderAppHome({ saved: many, top: many });
    expect(view.blocks.length).toBeLessThanOrEqual(MAX_HOME_BLOCKS);
    expect(blockProblems(view.blocks, MAX_HOME_BLOCKS)).toEqual([]);
    expect(allTexts(view.blocks).filter((text) => text.startsWith("…and"))).toEqual([
      "…and 45 more",
      "…and 50 more",
    ]);
  });
});

describe("the invariant checker", () => {
  it("would catch a raw mention, a foreign link, an oversized header and a long fallback", () => {
    const bad: KnownBlock[] = [
      { type: "header", text: { type: "plain_text", text: "x".repeat(151) } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "<!channel> <http://evil.example|click> @here", verbatim: true },
      },
    ];
    const problems = blockProblems(bad);
    expect(problems.some((problem) => problem.includes("length 151"))).toBe(true);
    expect(problems.some((problem) => problem.includes("raw < or >"))).toBe(true);
    expect(problems.some((problem) => problem.includes("broadcast word"))).toBe(true);
    expect(problems).toContain("JSON contains <!");
    expect(messageProblems([{ text: "y".repeat(4001), blocks: [{ type: "divider" }] }])).toEqual([
      "message 0 fallback: length 4001 not in 1..4000",
    ]);
  });
});
