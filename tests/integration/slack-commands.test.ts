import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandResult, SlackHarness } from "../helpers/slack-harness.ts";
import { startSlackHarness } from "../helpers/slack-harness.ts";

const shown = (result: CommandResult): string => JSON.stringify(result.responses);
const kind = (result: CommandResult): unknown => result.responses[0]?.response_type;
const CHANNEL = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;

describe("every /papers subcommand end to end through Slack", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness({ env: { PAPERBOY_ADMINS: "U_LISTED" } });
    slack.fake.users.set("U1", { is_admin: false, is_owner: false });
    slack.fake.users.set("U_ADMIN", { is_admin: true });
    slack.fake.users.set("U_OWNER", { is_owner: true });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("help lists every command, only to the asker", async () => {
    const result = await slack.command("help");
    expect(kind(result)).toBe("ephemeral");
    for (const name of [
      "today",
      "topic",
      "top",
      "paper",
      "saved",
      "follow",
      "mute",
      "schedule",
      "post",
      "settings",
    ]) {
      expect(shown(result)).toContain(`/papers ${name}`);
    }
  });

  it("a bare /papers shows help", async () => {
    const result = await slack.command("");
    expect(shown(result)).toContain("/papers topic");
  });

  it("today shows the day's top papers to the asker only, with a Share to channel button", async () => {
    const result = await slack.command("today");
    expect(result.status).toBe(200);
    expect(kind(result)).toBe("ephemeral");
    expect(JSON.stringify(result.responses.at(-1)?.blocks)).toContain("Share to channel");
    expect(shown(result)).toContain("EvoArena: Tracking Memory Evolution");
    expect(shown(result)).toContain("MiniMax Sparse Attention");
    expect(result.responses[0]?.blocks).toEqual(expect.any(Array));
    expect(result.responses[0]?.text).toEqual(expect.any(String));
  });

  it("topic finds the matching paper, for the asker only", async () => {
    const result = await slack.command("topic sparse attention");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("MiniMax Sparse Attention");
  });

  it("topic without words gets a usage message only the asker sees", async () => {
    const result = await slack.command("topic");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("Say what to search for");
  });

  it("paper shows one card with arXiv, PDF and Hugging Face links", async () => {
    const result = await slack.command("paper https://arxiv.org/abs/2606.13392v2");
    expect(kind(result)).toBe("ephemeral");
    const text = shown(result);
    expect(text).toContain("MiniMax Sparse Attention");
    expect(text).toContain("https://arxiv.org/abs/2606.13392");
    expect(text).toContain("https://arxiv.org/pdf/2606.13392");
    expect(text).toContain("https://huggingface.co/papers/2606.13392");
  });

  it("paper with a bad id explains the accepted forms", async () => {
    const result = await slack.command("paper not-an-id");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("isn't an arXiv id");
  });

  it("top week with no votes yet says how to vote", async () => {
    const result = await slack.command("top week");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("No team votes in the past week");
  });

  it("saved shows the asker's empty reading list privately", async () => {
    const result = await slack.command("saved");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("Your reading list is empty");
  });

  it("settings shows the channel's settings privately", async () => {
    const result = await slack.command("settings");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toMatch(/schedule/i);
  });

  it("refuses every settings change from a member politely, changes nothing, posts nothing", async () => {
    const posts = slack.fake.callsTo("chat.postMessage").length;
    for (const line of [
      "follow robotics",
      "unfollow robotics",
      "mute crypto",
      "unmute crypto",
      "schedule 09:00",
      "schedule off",
      "post",
    ]) {
      const result = await slack.command(line, { user: "U1" });
      expect(kind(result), line).toBe("ephemeral");
      expect(shown(result), line).toContain("Only workspace admins and owners");
    }
    const settings = await slack.app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual([]);
    expect(settings.mutedWords).toEqual([]);
    expect(settings.schedule ?? null).toBeNull();
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(posts);
  });

  it("lets a workspace admin (users.info is_admin) schedule, and caches the lookup", async () => {
    const before = slack.fake.callsTo("users.info").filter((call) => call.body.user === "U_ADMIN").length;
    const result = await slack.command("schedule 09:00 Europe/Berlin weekdays", { user: "U_ADMIN" });
    expect(kind(result)).toBe("in_channel");
    expect(shown(result)).toContain("09:00");
    expect((await slack.app.store.channels.get(CHANNEL)).schedule).toMatchObject({
      time: "09:00",
      timezone: "Europe/Berlin",
      days: "weekdays",
    });
    await slack.command("schedule 10:30 Europe/Berlin weekdays", { user: "U_ADMIN" });
    const after = slack.fake.callsTo("users.info").filter((call) => call.body.user === "U_ADMIN");
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.headers.authorization).toBe("Bearer xoxb-test-token");
  });

  it("lets a workspace owner follow and unfollow a topic", async () => {
    const followed = await slack.command("follow continual learning", { user: "U_OWNER" });
    expect(shown(followed)).toContain("continual learning");
    expect((await slack.app.store.channels.get(CHANNEL)).followedTopics).toEqual(["continual learning"]);
    const unfollowed = await slack.command("unfollow continual learning", { user: "U_OWNER" });
    expect(kind(unfollowed)).toBe("in_channel");
    expect((await slack.app.store.channels.get(CHANNEL)).followedTopics).toEqual([]);
  });

  it("lets an allow-listed user (PAPERBOY_ADMINS) mute and unmute without asking Slack", async () => {
    const lookups = slack.fake.callsTo("users.info").length;
    await slack.command("mute crypto", { user: "U_LISTED" });
    expect((await slack.app.store.channels.get(CHANNEL)).mutedWords).toEqual(["crypto"]);
    const settings = await slack.command("settings", { user: "U_LISTED" });
    expect(shown(settings)).toContain("crypto");
    await slack.command("unmute crypto", { user: "U_LISTED" });
    expect((await slack.app.store.channels.get(CHANNEL)).mutedWords).toEqual([]);
    expect(slack.fake.callsTo("users.info")).toHaveLength(lookups);
  });

  it("lets a workspace admin reset the channel's taste, and no one else", async () => {
    const refused = await slack.command("taste reset", { user: "U1" });
    expect(shown(refused)).toContain("Only workspace admins and owners");
    expect((await slack.app.store.channels.get(CHANNEL)).tasteResetAt).toBeUndefined();
    const reset = await slack.command("taste reset", { user: "U_ADMIN" });
    expect(shown(reset)).toContain("Forgot this channel's taste");
    expect((await slack.app.store.channels.get(CHANNEL)).tasteResetAt).toBeDefined();
  });

  it("treats a user as a non-admin when users.info fails", async () => {
    slack.fake.users.set("U_FLAKY", { is_admin: true });
    slack.fake.failNext("users.info", "ratelimited");
    const result = await slack.command("schedule off", { user: "U_FLAKY" });
    expect(shown(result)).toContain("Only workspace admins and owners");
    expect((await slack.app.store.channels.get(CHANNEL)).schedule).toMatchObject({ time: "10:30" });
  });

  it("schedule off stops the daily post (admin)", async () => {
    const result = await slack.command("schedule off", { user: "U_ADMIN" });
    expect(kind(result)).toBe("in_channel");
    expect((await slack.app.store.channels.get(CHANNEL)).schedule ?? null).toBeNull();
  });

  it("post sends a header and one message per paper, without unfurls, and confirms privately", async () => {
    const before = slack.fake.callsTo("chat.postMessage").length;
    const result = await slack.command("post", { user: "U_ADMIN", channel: "C2" });
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("Posted today's digest: 5 papers");
    const posts = slack.fake.callsTo("chat.postMessage").slice(before);
    expect(posts).toHaveLength(6);
    for (const post of posts) {
      expect(post.body).toMatchObject({ channel: "C2", unfurl_links: "false", unfurl_media: "false" });
      expect(post.body.blocks).toEqual(expect.any(Array));
      expect(post.body.text).toEqual(expect.any(String));
    }
    expect(JSON.stringify(posts[1]?.body)).toContain("EvoArena");
    const again = await slack.command("post", { user: "U_ADMIN", channel: "C2" });
    expect(shown(again)).toContain("already in this channel");
    expect(slack.fake.callsTo("chat.postMessage")).toHaveLength(before + 6);
  });

  it("answers to commands invite no reactions; the posted cards, whose papers are recorded, do, and the header points at them", async () => {
    for (const line of ["today", "paper 2606.13392", "topic agents", "top"]) {
      const answer = shown(await slack.command(line, { channel: "C3" }));
      expect(answer, line).not.toContain("React 👍 to upvote");
      expect(answer, line).not.toContain("React with a paper's number");
    }
    const before = slack.fake.callsTo("chat.postMessage").length;
    await slack.command("post", { user: "U_ADMIN", channel: "C3" });
    const [header, ...cards] = slack.fake.callsTo("chat.postMessage").slice(before);
    expect(JSON.stringify(header?.body)).toContain("React 👍 on a paper to upvote it, 🔖 to save it.");
    expect(JSON.stringify(header?.body)).not.toContain("React 👍 to upvote");
    expect(cards).toHaveLength(5);
    for (const card of cards) expect(JSON.stringify(card.body)).toContain("React 👍 to upvote, 🔖 to save.");
  });

  it("an unknown subcommand gets a short usage message with a suggestion", async () => {
    const result = await slack.command("tody");
    expect(kind(result)).toBe("ephemeral");
    expect(shown(result)).toContain("today");
    expect(shown(result)).toContain("Unknown command");
  });
});

