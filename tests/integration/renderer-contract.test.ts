import { readFileSync } from "node:fs";
import type { KnownBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { renderConsole } from "../../adapters/console/render.ts";
import { type DiscordMessage, renderDiscord } from "../../adapters/discord/render.ts";
import { renderSlack, type SlackMessage } from "../../adapters/slack/render.ts";
import { commands } from "../../commands/index.ts";
import { itemEntry, toEntry } from "../../src/chat/entries.ts";
import { type PaperCard, paperCard } from "../../src/chat/paper-card.ts";
import type { HelpEntry, PaperEntry, RenderOptions, Reply } from "../../src/chat/reply.ts";
import { digestJson, digestMarkdown, type JsonItem } from "../../src/cli/output.ts";
import { buildDigest } from "../../src/digest/build-digest.ts";
import type { Digest } from "../../src/digest/digest.ts";
import { mergePapers } from "../../src/papers/merge.ts";
import { Paper } from "../../src/papers/paper.ts";
import { huggingFaceItemToPaper } from "../../src/papers/sources/huggingface-item.ts";
import type { ChannelSettings } from "../../src/store/channel-repository.ts";
import { messagesProblems, messageTexts, visibleText } from "../helpers/discord-invariants.ts";
import { DEFAULT_CHANNEL_ID } from "../helpers/discord-payloads.ts";
import { checkDiscordRequest } from "../helpers/discord-spec.ts";
import { slackBlockLimitProblems } from "../helpers/slack-block-limits.ts";
import { allTexts, messageProblems } from "../helpers/slack-invariants.ts";

/**
 * The renderer contract: every Reply kind, rendered for Slack, Discord and the console (and, for a
 * digest, as the CLI's Markdown and JSON), shows the same facts; no card states a figure twice; and
 * every platform message passes the platform's own validators (python-slack-sdk's Block Kit limits,
 * Discord's OpenAPI schema) and paperboy's safety invariants. The papers are real: the recorded Hugging
 * Face day of 2026-08-03, with the arXiv category the arXiv source would merge in.
 */

const DATE = "2026-08-03";
const recorded = JSON.parse(
  readFileSync(new URL("../fixtures/hf-daily-papers-2026-08-03.json", import.meta.url), "utf8"),
) as unknown[];
const papers = recorded.map((item) => {
  const outcome = huggingFaceItemToPaper(item, { fetchedAt: `${DATE}T08:00:00Z` });
  if (!outcome.ok) throw new Error(outcome.reason);
  const fromArxiv = Paper.parse({
    id: outcome.paper.id,
    title: outcome.paper.title,
    categories: ["cs.CL", "cs.AI"],
  });
  return mergePapers(outcome.paper, fromArxiv);
});
/** The first recorded paper has everything: code, project page, organization, thumbnail. */
const full = papers[0]!;
const digest: Digest = buildDigest(papers, [], {
  date: DATE,
  timezone: "UTC",
  now: new Date(`${DATE}T09:00:00Z`),
  followedTopics: [],
  mutedWords: [],
  recentlyPosted: new Set(),
  teamVotes: new Map([[full.id, 2]]),
});

const settings: ChannelSettings = {
  platform: "slack",
  workspaceId: "T1",
  channelId: "C1",
  schedule: { time: "09:00", timezone: "Europe/Berlin", days: "weekdays" },
  followedTopics: ["alignment", "agents"],
  followedAuthors: ["Yann LeCun"],
  mutedWords: ["crypto"],
  layout: "messages",
  ranking: "team",
  recap: { day: "friday", time: "16:30", timezone: "Europe/Berlin", since: "2026-06-01T00:00:00.000Z" },
  alerts: false,
};
const help: HelpEntry[] = commands.map((command) => ({
  name: command.name,
  usage: command.usage,
  summary: command.summary,
  admin: command.admin,
  options: command.options,
}));

/** What one surface shows: its visible text, and every URL it links or shows an image from. */
interface Surface {
  text: string;
  urls: string[];
  images: string[];
}

const slackVisible = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/<(https:[^|>]+)\|([^>]*)>/g, "$2");

