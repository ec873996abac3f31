import { once } from "node:events";
import { Events } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { nonceFor } from "../../adapters/discord/index.ts";
import { REACTION_HINT } from "../../adapters/discord/render.ts";
import { commands } from "../../commands/index.ts";
import { channelKey } from "../../src/store/refs.ts";
import { CHANNEL_ADMIN, type DiscordHarness, startDiscordHarness } from "../helpers/discord-harness.ts";
import {
  DEFAULT_GUILD_ID,
  MEMBER_PERMISSIONS,
  Permission,
  slashCommand,
  USER_OPTION,
} from "../helpers/discord-payloads.ts";
import { rateLimited } from "../helpers/fake-discord.ts";
import { brokenText } from "../helpers/graphemes.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

let discord: DiscordHarness;
beforeEach(async () => {
  discord = await startDiscordHarness();
});
afterEach(async () => discord?.close());

const channel = () =>
  ({ platform: "discord", workspaceId: discord.guildId, channelId: discord.channelId }) as const;
const allEphemeral = (answer: { messages: { ephemeral: boolean }[] }) =>
  answer.messages.length > 0 && answer.messages.every((message) => message.ephemeral);
/** An answer's JSON without Discord's markdown escapes, as people read it. */
const plain = (answer: { text: string }) => answer.text.replaceAll("\\\\", "");
const allPublic = (answer: { messages: { ephemeral: boolean }[] }) =>
  answer.messages.length > 0 && answer.messages.every((message) => !message.ephemeral);

describe("the Discord client", () => {
  it("connects with the Guilds, GuildMessages and GuildMessageReactions intents only", () => {
    const intents = discord.fake.identifies.at(-1)?.intents;
    expect(intents).toBe(1 | (1 << 9) | (1 << 10));
    expect(discord.adapter.ready()).toBe(true);
  });
});

