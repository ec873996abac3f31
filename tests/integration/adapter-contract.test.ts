import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import { CONSOLE_CHANNEL } from "../../adapters/console/parse.ts";
import type { App } from "../../src/app.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import { type OptionValue, USER_OPTION } from "../helpers/discord-payloads.ts";
import { FAKE_BOT } from "../helpers/fake-slack.ts";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";
import { createTestApp } from "../helpers/test-app.ts";

/** What a person sees after one command, whatever the platform. */
interface Seen {
  /** Only the person who asked sees it; undefined where the platform has no such thing (the console). */
  private?: boolean;
  text: string;
}

/** One platform driven through its real adapter. */
interface Driver {
  name: string;
  app: App;
  channel: ChannelRef;
  /** Runs `/papers <line>`; `options` are the same arguments as Discord's typed options. */
  run(line: string, options: Record<string, OptionValue>, asAdmin: boolean): Promise<Seen>;
  /** The text of every message posted into the channel (not command answers), in order. */
  posted(): string[];
  close(): Promise<void>;
}

/** arXiv ids in order of first appearance: what a reader would click, in the order they see it. */
const paperIds = (text: string): string[] => [
  ...new Set([...text.matchAll(/arxiv\.org\/abs\/(\d{4}\.\d{4,5})/g)].map((match) => match[1] ?? "")),
];

async function slackDriver(): Promise<Driver> {
  const slack: SlackHarness = await startSlackHarness();
  slack.fake.users.set("U_ADMIN", { is_admin: true });
  return {
    name: "slack",
    app: slack.app,
    channel: { platform: "slack", workspaceId: FAKE_BOT.teamId, channelId: "C1" },
    async run(line, _options, asAdmin) {
      const result = await slack.command(line, { user: asAdmin ? "U_ADMIN" : "U1" });
      return {
        private: result.responses.every((response) => response.response_type === "ephemeral"),
        text: JSON.stringify(result.responses),
      };
    },
    posted: () => slack.fake.callsTo("chat.postMessage").map((call) => JSON.stringify(call.body)),
    close: () => slack.close(),
  };
}

async function discordDriver(): Promise<Driver> {
  const discord: DiscordHarness = await startDiscordHarness();
  return {
    name: "discord",
    app: discord.app,
    channel: { platform: "discord", workspaceId: discord.guildId, channelId: discord.channelId },
    async run(line, options, asAdmin) {
      const answer = await discord.command(line.split(" ")[0] ?? "", options, asAdmin ? CHANNEL_ADMIN : {});
      return { private: answer.messages.every((message) => message.ephemeral), text: answer.text };
    },
    posted: () => discord.fake.messages(discord.channelId).map((message) => JSON.stringify(message)),
    close: () => discord.close(),
  };
}