function slackSurface(messages: SlackMessage[]): Surface {
  const blocks: KnownBlock[] = messages.flatMap((message) => message.blocks);
  const json = JSON.stringify(blocks);
  return {
    text: allTexts(blocks).map(slackVisible).join("\n"),
    urls: [...json.matchAll(/"url":"([^"]+)"|<(https:[^|>]+)\|/g)].map((match) => match[1] ?? match[2] ?? ""),
    images: blocks.flatMap((block) =>
      block.type === "section" && block.accessory?.type === "image" && "image_url" in block.accessory
        ? [block.accessory.image_url ?? ""]
        : [],
    ),
  };
}

function discordSurface(messages: DiscordMessage[]): Surface {
  const texts = messages.flatMap(messageTexts);
  return {
    text: texts.map((text) => visibleText(text.replace(/\[([^\]]*)\]\((https:[^)]+)\)/g, "$1"))).join("\n"),
    urls: [
      ...messages.flatMap((message) => message.embeds.flatMap((embed) => (embed.url ? [embed.url] : []))),
      ...messages.flatMap((message) =>
        message.components.flatMap((row) =>
          row.components.map((button) => ("url" in button ? button.url : "")),
        ),
      ),
      ...texts.flatMap((text) => [...text.matchAll(/\]\((https:[^)]+)\)/g)].map((match) => match[1] ?? "")),
    ],
    images: messages.flatMap((message) =>
      message.embeds.flatMap((embed) => (embed.thumbnail ? [embed.thumbnail.url] : [])),
    ),
  };
}

function textSurface(text: string): Surface {
  return { text, urls: [...text.matchAll(/https:\/\/[^\s)]+/g)].map((match) => match[0]), images: [] };
}

function markdownSurface(markdown: string): Surface {
  const urls = [...markdown.matchAll(/\]\((https:[^)]+)\)/g)].map((match) => match[1] ?? "");
  const text = markdown.replace(/\]\((https:[^)]+)\)/g, "]").replace(/\\(.)/g, "$1");
  return { text, urls, images: [] };
}

/** Renders a reply on every chat surface; each platform's messages are checked against its limits first. */
function render(reply: Reply, options: RenderOptions = {}): Record<"slack" | "discord" | "console", Surface> {
  const slack = renderSlack(reply, options);
  expect(messageProblems(slack)).toEqual([]);
  for (const message of slack) expect(slackBlockLimitProblems(message.blocks)).toEqual([]);
  const discord = renderDiscord(reply, options);
  expect(messagesProblems(discord)).toEqual([]);
  for (const message of discord) {
    const verdict = checkDiscordRequest({
      method: "POST",
      path: `/channels/${DEFAULT_CHANNEL_ID}/messages`,
      query: {},
      body: message,
    });
    expect(verdict.problems).toEqual([]);
  }
  return {
    slack: slackSurface(slack),
    discord: discordSurface(discord),
    console: textSurface(renderConsole(reply)),
  };
}

/** The facts a card must show on a surface: words, figures, links, and (where images show) the thumbnail. */
function cardFacts(card: PaperCard): { words: string[]; urls: string[] } {
  return {
    words: [
      card.title,
      card.tldr.split(" ").slice(0, 6).join(" "),
      card.authors.split(", ")[0] ?? "",
      card.organization ?? "",
      card.date ?? "",
      card.category ?? "",
      ...card.signals,
      card.why ?? "",
    ].filter(Boolean),
    urls: card.links.map((link) => link.url),
  };
}

function expectFacts(surface: Surface, facts: { words: string[]; urls: string[] }, where: string) {
  for (const word of facts.words) expect(surface.text, `${where}: ${word}`).toContain(word);
  for (const url of facts.urls) expect(surface.urls, `${where}: ${url}`).toContain(url);
}

/**
 * How often a card states each of its figures: a signal (`▲ 3`) and the same count in words (`3 upvotes`)
 * both count, and so does the date in any form (`3 Aug 2026`, `featured today`).
 */