describe("who may configure a Slack channel", () => {
  let slack: SlackHarness;
  const channel = (channelId: string) => ({ platform: "slack", workspaceId: "T1", channelId }) as const;
  beforeAll(async () => {
    slack = await startSlackHarness();
    for (const user of ["U0CREATOR", "U0MEMBER", "U0OTHER"]) slack.fake.users.set(user, {});
    slack.fake.users.set("U0ADMIN", { is_admin: true });
    slack.fake.channels.set("C_TEAM", { creator: "U0CREATOR" });
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("lets the channel's creator configure it, and names them in a refusal", async () => {
    const refused = await slack.command("schedule 09:00", { user: "U0MEMBER", channel: "C_TEAM" });
    expect(kind(refused)).toBe("ephemeral");
    expect(shown(refused)).toContain(
      "Only workspace admins and owners, the channel's creator (<@U0CREATOR>) or this channel's paperboy admins (none yet) can change this channel's settings with",
    );
    const created = await slack.command("schedule 09:00", { user: "U0CREATOR", channel: "C_TEAM" });
    expect(kind(created)).toBe("in_channel");
    expect((await slack.app.store.channels.get(channel("C_TEAM"))).schedule?.time).toBe("09:00");
    const lookups = slack.fake.callsTo("conversations.info").filter((call) => call.body.channel === "C_TEAM");
    expect(lookups).toHaveLength(1);
  });

  it("takes Slack's mention syntax for admins add and remove, dedupes, and answers a non-member clearly", async () => {
    const added = await slack.command("admins add <@U0MEMBER|member>", {
      user: "U0CREATOR",
      channel: "C_TEAM",
    });
    expect(kind(added)).toBe("in_channel");
    expect(shown(added)).toContain("<@U0MEMBER> can now configure paperboy in this channel");
    const twice = await slack.command("admins add <@U0MEMBER>", { user: "U0ADMIN", channel: "C_TEAM" });
    expect(shown(twice)).toContain("<@U0MEMBER> is already one of this channel's paperboy admins");
    expect(await slack.app.store.channelAdmins.list(channel("C_TEAM"))).toHaveLength(1);
    const muted = await slack.command("mute crypto", { user: "U0MEMBER", channel: "C_TEAM" });
    expect(kind(muted)).toBe("in_channel");
    const listed = await slack.command("admins", { user: "U0OTHER", channel: "C_TEAM" });
    // The list names people: only the asker sees it, so nobody named is notified.
    expect(kind(listed)).toBe("ephemeral");
    expect(shown(listed)).toContain(
      "workspace admins and owners, the channel's creator (<@U0CREATOR>) or this channel's paperboy admins (<@U0MEMBER>)",
    );
    const plainName = await slack.command("admins add @bob", { user: "U0MEMBER", channel: "C_TEAM" });
    expect(shown(plainName)).toContain("Escape channels, users, and links");
    const missing = await slack.command("admins remove <@U0OTHER|other>", {
      user: "U0MEMBER",
      channel: "C_TEAM",
    });
    expect(kind(missing)).toBe("ephemeral");
    expect(shown(missing)).toContain(
      "<@U0OTHER> is not one of this channel's paperboy admins, so nothing changed",
    );
    const removed = await slack.command("admins remove <@U0MEMBER|member>", {
      user: "U0CREATOR",
      channel: "C_TEAM",
    });
    expect(shown(removed)).toContain("<@U0MEMBER> is no longer one of this channel's paperboy admins");
    const after = await slack.command("unmute crypto", { user: "U0MEMBER", channel: "C_TEAM" });
    expect(kind(after)).toBe("ephemeral");
  });

  it("never lets a member add themselves, and keeps each channel's list to itself", async () => {
    const self = await slack.command("admins add <@U0OTHER>", { user: "U0OTHER", channel: "C_TEAM" });
    expect(kind(self)).toBe("ephemeral");
    expect(shown(self)).toContain("can add this channel's paperboy admins");
    expect(await slack.app.store.channelAdmins.has(channel("C_TEAM"), "U0OTHER")).toBe(false);
    await slack.command("admins add <@U0OTHER>", { user: "U0ADMIN", channel: "C_TEAM" });
    const elsewhere = await slack.command("mute crypto", { user: "U0OTHER", channel: "C_ELSEWHERE" });
    expect(kind(elsewhere)).toBe("ephemeral");
    const otherTeam = await slack.command("mute crypto", { user: "U0OTHER", channel: "C_TEAM", team: "T2" });
    expect(kind(otherTeam)).toBe("ephemeral");
  });

  it("says honestly when Slack would not tell who created the channel", async () => {
    slack.fake.failNext("conversations.info", "missing_scope");
    const refused = await slack.command("layout compact", { user: "U0MEMBER", channel: "C_PRIVATE" });
    expect(shown(refused)).toContain(
      "the channel's creator (I could not look up who that is: Slack answered missing_scope)",
    );
    expect((await slack.app.store.channels.get(channel("C_PRIVATE"))).layout).toBe("messages");
  });

  it("shows the channel's paperboy admins in /papers settings", async () => {
    const settings = await slack.command("settings", { user: "U0MEMBER", channel: "C_TEAM" });
    expect(shown(settings)).toContain("Paperboy admins");
    expect(shown(settings)).toContain("<@U0OTHER>");
  });
});