describe("every /papers subcommand end to end", () => {
  it("today: answered at once to the asker only, most upvoted first", async () => {
    const answer = await discord.command("today");
    expect(answer.ack.type).toBe(4);
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toContain("2606.13681");
    expect(answer.text.indexOf("2606.13681")).toBeLessThan(answer.text.indexOf("2606.13392"));
  });

  it("topic: papers about the query; an empty or absurd query gets private usage, not a crash", async () => {
    await discord.command("today");
    const answer = await discord.command("topic", { query: "agents" });
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toMatch(/arxiv\.org\/abs\/\d{4}\.\d{5}/);
    const empty = await discord.command("topic", { query: "-" });
    expect(allEphemeral(empty)).toBe(true);
  });

  it("top: the team's leaderboard for the chosen period", async () => {
    const answer = await discord.command("top", { period: "month" });
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toContain("past month");
  });

  it("paper: one card with link buttons to arXiv, PDF and Hugging Face", async () => {
    const answer = await discord.command("paper", { id: "https://arxiv.org/abs/2606.13392v2" });
    expect(allEphemeral(answer)).toBe(true);
    const urls = JSON.stringify(answer.messages[0]?.body.components);
    expect(urls).toContain("https://arxiv.org/abs/2606.13392");
    expect(urls).toContain("https://arxiv.org/pdf/2606.13392");
    expect(urls).toContain("https://huggingface.co/papers/2606.13392");
    const missing = await discord.command("paper", { id: "not an id" });
    expect(allEphemeral(missing)).toBe(true);
  });

  it("saved, settings and help answer only the person who asked", async () => {
    for (const name of ["saved", "settings", "help"]) {
      const answer = await discord.command(name);
      expect(answer.ack.ephemeral, name).toBe(true);
      expect(allEphemeral(answer), name).toBe(true);
    }
  });

  it("follow, unfollow, mute, unmute, schedule and layout change the channel for a member with Manage Channels", async () => {
    await discord.command("follow", { topic: "diffusion" }, CHANNEL_ADMIN);
    await discord.command("follow", { topic: "agents" }, CHANNEL_ADMIN);
    await discord.command("unfollow", { topic: "agents" }, CHANNEL_ADMIN);
    await discord.command("mute", { word: "benchmark" }, CHANNEL_ADMIN);
    await discord.command("mute", { word: "survey" }, CHANNEL_ADMIN);
    await discord.command("unmute", { word: "survey" }, CHANNEL_ADMIN);
    const scheduled = await discord.command(
      "schedule",
      { time: "09:30", timezone: "Asia/Kolkata", days: "weekdays" },
      CHANNEL_ADMIN,
    );
    expect(allPublic(scheduled)).toBe(true);
    await discord.command("layout", { style: "compact" }, CHANNEL_ADMIN);
    const settings = await discord.app.store.channels.get(channel());
    expect(settings).toMatchObject({
      followedTopics: ["diffusion"],
      mutedWords: ["benchmark"],
      schedule: { time: "09:30", timezone: "Asia/Kolkata", days: "weekdays" },
      layout: "compact",
      updatedBy: CHANNEL_ADMIN.user,
    });
    const shown = await discord.command("settings");
    expect(shown.text).toContain("diffusion");
    expect(shown.text).toContain("Asia/Kolkata");
  });

  it("post: a header and one message per paper in the channel, each sent once with a ledger nonce", async () => {
    const answer = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toContain("Posted today's digest");
    const posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(6);
    const creates = discord.fake.requests.filter(
      (request) => request.method === "POST" && request.path === `/channels/${discord.channelId}/messages`,
    );
    const key = `${channelKey(channel())}:2026-06-12:2606.13681`;
    expect(creates[1]?.body).toMatchObject({ nonce: nonceFor(`${key}:0`), enforce_nonce: true });
    expect(await discord.app.store.posts.papersForMessage(channel(), posted[1]?.id ?? "")).toEqual([
      "2606.13681",
    ]);

    const again = await discord.command("post", {}, CHANNEL_ADMIN);
    expect(again.text).toContain("already in this channel");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(6);
  });

  it("post in the compact layout: one numbered message with 1️⃣ … 5️⃣ under it", async () => {
    await discord.command("layout", { style: "compact" }, CHANNEL_ADMIN);
    await discord.command("post", {}, CHANNEL_ADMIN);
    const [digest] = discord.fake.messages(discord.channelId);
    expect(discord.fake.messages(discord.channelId)).toHaveLength(1);
    const added = discord.fake.requests
      .filter(
        (request) => request.method === "PUT" && request.path.includes(`/messages/${digest?.id}/reactions/`),
      )
      .map((request) => request.path.split("/")[6]);
    expect(added).toEqual(["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]);
  });

  it("ranking and taste: an admin picks the blend from its choices; anyone sees what the taste learned", async () => {
    const ranked = await discord.command("ranking", { blend: "team" }, CHANNEL_ADMIN);
    expect(allPublic(ranked)).toBe(true);
    expect(ranked.text).toContain("now ranked team");
    expect((await discord.app.store.channels.get(channel())).ranking).toBe("team");
    const taste = await discord.command("taste");
    expect(allPublic(taste)).toBe(true);
    expect(taste.text).toContain("Ranking: team");
    expect(taste.text).toContain("No reactions to learn from yet");
    const refused = await discord.command("taste", { action: "reset" });
    expect(allEphemeral(refused)).toBe(true);
    expect(refused.text).toContain("Only members with Manage Channels in this channel");
    const reset = await discord.command("taste", { action: "reset" }, CHANNEL_ADMIN);
    expect(reset.text).toContain("Forgot this channel's taste");
  });

  it("recap: an admin sets day, time and zone from typed options; anyone previews it privately, as one embed", async () => {
    const refused = await discord.command("recap", { day: "monday", time: "09:00" });
    expect(allEphemeral(refused)).toBe(true);
    expect(refused.text).toContain("Only members with Manage Channels in this channel");
    const set = await discord.command(
      "recap",
      { day: "monday", time: "9:00", timezone: "Europe/Berlin" },
      CHANNEL_ADMIN,
    );
    expect(allPublic(set)).toBe(true);
    expect(set.text).toContain("Mondays at 09:00");
    expect(set.text).toContain("Europe/Berlin");
    expect((await discord.app.store.channels.get(channel())).recap?.day).toBe("monday");
    const preview = await discord.command("recap", { day: "now" });
    expect(allEphemeral(preview)).toBe(true);
    expect(preview.messages).toHaveLength(1);
    expect(preview.text).toContain("Weekly recap");
    expect(preview.text).toContain("A quiet week");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);
  });

  it("help shows each command as typed in Discord: options by name, time:off and time:cron documented", async () => {
    const answer = await discord.command("help");
    expect(answer.text).toContain("/papers schedule time:off");
    expect(answer.text).toContain("/papers schedule time:cron 30 8 * * 1-5");
    expect(answer.text).toContain("/papers top [period:day|week|month]");
    expect(answer.text).not.toMatch(/schedule (?:off|cron|<)|\/papers top \[day/);
  });

  it("answers to commands invite no reactions; the posted cards, whose papers are recorded, do", async () => {
    for (const [name, options] of [
      ["today", {}],
      ["paper", { id: "2606.13392" }],
      ["topic", { query: "agents" }],
      ["top", {}],
    ] as const) {
      const answer = await discord.command(name, options);
      expect(answer.text, name).not.toContain(REACTION_HINT);
      expect(answer.text, name).not.toContain("React with a paper's number");
    }
    await discord.command("post", {}, CHANNEL_ADMIN);
    const posted = discord.fake.messages(discord.channelId).map((message) => JSON.stringify(message.embeds));
    expect(posted).toHaveLength(6);
    // The header shows no paper: it points at the cards, each of which invites reactions on itself.
    const [header, ...cards] = posted;
    expect(header).not.toContain(REACTION_HINT);
    expect(header).toContain("React 👍 on a paper to upvote it, 🔖 to save it.");
    for (const message of cards) expect(message).toContain(REACTION_HINT);

    await discord.command("layout", { style: "compact" }, CHANNEL_ADMIN);
    discord.app.clock.now = new Date(discord.app.clock.now.getTime() + 86_400_000);
    await discord.command("post", {}, CHANNEL_ADMIN);
    expect(JSON.stringify(discord.fake.messages(discord.channelId).at(-1)?.embeds)).toContain(
      "React with a paper's number to upvote it.",
    );
  });

  it("follows an author through the typed kind option, lists follows, and turns alerts off", async () => {
    const followed = await discord.command("follow", { topic: "Yann LeCun", kind: "author" }, CHANNEL_ADMIN);
    expect(followed.text).toContain("Following Yann LeCun");
    const alerts = await discord.command("alerts", { state: "off" }, CHANNEL_ADMIN);
    expect(alerts.text).toContain("Follow-ups are off");
    const shown = await discord.command("follows");
    expect(allEphemeral(shown)).toBe(true);
    expect(shown.text).toContain("author “Yann LeCun”");
    expect(shown.text).toContain("off");
    const settings = await discord.app.store.channels.get(channel());
    expect(settings).toMatchObject({ followedAuthors: ["Yann LeCun"], alerts: false });
  });

  it("admins: Manage Channels adds a member through the user picker, who may then configure; anyone lists", async () => {
    const member = "800000000000000008";
    const pick = { action: "add", user: { type: USER_OPTION, value: member } };
    const refused = await discord.command("admins", pick, { user: member, permissions: MEMBER_PERMISSIONS });
    expect(allEphemeral(refused)).toBe(true);
    expect(plain(refused)).toContain(
      "Only members with Manage Channels in this channel or this channel's paperboy admins (none yet) can add this channel's paperboy admins",
    );
    expect(await discord.app.store.channelAdmins.has(channel(), member)).toBe(false);

    const added = await discord.command("admins", pick, CHANNEL_ADMIN);
    expect(allPublic(added)).toBe(true);
    expect(added.text).toContain(`<@${member}> can now configure paperboy in this channel`);
    expect(added.messages[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const again = await discord.command("admins", pick, CHANNEL_ADMIN);
    expect(again.text).toContain("is already one of this channel's paperboy admins");

    const scheduled = await discord.command("schedule", { time: "08:30" }, { user: member });
    expect(scheduled.text).toContain("08:30");
    expect((await discord.app.store.channels.get(channel())).schedule?.time).toBe("08:30");

    const listed = await discord.command("admins");
    expect(plain(listed)).toContain(
      `members with Manage Channels in this channel or this channel's paperboy admins (<@${member}>)`,
    );
    const settings = await discord.command("settings");
    expect(settings.text).toContain(`<@${member}>`);

    const removed = await discord.command(
      "admins",
      { action: "remove", user: { type: USER_OPTION, value: member } },
      CHANNEL_ADMIN,
    );
    expect(removed.text).toContain("is no longer one of this channel's paperboy admins");
    const stranger = { type: USER_OPTION, value: "800000000000000009" };
    const missing = await discord.command("admins", { action: "remove", user: stranger }, CHANNEL_ADMIN);
    expect(plain(missing)).toContain(
      "<@800000000000000009> is not one of this channel's paperboy admins, so nothing changed",
    );
    const noOne = await discord.command("admins", { action: "add" }, CHANNEL_ADMIN);
    expect(plain(noOne)).toContain("pick the person in the `user` option");
    const help = await discord.command("help", { command: "admins" });
    expect(help.text).toContain("/papers admins [action:list|add|remove] [user:@someone]");
    const after = await discord.command("schedule", { time: "off" }, { user: member });
    expect(after.text).toContain("Only members with Manage Channels in this channel");
  });

  it("has a test for every subcommand", () => {
    const covered = [
      "today",
      "topic",
      "top",
      "paper",
      "saved",
      "settings",
      "help",
      "follow",
      "unfollow",
      "mute",
      "unmute",
      "schedule",
      "layout",
      "ranking",
      "taste",
      "recap",
      "post",
      "follows",
      "alerts",
      "admins",
    ];
    expect(commands.map((command) => command.name).sort()).toEqual(covered.sort());
  });
});

describe("who may change settings", () => {
  // Commands only admins may run, and those whose settings-changing form is (`ranking team`, `recap monday
  // 09:00`); `admins add` takes a user picker and has its own test above.
  const adminCommands = commands.filter(
    (command) => command.admin || (command.adminWhen !== undefined && command.name !== "admins"),
  );
  const exampleOptions: Record<string, Record<string, string>> = {
    follow: { topic: "diffusion" },
    unfollow: { topic: "diffusion" },
    mute: { word: "benchmark" },
    unmute: { word: "benchmark" },
    schedule: { time: "08:00" },
    layout: { style: "compact" },
    ranking: { blend: "team" },
    recap: { day: "monday", time: "09:00" },
    post: {},
    alerts: { state: "off" },
  };

  it("refuses every settings subcommand to a member without Manage Channels, privately, changing nothing", async () => {
    expect(adminCommands.map((command) => command.name).sort()).toEqual(Object.keys(exampleOptions).sort());
    for (const command of adminCommands) {
      const answer = await discord.command(command.name, exampleOptions[command.name], {
        permissions: MEMBER_PERMISSIONS,
      });
      expect(allEphemeral(answer), command.name).toBe(true);
      expect(answer.text, command.name).toContain("Only members with Manage Channels in this channel");
    }
    const settings = await discord.app.store.channels.get(channel());
    expect(settings.updatedAt).toBeUndefined();
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);
  });

  it("lets Administrators and PAPERBOY_ADMINS members change settings too", async () => {
    const administrator = await discord.command(
      "follow",
      { topic: "robots" },
      { permissions: MEMBER_PERMISSIONS | Permission.Administrator },
    );
    expect(administrator.text).toContain("robots");
    expect(administrator.text).not.toContain("Only members with Manage Channels in this channel");
    await discord.close();
    discord = await startDiscordHarness({ env: { PAPERBOY_ADMINS: "800000000000000008" } });
    const listed = await discord.command(
      "mute",
      { word: "crypto" },
      { user: "800000000000000008", permissions: MEMBER_PERMISSIONS },
    );
    expect(listed.text).not.toContain("Only members with Manage Channels in this channel");
    expect((await discord.app.store.channels.get(channel())).mutedWords).toEqual(["crypto"]);
  });

  it("reads PAPERBOY_ADMINS as Slack does: guild:user names a user in that server only", async () => {
    await discord.close();
    discord = await startDiscordHarness({
      env: { PAPERBOY_ADMINS: `${DEFAULT_GUILD_ID}:800000000000000008,999:800000000000000009` },
    });
    const listed = await discord.command(
      "mute",
      { word: "crypto" },
      { user: "800000000000000008", permissions: MEMBER_PERMISSIONS },
    );
    expect(listed.text).not.toContain("Only members with Manage Channels in this channel");
    const elsewhere = await discord.command(
      "mute",
      { word: "hype" },
      { user: "800000000000000009", permissions: MEMBER_PERMISSIONS },
    );
    expect(elsewhere.text).toContain("Only members with Manage Channels in this channel");
    expect((await discord.app.store.channels.get(channel())).mutedWords).toEqual(["crypto"]);
  });
});

describe("usage errors and suggestions", () => {
  it("a bad argument to a public command is answered privately, at once", async () => {
    const answer = await discord.command("schedule", { time: "25:99" }, CHANNEL_ADMIN);
    expect(answer.ack).toEqual({ type: 4, ephemeral: true });
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toMatch(/Usage/);
  });

  it("suggests followed topics and trending keywords while a topic is typed", async () => {
    await discord.command("follow", { topic: "continual learning" }, CHANNEL_ADMIN);
    await discord.command("today");
    const suggestions = await discord.autocomplete("topic", "query", "");
    expect(suggestions[0]).toBe("continual learning");
    expect(suggestions.length).toBeGreaterThan(1);
    expect(suggestions.length).toBeLessThanOrEqual(25);
  });

  it("sends a long typed query back cut before an emoji, not inside it", async () => {
    const suggestions = await discord.autocomplete("topic", "query", `${"a".repeat(99)}😀`);
    expect(suggestions[0]).toBe("a".repeat(99));
    expect(suggestions.flatMap(brokenText)).toEqual([]);
  });
});

describe("answers that take longer than the defer threshold", () => {
  it("are deferred (privately for private commands) and edited in; a private answer to a public command replaces the placeholder", async () => {
    await discord.close();
    discord = await startDiscordHarness({ deferAfterMs: 0 });
    const today = await discord.command("today");
    expect(today.ack).toEqual({ type: 5, ephemeral: true });
    expect(allEphemeral(today)).toBe(true);
    expect(today.text).toContain("2606.13681");
    const scheduled = await discord.command("schedule", { time: "09:00" }, CHANNEL_ADMIN);
    expect(scheduled.ack).toEqual({ type: 5, ephemeral: false });
    expect(allPublic(scheduled)).toBe(true);
    const help = await discord.command("help");
    expect(help.ack).toEqual({ type: 5, ephemeral: true });
    expect(allEphemeral(help)).toBe(true);
    const bad = await discord.command("schedule", { time: "25:99" }, CHANNEL_ADMIN);
    expect(bad.ack).toEqual({ type: 5, ephemeral: false });
    expect(allEphemeral(bad)).toBe(true);
    expect(bad.text).toMatch(/Usage/);
    const kinds = discord.fake.interactionResponses(bad.interactionId).map((record) => record.kind);
    expect(kinds).toContain("deleteMessage");
  });
});

describe("commands that arrive while others are being answered", () => {
  it("are deferred at once, before their answer is computed, and edited in when it is ready", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const searches: { query: string; at: number }[] = [];
    await discord.close();
    discord = await startDiscordHarness({
      sources: {
        ...fakeSources({ "2026-06-12": fixturePapers() }),
        search: async (query) => {
          searches.push({ query, at: performance.now() });
          await held;
          return [];
        },
      },
    });
    const first = slashCommand({
      user: { id: "700000000000000007" },
      subcommand: "topic",
      options: { query: "agents" },
    });
    const second = slashCommand({
      user: { id: "700000000000000008" },
      subcommand: "topic",
      options: { query: "memory" },
    });
    discord.fake.dispatch("INTERACTION_CREATE", first);
    await discord.fake.waitFor(() => searches.length === 1);
    discord.fake.dispatch("INTERACTION_CREATE", second);
    const deferral = await discord.fake.waitFor(() =>
      discord.fake.interactionResponses(second.id).find((record) => record.kind === "callback"),
    );
    expect(deferral.type).toBe(5);
    expect(discord.fake.interactionResponses(first.id)).toEqual([]);

    release();
    await discord.fake.waitFor(() =>
      discord.fake.interactionResponses(second.id).some((record) => record.kind === "editOriginal"),
    );
    await discord.adapter.idle();
    expect(searches.map((search) => search.query)).toEqual(["agents", "memory"]);
    const deferredAt = discord.fake.requests.find((request) =>
      request.path.startsWith(`/interactions/${second.id}/`),
    )?.at;
    expect(deferredAt).toBeLessThan(searches[1]?.at ?? 0);
    const [firstAnswer] = discord.fake.interactionResponses(first.id);
    expect(firstAnswer).toMatchObject({ kind: "callback", type: 4 });
    expect(JSON.stringify(firstAnswer?.body)).toContain("agents");
    const edit = discord.fake
      .interactionResponses(second.id)
      .find((record) => record.kind === "editOriginal");
    expect(JSON.stringify(edit?.body)).toContain("memory");
  });

  it("edit their answers in outside the bot's global rate limit, which Discord does not apply to interactions", async () => {
    await discord.close();
    discord = await startDiscordHarness({ deferAfterMs: 0 });
    const messages = `/channels/${discord.channelId}/messages`;
    discord.fake.failNext({ method: "POST", path: messages }, rateLimited({ retryAfter: 1, global: true }));
    const posting = discord.adapter.post(channel(), { kind: "message", tone: "info", text: "held back" });
    await discord.fake.waitFor(() => discord.fake.requests.some((request) => request.status === 429));

    const answer = await discord.command("help");
    expect(answer.ack.type).toBe(5);
    expect(answer.text).toContain("/papers topic");
    await posting;
    const index = (match: (request: (typeof discord.fake.requests)[number]) => boolean) =>
      discord.fake.requests.findIndex(match);
    const edited = index(
      (request) => request.method === "PATCH" && request.path.endsWith("/messages/@original"),
    );
    const posted = index(
      (request) => request.method === "POST" && request.path === messages && request.status === 200,
    );
    expect(edited).toBeGreaterThan(-1);
    expect(posted).toBeGreaterThan(edited);
  });
});

describe("outside a server", () => {
  it("a command from a DM is answered privately and touches no channel settings", async () => {
    const payload = slashCommand({ user: { id: "700000000000000007" }, subcommand: "today", guildId: null });
    const arrived = once(discord.adapter.client, Events.InteractionCreate);
    discord.fake.dispatch("INTERACTION_CREATE", payload);
    await arrived;
    await discord.adapter.idle();
    const [callback] = discord.fake.interactionResponses(payload.id);
    expect(callback).toMatchObject({ kind: "callback", type: 4, body: { data: { flags: 64 } } });
    expect(JSON.stringify(callback?.body)).toContain("server channels");
    expect(await discord.app.store.channels.list()).toEqual([]);
  });
});

describe("nothing the bot sends can ping anyone", () => {
  it("every message, edit and follow-up carries allowed_mentions with parse: []", async () => {
    await discord.command("today");
    await discord.command("help");
    await discord.command("schedule", { time: "nope" }, CHANNEL_ADMIN);
    await discord.command("post", {}, CHANNEL_ADMIN);
    const sent = discord.fake.requests.filter(
      (request) =>
        (request.method === "POST" || request.method === "PATCH") &&
        /\/messages|\/webhooks\/|\/callback/.test(request.path) &&
        !request.path.includes("/reactions/"),
    );
    expect(sent.length).toBeGreaterThan(8);
    for (const request of sent) {
      const body = request.body as { type?: number; data?: unknown; allowed_mentions?: unknown };
      const message = (body.type === 4 ? body.data : body) as { allowed_mentions?: unknown };
      expect(message.allowed_mentions, request.path).toEqual({ parse: [] });
    }
  });
});