function figureCounts(text: string, card: PaperCard, date: string): Record<string, number> {
  const count = (pattern: RegExp) => [...text.matchAll(pattern)].length;
  const figure = (signal: string) => /[\d,]+/.exec(signal)?.[0] ?? "";
  const counts: Record<string, number> = {};
  for (const signal of card.signals) {
    const value = figure(signal);
    const words = signal.startsWith("▲")
      ? "upvotes?"
      : signal.startsWith("💬")
        ? "comments?"
        : signal.startsWith("🗳️")
          ? "team votes?"
          : "(?!)";
    const literal = signal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    counts[signal] = signal.startsWith("🗳️")
      ? count(new RegExp(`(?<![\\d,])${value} team votes?`, "g"))
      : count(new RegExp(`${literal}(?![\\d,])|(?<![\\d,])${value} ${words}`, "g"));
  }
  counts.date = count(new RegExp(`${date}|featured (?:today|yesterday|\\d+ days ago)`, "g"));
  return counts;
}

describe("the renderer contract: a paper card", () => {
  const entry: PaperEntry = {
    ...toEntry(full, { why: digest.items.find((i) => i.paper.id === full.id)?.why }),
    votes: 2,
  };
  const card = paperCard(entry, { rank: 1 });

  it("is built from the recorded payload's facts, each once", () => {
    expect(card).toMatchObject({
      title: "Constitutional Midtraining: Content Presence Drives Alignment Gains",
      url: "https://arxiv.org/abs/2607.26654",
      organization: "University of Oxford",
      date: "featured 3 Aug 2026",
      category: "cs.CL",
      signals: ["▲ 3", "💬 1", "code ★ 2", "🗳️ 2 team votes"],
      thumbnail: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.26654.png",
    });
    expect(card.links).toEqual([
      { label: "arXiv", url: "https://arxiv.org/abs/2607.26654" },
      { label: "PDF", url: "https://arxiv.org/pdf/2607.26654" },
      { label: "Hugging Face", url: "https://huggingface.co/papers/2607.26654" },
      { label: "Code", url: "https://github.com/desBugger/constitutional-mt" },
      { label: "Project page", url: "https://www.lesswrong.com/posts/n5htoDGvKKJFAjji2" },
    ]);
    // The ranking's why gave every count and the freshness; what is left is said in words, once.
    expect(entry.why).toMatch(/3 upvotes on Hugging Face/);
    expect(card.why).toBe("trending on Hugging Face");
  });

  it("shows the same facts on Slack, Discord and the console, the thumbnail where images show well", () => {
    const surfaces = render({ kind: "paper", entry, rank: 1 }, { votable: true });
    for (const [name, surface] of Object.entries(surfaces)) expectFacts(surface, cardFacts(card), name);
    expect(surfaces.slack.images).toEqual([card.thumbnail]);
    expect(surfaces.discord.images).toEqual([card.thumbnail]);
  });

  it("states no figure twice on any surface", () => {
    const surfaces = render({ kind: "paper", entry, rank: 1 });
    for (const [name, surface] of Object.entries(surfaces)) {
      const counts = figureCounts(surface.text, card, "3 Aug 2026");
      for (const [figure, times] of Object.entries(counts)) expect(times, `${name}: ${figure}`).toBe(1);
    }
  });
});

