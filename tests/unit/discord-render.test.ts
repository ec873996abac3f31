import type { APIEmbed } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_TITLE,
  MAX_EMBEDS_TOTAL,
  MAX_FIELD_VALUE,
} from "../../adapters/discord/limits.ts";
import {
  type DiscordMessage,
  PAPER_COLOR,
  REACTION_HINT,
  renderDiscord,
  TONE_COLORS,
} from "../../adapters/discord/render.ts";
import { commands } from "../../commands/index.ts";
import { HELP_REACTIONS, PAPERS_REACTION_HINT } from "../../src/chat/render-text.ts";
import type { RenderOptions, Reply } from "../../src/chat/reply.ts";
import type { ChannelSettings } from "../../src/store/channel-repository.ts";
import {
  discordMessageProblems,
  embedsLength,
  messagesProblems,
  visibleText,
} from "../helpers/discord-invariants.ts";
import { makeDigest, makeEntry, makePaper } from "../helpers/slack-fixtures.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const settings: ChannelSettings = {
  platform: "discord",
  workspaceId: "G1",
  channelId: "C1",
  schedule: { time: "09:00", timezone: "Europe/Berlin", days: "weekdays" },
  followedTopics: ["diffusion", "agents"],
  mutedWords: ["crypto"],
  layout: "messages",
};
const defaults = { timezone: "UTC", digestSize: 5 };
const KEYCAPS = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣", "🔟"];
const labels = (message: DiscordMessage) =>
  message.components.flatMap((row) =>
    row.components.map((button) => ("label" in button ? button.label : "")),
  );

/** Posted by a digest's delivery, which records the paper: the message invites reactions. */
const POSTED: RenderOptions = { votable: true };

function only(reply: Reply, options?: RenderOptions): DiscordMessage {
  const messages = renderDiscord(reply, options);
  expect(messages).toHaveLength(1);
  expect(messagesProblems(messages)).toEqual([]);
  return messages[0]!;
}

function embed(reply: Reply, options?: RenderOptions): APIEmbed {
  const message = only(reply, options);
  expect(message.embeds).toHaveLength(1);
  return message.embeds[0]!;
}

const papers = (count: number, overrides: (index: number) => Parameters<typeof makePaper>[0] = () => ({})) =>
  Array.from({ length: count }, (_, index) =>
    makePaper({
      id: `2401.${String(index + 1).padStart(5, "0")}`,
      title: `Paper ${index + 1}`,
      ...overrides(index),
    }),
  );

