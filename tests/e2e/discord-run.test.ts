import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot } from "../helpers/bot-process.ts";
import { runCli } from "../helpers/cli.ts";
import { DISCORD_TEST_TOKEN } from "../helpers/discord-harness.ts";
import { slashCommand } from "../helpers/discord-payloads.ts";
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

  it("stops start-up with one line naming DISCORD_TOKEN when Discord rejects the token", async () => {
    const result = await runCli(["run"], { env: discordEnv("MTAw.revoked.token") });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DISCORD_TOKEN: Discord rejected the token/);
    expect(result.stderr).not.toContain("MTAw.revoked.token");
  });
});
