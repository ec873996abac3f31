import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
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
    PORT: "0",
    LOG_LEVEL: "info",
    NO_COLOR: "1",
  });

  it("serves /healthz and /slack/events on PORT, answers /papers, and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "run"], { env: slackEnv("xoxb-live"), stdio: "pipe" });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await waitFor(() => /on port (\d+)/.test(stderr), 10_000);
      const port = /on port (\d+)/.exec(stderr)?.[1];
      const base = `http://127.0.0.1:${port}`;
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
      expect(stdout).toBe("");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });

  it("stops start-up with one line naming SLACK_BOT_TOKEN when Slack rejects the token", async () => {
    fake.failNext("auth.test", "invalid_auth");
    const result = await runCli(["run"], { env: slackEnv("xoxb-revoked") });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("SLACK_BOT_TOKEN");
  });
});