describe("renderDiscord: a paper card", () => {
  it("is one embed titled with the rank and linking to arXiv, with TL;DR, fields, hint and link buttons", () => {
    const message = only({ kind: "paper", entry: makeEntry(), rank: 2 }, POSTED);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toBeUndefined();
    expect(message.embeds).toEqual([
      {
        title: "#2 Attention Is Still All You Need",
        url: "https://arxiv.org/abs/2401.00001",
        description: "Attention, revisited.",
        color: PAPER_COLOR,
        fields: [
          { name: "Authors", value: "Ada Lovelace, Alan Turing", inline: true },
          { name: "Organization", value: "Example Lab", inline: true },
          { name: "Signals", value: "▲ 42 · code ★ 1234 · 💡 118 upvotes · featured today" },
        ],
        footer: { text: "React 👍 to upvote · 🔖 to save" },
      },
    ]);
    expect(message.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 5, label: "arXiv", url: "https://arxiv.org/abs/2401.00001" },
          { type: 2, style: 5, label: "PDF", url: "https://arxiv.org/pdf/2401.00001" },
          { type: 2, style: 5, label: "Hugging Face", url: "https://huggingface.co/papers/2401.00001" },
          { type: 2, style: 5, label: "Code", url: "https://github.com/example/attention" },
        ],
      },
    ]);
  });

  it("leaves out rank, organization, why and the code button when absent, and shows team votes", () => {
    const entry = makeEntry(
      { githubRepo: undefined, githubStars: undefined, organization: undefined, authors: [] },
      { why: undefined, votes: 1 },
    );
    const message = only({ kind: "paper", entry });
    const card = message.embeds[0]!;
    expect(card.title).toBe("Attention Is Still All You Need");
    expect(card.fields).toEqual([
      { name: "Authors", value: "Unknown authors", inline: true },
      { name: "Signals", value: "▲ 42 · 🗳️ 1 team vote" },
    ]);
    expect(labels(message)).toEqual(["arXiv", "PDF", "Hugging Face"]);
  });

  it("gets a code button only for a GitHub repository, and no link at all for a malformed id", () => {
    const foreign = only({ kind: "paper", entry: makeEntry({ githubRepo: "https://evil.example/x/y" }) });
    expect(labels(foreign)).toEqual(["arXiv", "PDF", "Hugging Face"]);
    const badId = only({ kind: "paper", entry: makeEntry({ id: "1 <@1> (x)" }) });
    expect(badId.embeds[0]?.url).toBeUndefined();
    expect(badId.components[0]?.components.map((button) => ("url" in button ? button.url : ""))).toEqual([
      "https://github.com/example/attention",
    ]);
    const nothing = only({ kind: "paper", entry: makeEntry({ id: "bad id", githubRepo: undefined }) });
    expect(nothing.components).toEqual([]);
  });

  it("shows the reply's note above the reaction hint in the footer", () => {
    const card = embed({ kind: "paper", entry: makeEntry(), note: "Hugging Face is unreachable." }, POSTED);
    expect(card.footer?.text).toBe(`Hugging Face is unreachable.\n${REACTION_HINT}`);
  });

  it("as a command's answer (not recorded, so reactions on it are ignored) invites no reactions", () => {
    const card = embed({ kind: "paper", entry: makeEntry(), note: "Hugging Face is unreachable." });
    expect(card.footer?.text).toBe("Hugging Face is unreachable.");
    expect(JSON.stringify(card)).not.toMatch(/react|to upvote|🔖/i);
  });

  it("summarises 300 authors on one short line", () => {
    const authors = Array.from({ length: 300 }, (_, index) => `Author ${index}`);
    const card = embed({ kind: "paper", entry: makeEntry({ authors }) });
    expect(card.fields?.[0]?.value).toBe("Author 0, Author 1, Author 2 +297 more");
  });
});