describe("the renderer contract: a digest", () => {
  const cards = digest.items.map((item) => paperCard(itemEntry(item), { rank: item.rank, digestDate: DATE }));

  it("shows every card's facts on Slack, Discord, the console, Markdown and JSON", () => {
    const surfaces = {
      ...render({ kind: "digest", digest }),
      markdown: markdownSurface(digestMarkdown(digest)),
    };
    for (const [name, surface] of Object.entries(surfaces)) {
      expect(surface.text, name).toContain("Mon 3 Aug 2026");
      for (const card of cards) expectFacts(surface, cardFacts(card), `${name} #${card.rank}`);
    }
    const json = JSON.parse(digestJson(digest)) as { date: string; items: JsonItem[] };
    expect(json.date).toBe(DATE);
    json.items.forEach((item, index) => {
      const card = cards[index]!;
      const paper = digest.items[index]!.paper;
      expect(item).toMatchObject({
        id: paper.id,
        title: card.title,
        tldr: card.tldr,
        organization: card.organization,
        featuredOn: DATE,
        category: card.category,
        upvotes: paper.upvotes,
        comments: paper.comments,
        thumbnail: card.thumbnail,
      });
      expect(Object.values(item.links)).toEqual(card.links.map((link) => link.url));
    });
    expect(json.items[0]).toMatchObject({ teamVotes: 2, githubStars: 2 });
  });

  it("states the date once and no card's figure twice, in every message", () => {
    const surfaces = {
      ...render({ kind: "digest", digest }),
      markdown: markdownSurface(digestMarkdown(digest)),
    };
    for (const [name, surface] of Object.entries(surfaces)) {
      expect([...surface.text.matchAll(/3 Aug 2026|featured today/g)], name).toHaveLength(1);
      // Figures can coincide across papers, so each card's are counted in its own part of the text.
      for (const [index, card] of cards.entries()) {
        const start = surface.text.indexOf(card.title.slice(0, 40));
        const next = cards[index + 1];
        const end = next ? surface.text.indexOf(next.title.slice(0, 40), start) : surface.text.length;
        const part = surface.text.slice(start, end);
        for (const [figure, times] of Object.entries(figureCounts(part, card, "3 Aug 2026"))) {
          expect(times, `${name} #${card.rank}: ${figure}`).toBe(figure === "date" ? 0 : 1);
        }
      }
    }
  });

  it("keeps the header, a list and a single card consistent with the digest", () => {
    const header = render({ kind: "header", digest }, { votable: true });
    for (const [name, surface] of Object.entries(header)) {
      expect(surface.text, name).toContain(digest.title);
      expect(surface.text, name).toMatch(/3\**\s*papers? below|3 papers/);
    }
    const entries = digest.items.map(itemEntry);
    const list = render({ kind: "papers", title: "Top this week", entries, empty: "Nothing." });
    for (const [name, surface] of Object.entries(list)) {
      for (const [index, entry] of entries.entries())
        expectFacts(surface, cardFacts(paperCard(entry, { rank: index + 1 })), `${name} list #${index + 1}`);
    }
  });
});

