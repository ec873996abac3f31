import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot } from "../helpers/bot-process.ts";
import { runCli } from "../helpers/cli.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import { type FakeUpstream, startFakeUpstream, text } from "../helpers/fake-upstream.ts";
import { SIGNING_SECRET, signatureHeaders, waitFor } from "../helpers/slack-harness.ts";

describe("paperboy run with Slack credentials", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });
  const slackEnv = (token: string) => ({
    ...process.env,
    PAPERBOY_STORE: "memory://",
    HF_API_URL: "http://127.0.0.1:9",
    ARXIV_API_URL: "http://127.0.0.1:9",
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  });

  it("serves /healthz and /slack/events on PORT, answers /papers, and exits cleanly on SIGTERM", async () => {
    const bot = startBot(slackEnv("xoxb-live"));
    try {
      const base = await bot.baseUrl();
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      const body = new URLSearchParams({
        command: "/papers",
        text: "help",
        team_id: "T1",
        channel_id: "C1",
        user_id: "U1",
        response_url: fake.responseUrl("e2e"),
      }).toString();
      const ack = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body) },
        body,
      });
      expect(ack.status).toBe(200);
      await waitFor(() => fake.responses.some((item) => item.id === "e2e"));
      expect(JSON.stringify(fake.responses.find((item) => item.id === "e2e")?.body)).toContain(
        "/papers topic",
      );
      expect(bot.stdout()).toBe("");
    } finally {
      await bot.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });

  it("lets the channel's creator add a paperboy admin, who may then schedule; refusals name who may", async () => {
    for (const user of ["U0CREATOR", "U0MEMBER"]) fake.users.set(user, {});
    fake.channels.set("C9", { creator: "U0CREATOR" });
    const bot = startBot(slackEnv("xoxb-admins"));
    try {
      const base = await bot.baseUrl();
      const command = async (id: string, text: string, user: string) => {
        const body = new URLSearchParams({
          command: "/papers",
          text,
          team_id: "T1",
          channel_id: "C9",
          user_id: user,
          response_url: fake.responseUrl(id),
        }).toString();
        const ack = await fetch(`${base}/slack/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body) },
          body,
        });
        expect(ack.status).toBe(200);
        await waitFor(() => fake.responses.some((item) => item.id === id), 10_000);
        const answer = fake.responses.find((item) => item.id === id)?.body ?? {};
        return { type: answer.response_type, text: JSON.stringify(answer.blocks) };
      };
      const refused = await command("refused", "schedule 09:00", "U0MEMBER");
      expect(refused.type).toBe("ephemeral");
      expect(refused.text).toContain(
        "Only workspace admins and owners, the channel's creator (<@U0CREATOR>) or this channel's paperboy admins (none yet) can change this channel's settings",
      );
      const added = await command("added", "admins add <@U0MEMBER|member>", "U0CREATOR");
      expect(added.type).toBe("in_channel");
      expect(added.text).toContain("<@U0MEMBER> can now configure paperboy in this channel");
      const scheduled = await command("scheduled", "schedule 07:45 Europe/Berlin weekdays", "U0MEMBER");
      expect(scheduled.type).toBe("in_channel");
      expect(scheduled.text).toContain("every weekday at 07:45 (Europe/Berlin)");
      const settings = await command("settings", "settings", "U0MEMBER");
      expect(settings.text).toContain("07:45 Europe/Berlin");
      expect(settings.text).toContain("<@U0MEMBER>");
    } finally {
      await bot.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });

  it("stops start-up with one line naming SLACK_BOT_TOKEN when Slack rejects the token", async () => {
    fake.failNext("auth.test", "invalid_auth");
    const result = await runCli(["run"], { env: slackEnv("xoxb-revoked") });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("SLACK_BOT_TOKEN");
  });
});

describe("operations endpoints of a running bot", () => {
  let fake: FakeSlack;
  let hf: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeSlack();
    const fixture = readFileSync(
      new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url),
      "utf8",
    );
    // The recorded day, served as whichever day the bot (on the real clock) asks for.
    hf = await startFakeUpstream({
      "/api/daily_papers": (request, response, call) => {
        const day = request.query.date ?? "2026-06-12";
        text(
          fixture.replaceAll('"submittedOnDailyAt":"2026-06-12T', `"submittedOnDailyAt":"${day}T`),
          "application/json",
        )(request, response, call);
      },
    });
  });
  afterAll(async () => {
    await fake?.close();
    await hf?.close();
  });

  const metric = (body: string, name: string): number =>
    Number(new RegExp(`^${name.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(body)?.[1] ?? Number.NaN);

  it("/healthz checks the store and Slack; /metrics counts posts that succeed and fail", async () => {
    fake.users.set("U_ADMIN", { is_admin: true });
    const bot = startBot({
      PAPERBOY_STORE: "memory://",
      HF_API_URL: hf.url,
      ARXIV_API_URL: "http://127.0.0.1:9",
      SLACK_BOT_TOKEN: "xoxb-metrics",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    try {
      const base = await bot.baseUrl();
      fake.failNext("auth.test", "invalid_auth");
      const down = await fetch(`${base}/healthz`);
      expect(down.status).toBe(503);
      expect(JSON.stringify(await down.json())).toContain("invalid_auth");
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", checks: { store: "ok", slack: "ok" } });

      const command = async (text: string, channel: string) => {
        const body = new URLSearchParams({
          command: "/papers",
          text,
          team_id: "T1",
          channel_id: channel,
          user_id: "U_ADMIN",
          response_url: fake.responseUrl(`${text}-${channel}`),
        }).toString();
        await fetch(`${base}/slack/events`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body) },
          body,
        });
        await waitFor(() => fake.responses.some((item) => item.id === `${text}-${channel}`), 10_000);
      };
      await command("post", "C1");
      fake.failNext("chat.postMessage", "channel_not_found");
      await command("post", "C2");

      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get("content-type")).toContain("text/plain");
      const body = await metrics.text();
      expect(metric(body, 'paperboy_posts_sent_total{platform="slack"}')).toBe(6);
      expect(metric(body, 'paperboy_posts_failed_total{platform="slack",reason="channel_unavailable"}')).toBe(
        1,
      );
      expect(metric(body, 'paperboy_command_duration_seconds_count{platform="slack",command="post"}')).toBe(
        2,
      );
      expect(body).toContain('paperboy_source_last_success_timestamp_seconds{source="huggingface"}');
      expect(body).toContain("process_resident_memory_bytes");
    } finally {
      await bot.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });
});