async function consoleDriver(): Promise<Driver> {
  const app = await createTestApp();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk) => {
    printed += String(chunk);
  });
  const posts: string[] = [];
  let answered = 0;
  const adapter = createConsoleAdapter({ app, input, output, userId: "you", interactive: false });
  // Counts answers and keeps what each post printed, around the runtime's own handling and posting.
  const handle = app.handle;
  app.handle = async (...args) => {
    const reply = await handle(...args);
    answered += 1;
    return reply;
  };
  const post = adapter.post.bind(adapter);
  adapter.post = async (...args) => {
    const before = printed.length;
    const posted = await post(...args);
    posts.push(printed.slice(before));
    return posted;
  };
  await adapter.start();
  return {
    name: "console",
    app,
    channel: CONSOLE_CHANNEL,
    async run(line) {
      const before = printed.length;
      const expected = answered + 1;
      input.write(`/papers ${line}\n`);
      await waitUntil(() => answered >= expected);
      await new Promise((resolve) => setImmediate(resolve));
      return { text: printed.slice(before) };
    },
    posted: () => posts,
    async close() {
      input.end();
      await adapter.done;
      await app.close();
    },
  };
}

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each([
  ["slack", slackDriver],
  ["discord", discordDriver],
  ["console", consoleDriver],
])("the adapter contract: %s", (_name, start) => {
  let driver: Driver;
  beforeAll(async () => {
    driver = await start();
  });
  afterAll(async () => driver?.close());

  it("today: the same papers in the same order, for the asker only", async () => {
    const seen = await driver.run("today", {}, false);
    expect(paperIds(seen.text).slice(0, 5)).toEqual([
      "2606.13681",
      "2606.13392",
      "2606.08063",
      expect.any(String),
      expect.any(String),
    ]);
    expect(seen.private ?? true).toBe(true);
    expect(driver.posted()).toEqual([]);
  });

  it("topic: the same most relevant papers", async () => {
    const seen = await driver.run("topic agent memory", { query: "agent memory" }, false);
    const ids = paperIds(seen.text);
    expect(ids.length).toBeGreaterThan(0);
    const console = await consoleReference();
    expect(ids).toEqual(paperIds(console.topic));
  });

  it("paper: one card for the paper asked for", async () => {
    const seen = await driver.run("paper arXiv:2606.13392v2", { id: "arXiv:2606.13392v2" }, false);
    expect(paperIds(seen.text)).toEqual(["2606.13392"]);
  });

  it("a bad argument: a usage message only the person who asked sees, and nothing stored", async () => {
    const seen = await driver.run("schedule 25:99", { time: "25:99" }, true);
    expect(seen.text).toMatch(/Usage/);
    expect(seen.private ?? true).toBe(true);
    expect((await driver.app.store.channels.get(driver.channel)).schedule).toBeNull();
  });

  it("follow by an admin: stored for the channel and shown in settings", async () => {
    await driver.run("follow diffusion", { topic: "diffusion" }, true);
    expect((await driver.app.store.channels.get(driver.channel)).followedTopics).toEqual(["diffusion"]);
    const settings = await driver.run("settings", {}, false);
    expect(settings.text).toContain("diffusion");
  });

  it("admins add by an admin, in the platform's own mention: stored for the channel, named in settings", async () => {
    const mentions: Record<string, [typed: string, userId: string, shown: string]> = {
      slack: ["<@U0LEE|lee>", "U0LEE", "<@U0LEE>"],
      discord: ["800000000000000010", "800000000000000010", "<@800000000000000010>"],
      console: ["@lee", "lee", "@lee"],
    };
    const [typed, userId, shown] = mentions[driver.name] ?? ["", "", ""];
    const user = driver.name === "discord" ? { type: USER_OPTION, value: typed } : typed;
    const added = await driver.run(`admins add ${typed}`, { action: "add", user }, true);
    expect(added.text).toContain(`${shown} can now configure paperboy in this channel`);
    expect(await driver.app.store.channelAdmins.has(driver.channel, userId)).toBe(true);
    const settings = await driver.run("settings", {}, false);
    expect(settings.text).toContain(shown);
  });

  it("help: every command, privately", async () => {
    const seen = await driver.run("help", {}, false);
    for (const name of ["today", "topic", "top", "paper", "saved", "follow", "schedule", "layout", "post"]) {
      expect(seen.text).toContain(name);
    }
    expect(seen.private ?? true).toBe(true);
  });

  it("post by an admin: a header, then the digest's papers one message each, in rank order", async () => {
    await driver.run("post", {}, true);
    const posted = driver.posted();
    expect(posted).toHaveLength(6);
    expect(paperIds(posted[0] ?? "")).toEqual([]);
    const ids = posted.slice(1).flatMap((message) => paperIds(message).slice(0, 1));
    // The channel follows “diffusion” (above): its papers come first, then the trending order.
    expect(ids.slice(0, 3)).toEqual(["2606.06113", "2606.12575", "2606.08788"]);
    expect(ids.slice(3)).toEqual(["2606.13681", "2606.13392"]);
    const again = await driver.run("post", {}, true);
    expect(again.text).toContain("already in this channel");
    expect(driver.posted()).toHaveLength(6);
  });
});

let reference: { topic: string } | undefined;
/** The console's answers, as the reference the other platforms must match. */
async function consoleReference(): Promise<{ topic: string }> {
  if (reference) return reference;
  const app = await createTestApp();
  const { renderConsole } = await import("../../adapters/console/render.ts");
  const { parseConsoleLine } = await import("../../adapters/console/parse.ts");
  await app.handle(parseConsoleLine("today", "you"));
  reference = { topic: renderConsole(await app.handle(parseConsoleLine("topic agent memory", "you"))) };
  await app.close();
  return reference;
}
