import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import { PROJECT_MASKED_LINK } from "../helpers/discord-invariants.ts";
import type { RecordedRequest } from "../helpers/fake-discord.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const HOSTILE_TITLE = "@everyone @here <@123> [click](https://evil.example) <@&456> <#789>";
const HOSTILE_ID = "2606.99999";
const LONG_ID = "2606.99998";
const LONG_TITLE = `${"Scaling ".repeat(624)}Laws`; // 5,000 characters
/** Where our own masked links may point; anything else in a `[…](…)` is an injected link. */
const TRUSTED = /^https:\/\/(arxiv\.org\/(abs|pdf)|huggingface\.co\/papers|github\.com)\//;

/** Every message body the bot sent to REST: channel messages, interaction callbacks, edits, follow-ups. */
function sentBodies(requests: RecordedRequest[]): { path: string; body: Record<string, unknown> }[] {
  return requests
    .filter(
      (request) =>
        (request.method === "POST" || request.method === "PATCH") &&
        /\/messages|\/webhooks\/|\/callback/.test(request.path) &&
        !request.path.includes("/reactions/"),
    )
    .map((request) => ({ path: request.path, body: (request.body ?? {}) as Record<string, unknown> }));
}

/** Fails when a mention, a broadcast or a disguised link could form, or a Discord limit is broken. */
function expectInert(path: string, body: Record<string, unknown>): void {
  const message = (body.data as Record<string, unknown> | undefined) ?? body;
  if (body.type === 5) return;
  expect(message.allowed_mentions, path).toEqual({ parse: [] });
  const json = JSON.stringify(message);
  expect(json, path).not.toMatch(/@(everyone|here)/);
  expect(json, path).not.toMatch(/<(@[!&]?|#)\d+>/);
  // Our links point at arXiv, Hugging Face or GitHub; the one exception is a paper's own project page.
  const projectPages = new Set([...json.matchAll(PROJECT_MASKED_LINK)].map((link) => link[2]));
  for (const link of json.matchAll(/(?<!\\\\)\]\((\S+?)\)/g)) {
    if (!projectPages.has(link[1])) expect(link[1], path).toMatch(TRUSTED);
  }
  const embeds = (message.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
    author?: { name: string };
  }[];
  expect(embeds.length, path).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0, path).toBeLessThanOrEqual(256);
    expect(embed.description?.length ?? 0, path).toBeLessThanOrEqual(4096);
    expect(embed.fields?.length ?? 0, path).toBeLessThanOrEqual(25);
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
    total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
    for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  }
  expect(total, path).toBeLessThanOrEqual(6000);
}

describe("untrusted text renders inert in every Discord surface", () => {
  let discord: DiscordHarness;
  beforeAll(async () => {
    const [first, second, ...rest] = fixturePapers();
    const hostile = {
      ...first!,
      id: HOSTILE_ID,
      title: HOSTILE_TITLE,
      upvotes: 900,
      authors: ["@everyone", "<@!42> Smith", "[Jane](https://evil.example/jane)"],
      organization: "<@&999>",
      aiSummary: "Read [this](https://evil.example) @here ||spoiler|| **bold** `code` # heading",
      githubRepo: "https://evil.example/repo",
    };
    const long = { ...second!, id: LONG_ID, title: LONG_TITLE, upvotes: 800 };
    discord = await startDiscordHarness({ sources: fakeSources({ "2026-06-12": [hostile, long, ...rest] }) });
  });
  afterAll(async () => discord?.close());

  it("the posted digest: inert, within limits, with allowed_mentions { parse: [] } on every message", async () => {
    const answer = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(answer.text).toContain("Posted today's digest");
    const posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(6);
    const hostileCard = JSON.stringify(posted[1]);
    expect(hostileCard).toContain("everyone");
    expect(hostileCard).toContain("click");
    expect(hostileCard).not.toContain("https://evil.example/repo");
    const longCard = posted[2]?.embeds[0] as { title: string };
    expect(longCard.title.length).toBeLessThanOrEqual(256);
    expect(longCard.title.endsWith("…")).toBe(true);
    for (const { path, body } of sentBodies(discord.fake.requests)) expectInert(path, body);
  });

  it("command answers: paper, today, topic, top, saved and a usage error echoing hostile input", async () => {
    discord.fake.clearRequests();
    await discord.command("paper", { id: HOSTILE_ID });
    await discord.command("today");
    await discord.command("topic", { query: "@everyone [x](https://evil.example) <@123>" });
    await discord.command("top", { period: "week" });
    await discord.command("saved");
    await discord.command("follow", { topic: "@everyone <@123> [x](https://evil.example)" }, CHANNEL_ADMIN);
    await discord.command("settings");
    await discord.command("schedule", { time: "@here" }, CHANNEL_ADMIN);
    const bodies = sentBodies(discord.fake.requests);
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const { path, body } of bodies) expectInert(path, body);
  });
});