describe("renderDiscord: digests", () => {
  it("a header gives the title, the digest's note, the count, the reaction hint, the date and the note", () => {
    const header = embed(
      { kind: "header", digest: makeDigest(papers(3), { note: "3 new today" }), note: "from cache" },
      POSTED,
    );
    expect(header).toEqual({
      title: "📰 Daily papers",
      description: `3 new today\n\n**3** papers below. ${PAPERS_REACTION_HINT}`,
      color: PAPER_COLOR,
      footer: { text: "from cache\n📅 Fri 12 Jun 2026" },
    });
    expect(embed({ kind: "header", digest: makeDigest(papers(1)) }, POSTED).description).toBe(
      `**1** paper below. ${PAPERS_REACTION_HINT}`,
    );
    expect(embed({ kind: "header", digest: makeDigest(papers(1)) }).description).toBe("**1** paper below.");
  });

  it("a threaded digest's header says its papers are in its thread", () => {
    expect(embed({ kind: "header", digest: makeDigest(papers(2)), threaded: true }, POSTED).description).toBe(
      `**2** papers in this message's thread. ${PAPERS_REACTION_HINT}`,
    );
  });

  it("a threaded digest's header asks for a thread named like the digest, within Discord's 100 characters", () => {
    const digest = makeDigest(papers(2));
    const header = only({ kind: "header", digest, threaded: true }, POSTED);
    expect(header.startsThread).toBe(digest.title);
    const long = only(
      { kind: "header", digest: { ...digest, title: "📰".repeat(80) }, threaded: true },
      POSTED,
    );
    expect(long.startsThread).toBe("📰".repeat(50));
    expect(only({ kind: "header", digest }, POSTED).startsThread).toBeUndefined();
  });

  it("a digest is one message: one field per item, numbered with its keycap, with stats and links", () => {
    const digest = makeDigest(
      papers(2, (index) => (index === 1 ? { githubRepo: undefined } : {})),
      {
        note: "Quiet on arXiv.",
      },
    );
    const message = only({ kind: "digest", digest, note: "Showing stored papers." }, POSTED);
    expect(message.components).toEqual([]);
    const [card] = message.embeds;
    expect(card?.title).toBe("📰 Daily papers");
    expect(card?.description).toBe("Quiet on arXiv.\n\nReact with a paper's number to upvote it.");
    expect(card?.footer?.text).toBe("Showing stored papers.\n📅 Fri 12 Jun 2026");
    expect(card?.fields?.map((field) => field.name)).toEqual(["1️⃣ Paper 1", "2️⃣ Paper 2"]);
    expect(card?.fields?.[0]?.value).toBe(
      [
        "TL;DR of Paper 1",
        "Ada Lovelace, Alan Turing · Example Lab",
        // The why only restated the upvotes the signals show, so it says what they mean instead.
        "▲ 42 · code ★ 1234 · 💡 trending on Hugging Face",
        "[arXiv](https://arxiv.org/abs/2401.00001) · [PDF](https://arxiv.org/pdf/2401.00001) · " +
          "[Hugging Face](https://huggingface.co/papers/2401.00001) · [Code](https://github.com/example/attention)",
      ].join("\n"),
    );
    expect(card?.fields?.[1]?.value).not.toContain("[Code]");
  });

  it("a digest answering /papers today (not recorded, so number reactions are ignored) invites none", () => {
    const digest = makeDigest(papers(2), { note: "Quiet on arXiv." });
    const card = embed({ kind: "digest", digest });
    expect(card.description).toBe("Quiet on arXiv.");
    expect(JSON.stringify(card)).not.toMatch(/react|to upvote/i);
  });

  it("numbers items by their rank, not their position", () => {
    const digest = makeDigest(papers(2));
    digest.items = digest.items.map((item, index) => ({ ...item, rank: index + 4 }));
    expect(embed({ kind: "digest", digest }).fields?.map((field) => field.name.split(" ")[0])).toEqual([
      "4️⃣",
      "5️⃣",
    ]);
  });

  it("an empty digest says so, or shows the digest's own note", () => {
    expect(embed({ kind: "digest", digest: makeDigest([]) }).description).toBe("Nothing new to show today.");
    expect(embed({ kind: "digest", digest: makeDigest([], { note: "No papers this week." }) })).toMatchObject(
      {
        description: "No papers this week.",
      },
    );
    expect(embed({ kind: "header", digest: makeDigest([]) }).description).toBe("Nothing new to show today.");
  });

  it("ten items with 1,000-character TL;DRs fit one message: TL;DRs are shortened, none dropped", () => {
    const digest = makeDigest(papers(10));
    digest.items = digest.items.map((item) => ({
      ...item,
      tldr: `Start ${item.rank}. ${"word ".repeat(199)}`,
    }));
    const message = only({ kind: "digest", digest, note: "n".repeat(5_000) });
    expect(embedsLength(message.embeds)).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
    const fields = message.embeds[0]?.fields ?? [];
    expect(fields.map((field) => field.name.split(" ")[0])).toEqual(KEYCAPS);
    fields.forEach((field, index) => {
      const [tldr] = field.value.split("\n");
      expect(tldr).toMatch(new RegExp(`^Start ${index + 1}\\. (word )+word…$`));
      expect(tldr!.length).toBeGreaterThan(100);
      expect(field.value).toContain(
        `[arXiv](https://arxiv.org/abs/2401.${String(index + 1).padStart(5, "0")})`,
      );
    });
  });

  it("ten items with everything at its worst still fit one message, every item numbered", () => {
    const huge = "Scaling & <Laws> ".repeat(300);
    const digest = makeDigest(
      papers(10, () => ({
        title: huge,
        authors: Array.from({ length: 300 }, () => huge),
        githubRepo: `https://github.com/${"o".repeat(200)}/${"r".repeat(200)}`,
      })),
      { title: huge, note: huge },
    );
    digest.items = digest.items.map((item) => ({ ...item, tldr: huge, why: huge }));
    const message = only({ kind: "digest", digest, note: huge });
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0]?.fields?.map((field) => field.name.split(" ")[0])).toEqual(KEYCAPS);
    expect(message.embeds[0]?.fields?.every((field) => field.value.startsWith("Scaling &"))).toBe(true);
  });

  it("more than ten items continue in further messages of at most ten, in rank order", () => {
    const messages = renderDiscord({ kind: "digest", digest: makeDigest(papers(23)), note: "from cache" });
    expect(messagesProblems(messages)).toEqual([]);
    expect(messages.map((message) => message.embeds[0]?.fields?.length)).toEqual([10, 10, 3]);
    expect(messages.map((message) => message.embeds[0]?.title)).toEqual([
      "📰 Daily papers",
      "📰 Daily papers (continued)",
      "📰 Daily papers (continued)",
    ]);
    const names = messages.flatMap((message) => message.embeds[0]?.fields?.map((field) => field.name) ?? []);
    expect(names).toEqual(
      Array.from({ length: 23 }, (_, index) => `${KEYCAPS[index] ?? `#${index + 1}`} Paper ${index + 1}`),
    );
    expect(messages.map((message) => message.embeds[0]?.footer?.text)).toEqual([
      "from cache\n📅 Fri 12 Jun 2026",
      undefined,
      undefined,
    ]);
  });
});

