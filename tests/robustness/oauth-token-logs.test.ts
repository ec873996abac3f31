import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { redactSecrets } from "../../src/secrets.ts";
import { installTokens } from "../helpers/fake-slack.ts";
import {
  beginOAuthInstall,
  completeOAuthInstall,
  SLACK_OAUTH_ENV,
  type SlackHarness,
  startSlackHarness,
} from "../helpers/slack-harness.ts";

/** A real OAuth install at LOG_LEVEL=debug: Bolt's Web API client logs `oauth.v2.access`'s answer. */
describe("tokens an OAuth install hands out never reach the logs", () => {
  const lines: string[] = [];
  let harness: SlackHarness;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    harness = await startSlackHarness({
      logger: createLogger("debug", { destination }),
      env: { ...SLACK_OAUTH_ENV, LOG_LEVEL: "debug" },
    });
  });
  afterAll(() => harness?.close());

  it("logs the install at debug level with every bot, refresh and user token redacted", async () => {
    const begun = await beginOAuthInstall(harness.baseUrl);
    expect(await completeOAuthInstall(harness.baseUrl, "LOGGED", begun)).toBe(200);
    // A post in that workspace: authorize() and the Web API log at debug level too.
    await harness.adapter.post(
      { platform: "slack", workspaceId: "T-LOGGED", channelId: "C1" },
      { kind: "message", tone: "info", text: "hello" },
    );
    const text = lines.join("");
    expect(text).toContain("oauth.v2.access");
    const tokens = Object.values(installTokens("LOGGED"));
    expect(tokens.filter((token) => text.includes(token))).toEqual([]);
    expect(text).toContain("[redacted]");
  });

  it("redacts tokens by their shape, configured or not", () => {
    const shaped = [
      "xoxb-1234-5678-abcdEFGH",
      "xoxp-1-2-3-abc",
      "xoxa-2-abc",
      "xoxr-abc-123",
      "xoxs-abc-123",
      "xoxe-1-My0xLTEyMw",
      "xoxe.xoxp-1-Mi0yLTM",
      "xoxe.xoxb-1-Mi0yLTM",
      "xapp-1-A111-222-abc",
      "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs",
    ];
    for (const token of shaped) {
      expect(redactSecrets(`{"msg":"answer","token":"${token}"}`), token).toBe(
        '{"msg":"answer","token":"[redacted]"}',
      );
    }
    const harmless = "fetched 2026-06-12: 30 papers from https://huggingface.co/api/daily_papers?limit=100";
    expect(redactSecrets(harmless)).toBe(harmless);
  });
});