describe("the renderer contract: the other reply kinds", () => {
  const cases: { reply: Reply; facts: string[] }[] = [
    {
      reply: { kind: "settings", settings, defaults: { timezone: "UTC", digestSize: 5 } },
      facts: [
        "09:00 Europe/Berlin",
        "alignment, agents",
        "crypto",
        "5 papers",
        "one message per paper",
        "team",
        "Fridays at 16:30 (Europe/Berlin)",
        "Yann LeCun",
        "Follow-up alerts",
      ],
    },
    {
      reply: { kind: "message", text: "Followed “agents”.", tone: "success", note: "Stored papers only." },
      facts: ["Followed “agents”.", "Stored papers only."],
    },
    {
      reply: { kind: "usage", error: "Unknown period “year”.", usage: "/papers top [day|week|month]" },
      facts: ["Unknown period “year”."],
    },
    { reply: { kind: "help", entries: help }, facts: help.map((entry) => entry.summary.slice(0, 30)) },
    {
      reply: { kind: "papers", title: "Your reading list", entries: [], empty: "Nothing saved yet." },
      facts: ["Your reading list", "Nothing saved yet."],
    },
    {
      reply: {
        kind: "recap",
        recap: {
          week: {
            since: "2026-06-08T07:00:00.000Z",
            until: "2026-06-15T07:00:00.000Z",
            timezone: "Europe/Berlin",
          },
          upvoted: [
            {
              paper: {
                id: "2606.13392",
                title: "MiniMax Sparse Attention",
                url: "https://arxiv.org/abs/2606.13392",
              },
              people: 3,
            },
          ],
          saved: [
            {
              paper: {
                id: "2606.13106",
                title: "Hidden-State Recurrence",
                url: "https://arxiv.org/abs/2606.13106",
              },
              people: 2,
            },
          ],
          followUps: [
            {
              paper: {
                id: "2606.13392",
                title: "MiniMax Sparse Attention",
                url: "https://arxiv.org/abs/2606.13392",
              },
              what: "code released",
              url: "https://github.com/MiniMax-AI/MSA",
              at: "2026-06-10T09:00:00.000Z",
            },
          ],
          topics: [{ topic: "sparse attention", papers: 2 }],
          totals: { posted: 5, upvotes: 8, upvoters: 4, saves: 3 },
        },
      },
      facts: ["MiniMax Sparse Attention", "Hidden-State Recurrence", "code released", "sparse attention"],
    },
  ];

  it.each(cases)("$reply.kind says the same on every surface, within every limit", ({ reply, facts }) => {
    const surfaces = render(reply);
    for (const [name, surface] of Object.entries(surfaces)) {
      const text = surface.text.replaceAll("\n", " ").toLowerCase();
      for (const fact of facts) expect(text, `${name}: ${fact}`).toContain(fact.toLowerCase());
    }
  });

  it("covers every kind of the Reply union", () => {
    const kinds = new Set([...cases.map((c) => c.reply.kind), "digest", "header", "papers", "paper"]);
    const union = readFileSync(new URL("../../src/chat/reply.ts", import.meta.url), "utf8").matchAll(
      /\{ kind: "(\w+)"/g,
    );
    expect([...union].map((match) => match[1]).filter((kind) => !kinds.has(kind ?? ""))).toEqual([]);
  });
});

describe("the renderer contract: limits and hostile fields", () => {
  const long = (word: string, count: number) => Array.from({ length: count }, () => word).join(" ");
  const worst = (index: number) =>
    Paper.parse({
      id: `2607.${String(30000 + index)}`,
      title: `<!channel> @everyone [x](https://evil.example) *${long("Overlong", 120)}`,
      abstract: long("abstract", 300),
      authors: Array.from({ length: 200 }, (_, n) => `Author ${n} <@U1>`),
      upvotes: 1000 + index,
      comments: 200 + index,
      githubRepo: `https://github.com/${"o".repeat(39)}/${"r".repeat(100)}`,
      githubStars: 50_000 + index,
      projectPage: `https://project.example.org/${"p".repeat(400)}`,
      organization: `@here ${long("Organisation", 30)}`,
      categories: ["cs.LG"],
      featuredOn: DATE,
      thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2607.${30000 + index}.png`,
      sources: ["huggingface"],
    });
  const heavy: Digest = {
    ...digest,
    note: long("note", 200),
    items: Array.from({ length: 10 }, (_, index) => ({
      paper: worst(index),
      score: 10 - index,
      why: `matches “${long("topic", 40)}” (followed) · ${1000 + index} upvotes on Hugging Face · featured today`,
      tldr: long("finding", 400),
      rank: index + 1,
      votes: 3,
    })),
  };

  it("a digest of ten papers with every field at its worst is one message on Slack and on Discord", () => {
    expect(renderSlack({ kind: "digest", digest: heavy }, { votable: true })).toHaveLength(1);
    expect(renderDiscord({ kind: "digest", digest: heavy }, { votable: true })).toHaveLength(1);
    render({ kind: "digest", digest: heavy }, { votable: true });
    for (const item of heavy.items) render({ kind: "paper", entry: itemEntry(item), rank: item.rank });
    render({ kind: "papers", title: "Top", entries: heavy.items.map(itemEntry), empty: "" });
  });

  it("shows a thumbnail or a project page only from a clean https URL, never a look-alike", () => {
    const hostile = [
      "http://cdn-thumbnails.huggingface.co/social-thumbnails/papers/1.png",
      "https://cdn-thumbnails.huggingface.co.evil.example/1.png",
      "https://user:pw@cdn-thumbnails.huggingface.co/1.png",
      "https://cdn-thumbnails.huggingface.co:8443/1.png",
      "javascript:alert(1)",
      "https://evil.example/1.png",
    ];
    for (const url of hostile) {
      const paper = Paper.parse({ ...full, thumbnail: url, projectPage: url.replace("1.png", "a)b|c>") });
      const entry = toEntry(paper);
      const surfaces = render({ kind: "paper", entry });
      expect(surfaces.slack.images, url).toEqual([]);
      expect(surfaces.discord.images, url).toEqual([]);
      expect(paperCard(entry).links.map((link) => link.label)).not.toContain("Project page");
    }
  });
});