describe("renderDiscord: lists, settings, messages, usage and help", () => {
  it("a papers list numbers each title as a masked link to arXiv, with TL;DR, people, signals, why and links", () => {
    const card = embed({
      kind: "papers",
      title: "Team top papers",
      entries: [makeEntry({}, { votes: 4 }), makeEntry({ id: "2401.00002", title: "Second" }, { votes: 1 })],
      empty: "No votes yet.",
      note: "This week",
    });
    expect(card.title).toBe("Team top papers");
    expect(card.color).toBe(PAPER_COLOR);
    expect(card.footer?.text).toBe("This week");
    expect(card.description).toBe(
      [
        "**1. [Attention Is Still All You Need](https://arxiv.org/abs/2401.00001)**",
        "Attention, revisited.",
        "Ada Lovelace, Alan Turing · Example Lab",
        "▲ 42 · code ★ 1234 · 🗳️ 4 team votes · 💡 118 upvotes · featured today",
        "[arXiv](https://arxiv.org/abs/2401.00001) · [PDF](https://arxiv.org/pdf/2401.00001) · " +
          "[Hugging Face](https://huggingface.co/papers/2401.00001) · [Code](https://github.com/example/attention)",
        "",
        "**2. [Second](https://arxiv.org/abs/2401.00002)**",
        "Attention, revisited.",
        "Ada Lovelace, Alan Turing · Example Lab",
        "▲ 42 · code ★ 1234 · 🗳️ 1 team vote · 💡 118 upvotes · featured today",
        "[arXiv](https://arxiv.org/abs/2401.00002) · [PDF](https://arxiv.org/pdf/2401.00002) · " +
          "[Hugging Face](https://huggingface.co/papers/2401.00002) · [Code](https://github.com/example/attention)",
      ].join("\n"),
    );
  });

  it("an empty papers list shows its empty text", () => {
    const card = embed({ kind: "papers", title: "Saved", entries: [], empty: "Nothing saved." });
    expect(card).toEqual({ title: "Saved", description: "Nothing saved.", color: PAPER_COLOR });
  });

  it("a papers list of 50 long entries splits into continued messages, every entry once, in order", () => {
    const entries = Array.from({ length: 50 }, (_, index) =>
      makeEntry(
        { id: `2401.${String(index + 1).padStart(5, "0")}`, title: `Paper ${index + 1} ${"t".repeat(300)}` },
        { tldr: "word ".repeat(400), why: "why ".repeat(100) },
      ),
    );
    const messages = renderDiscord({ kind: "papers", title: "Found", entries, empty: "", note: "n" });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(discordMessageProblems(message)).toEqual([]);
      expect(message.embeds).toHaveLength(1);
      expect(message.embeds[0]!.description!.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    }
    const ranks = messages.flatMap((message) =>
      [...(message.embeds[0]?.description ?? "").matchAll(/^\*\*(\d+)\. \[/gm)].map((match) =>
        Number(match[1]),
      ),
    );
    expect(ranks).toEqual(entries.map((_, index) => index + 1));
    expect(messages.map((message) => message.embeds[0]?.title)).toEqual([
      "Found",
      ...messages.slice(1).map(() => "Found (continued)"),
    ]);
    expect(messages.map((message) => message.embeds[0]?.footer?.text)).toEqual([
      "n",
      ...messages.slice(1).map(() => undefined),
    ]);
  });

  it("settings are fields for every setting, the short ones inline", () => {
    const card = embed({ kind: "settings", settings, defaults, note: "n" });
    expect(card.title).toBe("⚙️ Settings for this channel");
    expect(card.footer?.text).toBe("n");
    expect(card.fields).toEqual([
      { name: "Schedule", value: "09:00 Europe/Berlin, weekdays", inline: true },
      { name: "Digest", value: "5 papers, one message per paper", inline: true },
      { name: "Ranking", value: "balanced", inline: true },
      {
        name: "Weekly recap",
        value: "Off · `/papers recap day:monday time:09:00` turns it on",
        inline: true,
      },
      { name: "Alerts", value: "follow-ups on · rising papers off", inline: true },
      { name: "Followed topics", value: "diffusion, agents", inline: false },
      { name: "Followed authors", value: "none", inline: false },
      { name: "Followed orgs", value: "none", inline: false },
      { name: "Muted words", value: "crypto", inline: false },
    ]);
    const off = embed({
      kind: "settings",
      settings: {
        ...settings,
        schedule: null,
        followedTopics: [],
        mutedWords: ["  ", "\n"],
        digestSize: 8,
        layout: "compact",
        ranking: "team",
        alerts: false,
        risingAlerts: true,
        recap: { day: "friday", time: "16:30", timezone: "Europe/Berlin", since: "2026-06-01T00:00:00.000Z" },
        followedOrgs: ["meta-llama"],
      },
      defaults,
    });
    expect(off.fields?.map((field) => field.value)).toEqual([
      "Off · `/papers schedule time:09:00 timezone:Europe/Berlin days:weekdays` turns it on",
      "8 papers, one compact numbered message",
      "team",
      "Fridays at 16:30 \\(Europe/Berlin\\)",
      "follow-ups off · rising papers on",
      "none",
      "none",
      "meta-llama",
      "none",
    ]);
  });

  it("a message carries its tone's emoji and colour, and the note", () => {
    for (const tone of ["info", "success", "warning"] as const) {
      const card = embed({ kind: "message", text: "Done & *dusted*", tone, note: "from cache" });
      const emoji = { info: "ℹ️", success: "✅", warning: "⚠️" }[tone];
      expect(card).toEqual({
        description: `${emoji} Done & \\*dusted\\*`,
        color: TONE_COLORS[tone],
        footer: { text: "from cache" },
      });
    }
    expect(new Set(Object.values(TONE_COLORS)).size).toBe(3);
  });

  it("usage shows the error and the usage as inline code, placeholders intact", () => {
    const card = embed({
      kind: "usage",
      error: "Unknown topic.",
      usage: "/papers follow <topic>",
      note: "n",
    });
    expect(card.description).toBe("⚠️ Unknown topic.\n**Usage:** `/papers follow <\u200Btopic>`");
    expect(visibleText(card.description!)).toBe("⚠️ Unknown topic.\n**Usage:** `/papers follow <topic>`");
    expect(card.color).toBe(TONE_COLORS.warning);
    expect(card.footer?.text).toBe("n");
  });

  it("help lists every command as Discord users type it, as code over its summary, admin ones marked", () => {
    const card = embed({
      kind: "help",
      entries: [
        { name: "today", usage: "/papers today", summary: "Today's digest.", admin: false, options: [] },
        {
          name: "schedule",
          usage: "/papers schedule <HH:MM>",
          summary: "Set the time.",
          admin: true,
          options: [
            { name: "days", description: "d", required: false, choices: ["daily", "weekdays"] },
            { name: "time", description: "t", required: true, placeholder: "09:00", alternatives: ["off"] },
          ],
        },
      ],
      note: "n",
    });
    expect(card.title).toBe("📚 paperboy");
    expect(card.footer?.text).toBe("n");
    expect(card.description).toBe(
      [
        "Trending research papers, in your channel.",
        "`/papers today`\nToday's digest.",
        "`/papers schedule time:09:00 [days:daily|weekdays]` · `/papers schedule time:off` (admins)\nSet the time.",
        HELP_REACTIONS,
      ].join("\n\n"),
    );
  });

  it("help for the real commands speaks Discord's typed options, never Slack's text syntax", async () => {
    const app = await createTestApp();
    try {
      const reply = await app.handle(invocation("/papers help"), new RecordingAdapter());
      const text = renderDiscord(reply)
        .map((message) => visibleText(message.embeds[0]?.description ?? ""))
        .join("\n");
      for (const command of commands.filter((candidate) => candidate.options.length > 0)) {
        expect(text).not.toContain(command.usage);
        for (const option of command.options) expect(text).toContain(`${option.name}:`);
      }
      expect(text).not.toMatch(/schedule (?:off|cron|<)|IANA timezone|\[more ids\]/);
      expect(text).toContain("`/papers topic query:<words>`");
      expect(text).toContain(
        "`/papers schedule time:09:00 [timezone:Europe/Berlin] [days:daily|weekdays|weekends]`",
      );
      expect(text).toContain("`/papers schedule time:off`");
      expect(text).toContain("`/papers schedule time:cron 30 8 * * 1-5`");
    } finally {
      await app.close();
    }
  });

  it("a huge help splits into continued messages without losing a command", () => {
    const entries = Array.from({ length: 60 }, (_, index) => ({
      name: `c${index}`,
      usage: `/papers c${index}`,
      summary: `Summary ${index}. ${"long ".repeat(200)}`,
      admin: index % 2 === 0,
      options: [{ name: "arg", description: "a", required: true, placeholder: "<arg> ".repeat(60) }],
    }));
    const messages = renderDiscord({ kind: "help", entries });
    expect(messages.length).toBeGreaterThan(1);
    expect(messagesProblems(messages)).toEqual([]);
    const text = messages.map((message) => message.embeds[0]?.description).join("\n\n");
    expect([...text.matchAll(/`\/papers c(\d+) /g)].map((match) => Number(match[1]))).toEqual(
      entries.map((_, index) => index),
    );
    expect(messages[1]?.embeds[0]?.title).toBe("📚 paperboy (continued)");
  });

  it("renders a private reply exactly like a public one (the adapter makes it ephemeral)", () => {
    const reply: Reply = { kind: "message", text: "Saved.", tone: "success" };
    expect(renderDiscord({ ...reply, private: true })).toEqual(renderDiscord(reply));
  });
});

describe("renderDiscord: limits", () => {
  const huge = "Scaling & <Laws> ".repeat(300);
  const entry = makeEntry(
    { title: huge, authors: Array.from({ length: 300 }, () => huge), organization: huge },
    { tldr: "word ".repeat(5_000), why: huge, votes: 3 },
  );
  const replies: Reply[] = [
    { kind: "paper", entry, rank: 1, note: huge },
    { kind: "digest", digest: makeDigest([entry.paper], { title: huge, note: huge }), note: huge },
    { kind: "header", digest: makeDigest([entry.paper], { title: huge, note: huge }), note: huge },
    { kind: "papers", title: huge, entries: [entry], empty: huge, note: huge },
    { kind: "papers", title: huge, entries: [], empty: huge.repeat(3), note: huge },
    {
      kind: "settings",
      settings: { ...settings, followedTopics: Array(500).fill(huge), mutedWords: Array(500).fill(huge) },
      defaults,
      note: huge,
    },
    { kind: "message", text: huge.repeat(3), tone: "info", note: huge },
    { kind: "usage", error: huge.repeat(3), usage: huge.repeat(3), note: huge },
    {
      kind: "help",
      entries: [
        {
          name: huge,
          usage: huge,
          summary: huge,
          admin: true,
          options: [
            { name: huge, description: huge, required: true, placeholder: huge, alternatives: [huge] },
          ],
        },
      ],
      note: huge,
    },
  ];

  it.each(replies.map((reply) => [reply.kind, reply] as const))(
    "%s with 5,000-character text stays within every limit, cut cleanly",
    (_, reply) => {
      const messages = renderDiscord(reply);
      expect(messagesProblems(messages)).toEqual([]);
      for (const text of messages.flatMap((message) => message.embeds.map((card) => card.title ?? ""))) {
        expect(text.length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
      }
    },
  );

  it("a 5,000-character title is cut on a word boundary with an ellipsis", () => {
    const card = embed({ kind: "paper", entry, rank: 12 });
    expect(card.title!.length).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect(card.title!.length).toBeGreaterThan(MAX_EMBED_TITLE - 30);
    expect(card.title).toMatch(/^#12 (?:(?:Scaling|&|<\u200BLaws>) )*(?:Scaling|&|<\u200BLaws>)…$/);
    const settingsCard = embed(replies[5]!);
    expect(settingsCard.fields?.every((field) => field.value.length <= MAX_FIELD_VALUE)).toBe(true);
  });
});

describe("the invariant checker", () => {
  const base = () => only({ kind: "paper", entry: makeEntry() });

  it("would catch a live mention, a masked link, formatting, broken limits and pings", () => {
    const bad = base();
    const card = bad.embeds[0]!;
    card.title = "@everyone <@123>";
    card.description = "[click](https://evil.example) **bold ||spoiler|| _i_ `code\n# heading";
    card.fields = [{ name: "x".repeat(257), value: "" }];
    card.url = "http://evil.example";
    card.footer = { text: "a](b" };
    (bad as { allowed_mentions: unknown }).allowed_mentions = { parse: ["everyone"] };
    const problems = discordMessageProblems(bad).join("\n");
    for (const expected of [
      "title: live broadcast",
      "title: live <",
      "description: live [ or ] (masked link)",
      "description: live ~, | or _",
      "description: unbalanced or single *",
      "description: unclosed inline code",
      "description: line opens markup",
      "field 0 name: length 257",
      "field 0 value: length 0",
      "url http://evil.example",
      "footer: masked link",
      "allowed_mentions",
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it("would catch a message over the 6,000 total, too many embeds, rows or buttons", () => {
    const bad = base();
    bad.embeds = Array.from({ length: 11 }, () => ({ description: "d".repeat(600) }));
    const row = bad.components[0]!;
    bad.components = Array.from({ length: 6 }, () => ({
      ...row,
      components: [...row.components, ...row.components],
    }));
    const problems = discordMessageProblems(bad);
    expect(problems).toContain("11 embeds");
    expect(problems).toContain("embeds total 6600 > 6000");
    expect(problems).toContain("6 action rows");
    expect(problems).toContain("row 0: 8 buttons");
  });
});
