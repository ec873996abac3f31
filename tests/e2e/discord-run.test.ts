import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot } from "../helpers/bot-process.ts";
import { runCli } from "../helpers/cli.ts";
import { DISCORD_TEST_TOKEN } from "../helpers/discord-harness.ts";
import { MEMBER_PERMISSIONS, Permission, slashCommand, USER_OPTION } from "../helpers/discord-payloads.ts";
import { type FakeDiscord, startFakeDiscord } from "../helpers/fake-discord.ts";

describe("paperboy run with a Discord token", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord({ token: DISCORD_TEST_TOKEN });
  });
  afterAll(async () => fake?.close());
  const discordEnv = (token: string) => ({
    ...process.env,
    PAPERBOY_STORE: "memory://",
    HF_API_URL: "http://127.0.0.1:9",
    ARXIV_API_URL: "http://127.0.0.1:9",
    DISCORD_TOKEN: token,
    DISCORD_API_URL: fake.apiUrl,
  });

  it("connects to the gateway, reports it in /healthz, answers /papers, and exits cleanly on SIGTERM", async () => {
    const bot = startBot(discordEnv(DISCORD_TEST_TOKEN));
    try {
      const base = await bot.baseUrl();
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(JSON.stringify(await health.json())).toContain("discord");

      const interaction = slashCommand({ user: { id: "700000000000000007" }, subcommand: "help" });
      fake.dispatch("INTERACTION_CREATE", interaction);
      const answered = await fake.waitFor(
        () => fake.interactionResponses(interaction.id).find((record) => record.type === 4),
        10_000,
      );
      expect(JSON.stringify(answered.body)).toContain("/papers topic");
      expect(bot.stdout()).toBe("");
      await fake.disconnectAll();
      await fake.waitFor(() => fake.resumeCount === 1, 5_000);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await bot.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });

  it("lets Manage Channels add a paperboy admin, who may then schedule; refusals name who may", async () => {
    const bot = startBot(discordEnv(DISCORD_TEST_TOKEN));
    try {
      await bot.baseUrl();
      const member = { id: "700000000000000017" };
      const run = async (input: Omit<Parameters<typeof slashCommand>[0], "user">, user = member) => {
        const interaction = slashCommand({ user, ...input });
        fake.dispatch("INTERACTION_CREATE", interaction);
        await fake.waitFor(() => fake.interactionResponses(interaction.id).length > 0, 10_000);
        const answer = await fake.waitFor(
          () =>
            fake
              .interactionResponses(interaction.id)
              .map((record) => JSON.stringify(record.body))
              .find((body) => body.includes('"description"')),
          10_000,
        );
        return answer.replaceAll("\\\\", "");
      };
      const refused = await run({ subcommand: "schedule", options: { time: "07:45" } });
      expect(refused).toContain(
        "Only members with Manage Channels in this channel or this channel's paperboy admins (none yet) can change this channel's settings",
      );
      const pick = { type: USER_OPTION, value: member.id };
      const added = await run(
        {
          subcommand: "admins",
          options: { action: "add", user: pick },
          permissions: MEMBER_PERMISSIONS | Permission.ManageChannels,
        },
        { id: "700000000000000018" },
      );
      expect(added).toContain(`<@${member.id}> can now configure paperboy in this channel`);
      const scheduled = await run({
        subcommand: "schedule",
        options: { time: "07:45", timezone: "Europe/Berlin" },
      });
      expect(scheduled).toContain("at 07:45 (Europe/Berlin)");
    } finally {
      await bot.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });

  it("stops start-up with one line naming DISCORD_TOKEN when Discord rejects the token", async () => {
    const result = await runCli(["run"], { env: discordEnv("MTAw.revoked.token") });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DISCORD_TOKEN: Discord rejected the token/);
    expect(result.stderr).not.toContain("MTAw.revoked.token");
  });
});
