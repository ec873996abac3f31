import { describe, expect, it } from "vitest";
import { DEFAULT_SCHEDULER_TIMINGS } from "../../src/config/scheduler-timings.ts";
import { loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";
import { ARXIV_URL } from "../../src/papers/sources/arxiv.ts";
import { HUGGING_FACE_URL } from "../../src/papers/sources/huggingface.ts";
import { DEFAULT_RANKING_WEIGHTS } from "../../src/ranking/score.ts";

describe("loadConfig", () => {
  it("works with an empty environment, using the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      storeUrl: "sqlite://./data/paperboy.sqlite",
      huggingFaceUrl: "https://huggingface.co",
      arxivUrl: "https://export.arxiv.org",
      port: 3000,
      timezone: "UTC",
      logLevel: "info",
      digestSize: 5,
      slack: { apiUrl: "https://slack.com/api/" },
      discord: { apiUrl: "https://discord.com/api" },
    });
    expect(config.slack.botToken).toBeUndefined();
  });

  it("gives the scheduler, the ranking and the sources the same defaults as an empty environment", () => {
    const config = loadConfig({});
    expect(DEFAULT_SCHEDULER_TIMINGS).toEqual(config.scheduler);
    expect(DEFAULT_SCHEDULER_TIMINGS).toEqual({
      graceMs: 21_600_000,
      claimTtlMs: 600_000,
      sweepMs: 60_000,
      concurrency: 500,
    });
    expect(DEFAULT_RANKING_WEIGHTS).toEqual(config.ranking);
    expect([HUGGING_FACE_URL, ARXIV_URL]).toEqual([config.huggingFaceUrl, config.arxivUrl]);
  });

  it("reads every documented variable", () => {
    const config = loadConfig({
      PAPERBOY_STORE: "redis://127.0.0.1:6379",
      HF_API_URL: "http://127.0.0.1:9999",
      PORT: "8080",
      PAPERBOY_TIMEZONE: "Europe/Berlin",
      PAPERBOY_ADMINS: "U1, U2",
      PAPERBOY_WEIGHT_TEAM_VOTES: "3",
      SLACK_BOT_TOKEN: "  ",
    });
    expect(config.storeUrl).toBe("redis://127.0.0.1:6379");
    expect(config.port).toBe(8080);
    expect(config.timezone).toBe("Europe/Berlin");
    expect(config.admins).toEqual(["U1", "U2"]);
    expect(config.ranking.teamVotes).toBe(3);
    expect(config.slack.botToken).toBeUndefined();
  });

  it.each([
    ["PAPERBOY_TIMEZONE", "Mars/Base", /PAPERBOY_TIMEZONE: expected an IANA time zone.*Mars\/Base/],
    ["PORT", "eighty", /PORT: expected a port number/],
    [
      "PAPERBOY_STORE",
      "postgres://x",
      /PAPERBOY_STORE: expected sqlite:\/\/path, redis:\/\/host:port or memory:\/\//,
    ],
    ["HF_API_URL", "not a url", /HF_API_URL: expected an http\(s\) URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
    ["PAPERBOY_WEIGHT_UPVOTES", "-1", /PAPERBOY_WEIGHT_UPVOTES: expected a weight, 0-100/],
  ])("names %s when it is bad", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("never echoes a secret's value", () => {
    const attempt = () => loadConfig({ SLACK_BOT_TOKEN: "xoxb-secret", PORT: "x" });
    expect(attempt).toThrow(/PORT/);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain("xoxb-secret");
    }
  });
});
