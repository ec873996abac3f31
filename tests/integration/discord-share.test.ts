import { afterEach, describe, expect, it } from "vitest";
import { SHARE_CUSTOM_ID_PREFIX } from "../../adapters/discord/render.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import {
  type DiscordHarness,
  type InteractionAnswer,
  startDiscordHarness,
} from "../helpers/discord-harness.ts";
import { fakeSources } from "../helpers/test-app.ts";

const EPHEMERAL = 64;
const ASKER = "700000000000000007";
const allEphemeral = (answer: InteractionAnswer) =>
  answer.messages.length > 0 && answer.messages.every((message) => message.ephemeral);

describe("quiet answers through Discord: ephemeral, with a Share to channel button", () => {
  let discord: DiscordHarness | undefined;
  afterEach(async () => {
    await discord?.close();
    discord = undefined;
  });
  const channel = (harness: DiscordHarness): ChannelRef => ({
    platform: "discord",
    workspaceId: harness.guildId,
    channelId: harness.channelId,
  });

  it("answers /papers paper ephemerally; Share posts the card once, and a 👍 and a 🔖 on it count", async () => {
    discord = await startDiscordHarness();
    const answer = await discord.command("paper", { id: "2606.13392" });
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).toContain(SHARE_CUSTOM_ID_PREFIX);
    expect(answer.text).toContain("Share to channel");
    expect(answer.text).not.toMatch(/react/i);
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);

    const shared = await discord.click(answer, SHARE_CUSTOM_ID_PREFIX);
    expect(shared.ack.ephemeral).toBe(true);
    expect(allEphemeral(shared)).toBe(true);
    expect(shared.text).toContain("Shared in the channel: 1 paper");
    const posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(1);
    expect((posted[0]?.flags ?? 0) & EPHEMERAL).toBe(0);
    const card = JSON.stringify(posted[0]);
    expect(card).toContain("MiniMax Sparse Attention");
    expect(card).toContain("React 👍 to upvote · 🔖 to save");
    expect(card).not.toContain(SHARE_CUSTOM_ID_PREFIX);
    const messageId = posted[0]?.id ?? "";
    expect(await discord.app.store.posts.papersForMessage(channel(discord), messageId)).toEqual([
      "2606.13392",
    ]);

    const again = await discord.click(answer, SHARE_CUSTOM_ID_PREFIX);
    expect(again.text).toContain("Already shared in this channel");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(1);

    await discord.react("710000000000000001", messageId, "👍");
    await discord.react("710000000000000002", messageId, "🔖");
    const top = await discord.command("top", { period: "week" });
    expect(top.text).toContain("1 team vote");
    const saved = await discord.app.store.readingLists.list({
      platform: "discord",
      workspaceId: discord.guildId,
      userId: "710000000000000002",
    });
    expect(saved.map((entry) => entry.paperId)).toEqual(["2606.13392"]);
  });

  it("shows the bundled SAMPLE of a brand-new offline install ephemerally, with no Share button", async () => {
    discord = await startDiscordHarness({ sources: fakeSources({}, { down: true }) });
    const answer = await discord.command("today");
    expect(answer.text).toContain("SAMPLE papers");
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).not.toContain("Share to channel");
    expect(answer.text).not.toContain(SHARE_CUSTOM_ID_PREFIX);
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);
  });

  it("shares /papers today as a lead and one card per paper in reply to it, once for two quick clicks", async () => {
    discord = await startDiscordHarness();
    const answer = await discord.command("today");
    expect(allEphemeral(answer)).toBe(true);
    expect(answer.text).not.toMatch(/react/i);
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);

    const clicks = await Promise.all([
      discord.click(answer, SHARE_CUSTOM_ID_PREFIX),
      discord.click(answer, SHARE_CUSTOM_ID_PREFIX),
    ]);
    const said = clicks.map((click) => click.text).join("\n");
    expect(said).toContain("Shared in the channel: 5 papers");
    expect(said).toMatch(/Already (being )?shared/);
    const posted = discord.fake.messages(discord.channelId);
    expect(posted).toHaveLength(6);
    expect(JSON.stringify(posted[0])).toContain("5 papers in the replies");
    const lead = posted[0]?.id;
    for (const reply of posted.slice(1)) {
      expect((reply as { message_reference?: { message_id?: string } }).message_reference?.message_id).toBe(
        lead,
      );
    }
    const cardId = posted[1]?.id ?? "";
    const [paper] = await discord.app.store.posts.papersForMessage(channel(discord), cardId);
    await discord.react("710000000000000001", cardId, "👍");
    expect((await discord.app.store.votes.counts(channel(discord))).get(paper ?? "")).toBe(1);
  });

  it("answers a button of another person or a forged one privately and posts nothing", async () => {
    discord = await startDiscordHarness();
    const answer = await discord.command("paper", { id: "2606.13392" });
    const other = await discord.click(answer, SHARE_CUSTOM_ID_PREFIX, { user: "710000000000000009" });
    expect(allEphemeral(other)).toBe(true);
    expect(other.text).toContain("That Share button no longer works");
    const forged = await discord.click(
      answer,
      SHARE_CUSTOM_ID_PREFIX,
      { user: ASKER },
      `${SHARE_CUSTOM_ID_PREFIX}AAAAAAAAAAAAAAAA`,
    );
    expect(forged.text).toContain("That Share button no longer works");
    expect(discord.fake.messages(discord.channelId)).toHaveLength(0);
  });
});
