import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EnvSchema, loadConfig } from "../../src/config.ts";
import { ConfigError } from "../../src/errors.ts";

/** Each checked variable: values that must stop start-up, and values at the edge of its range that must not. */
const CHECKED: Record<string, { bad: string[]; edge: string[] }> = {
  PAPERBOY_STORE: { bad: ["postgres://db", "sqlite://"], edge: ["memory://", "sqlite:///tmp/x.sqlite"] },
  HF_API_URL: { bad: ["ftp://hf", "huggingface.co"], edge: ["http://127.0.0.1:1"] },
  ARXIV_API_URL: { bad: ["export.arxiv.org"], edge: ["http://127.0.0.1:1"] },
  SLACK_API_URL: { bad: ["slack.com/api"], edge: ["http://127.0.0.1:1/api/"] },
  DISCORD_API_URL: { bad: ["discord.com"], edge: ["http://127.0.0.1:1/api"] },
  DISCORD_APPLICATION_ID: { bad: ["my-app", "12345"], edge: ["100000000000000"] },
  DISCORD_GUILD_ID: { bad: ["guild"], edge: ["999999999999999999999"] },
  PORT: { bad: ["65536", "-1", "80.5", "eighty", "0x50"], edge: ["0", "65535"] },
  PAPERBOY_METRICS_ADDR: {
    bad: ["9091", "127.0.0.1", "127.0.0.1:65536", "http://127.0.0.1:9091", "::1:9091"],
    edge: ["127.0.0.1:0", "0.0.0.0:65535", "[::1]:9091", "localhost:9091"],
  },
  PAPERBOY_TIMEZONE: { bad: ["Mars/Base"], edge: ["Pacific/Kiritimati"] },
  LOG_LEVEL: { bad: ["loud"], edge: ["silent"] },
  PAPERBOY_DIGEST_SIZE: { bad: ["0", "21", "2.5"], edge: ["1", "20"] },
  PAPERBOY_WEIGHT_UPVOTES: { bad: ["-1", "101", "1e3", "Infinity"], edge: ["0", "100", "0.5"] },
  PAPERBOY_WEIGHT_COMMENTS: { bad: ["-0.1", "NaN"], edge: ["0", "100"] },
  PAPERBOY_WEIGHT_STARS: { bad: ["-0.02", "1000"], edge: ["0", "0.02"] },
  PAPERBOY_WEIGHT_TEAM_VOTES: { bad: ["-1.5", "many"], edge: ["0", "100"] },
  PAPERBOY_HALF_LIFE_HOURS: { bad: ["0", "0.5", "-36", "8761"], edge: ["1", "8760", "1.5"] },
  PAPERBOY_CATCHUP_HOURS: { bad: ["-1", "48.5", "six"], edge: ["0", "48", "0.5"] },
  PAPERBOY_CLAIM_TTL_SECONDS: { bad: ["0", "1", "86401", "2.5"], edge: ["2", "86400"] },
  PAPERBOY_SCHEDULER_SWEEP_SECONDS: { bad: ["0", "3601", "0.5"], edge: ["1", "3600"] },
  PAPERBOY_FANOUT_CONCURRENCY: { bad: ["0", "10001", "1.5"], edge: ["1", "10000"] },
  PAPERBOY_COMMANDS_PER_MINUTE: { bad: ["-1", "10001", "2.5"], edge: ["0", "10000"] },
  PAPERBOY_HTTP_TIMEOUT_MS: { bad: ["99", "300001", "1e4", "100.5"], edge: ["100", "300000"] },
};

/** Variables any text is valid for, and why; every other declared variable must be in `CHECKED`. */
const FREE_FORM: Record<string, string> = {
  PAPERBOY_INDEX_FILE: "any path, or off",
  SLACK_BOT_TOKEN: "a secret, checked by Slack at start",
  SLACK_SIGNING_SECRET: "a secret, checked on each signed request",
  SLACK_APP_TOKEN: "a secret, checked by Slack at start",
  SLACK_CLIENT_ID: "opaque id from Slack",
  SLACK_CLIENT_SECRET: "a secret",
  SLACK_STATE_SECRET: "a secret",
  PAPERBOY_ENCRYPTION_KEY:
    "a secret: its form is checked, never echoed, in slack-installation-encryption.test.ts",
  DISCORD_TOKEN: "a secret, checked by Discord at start",
  PAPERBOY_ARXIV_CATEGORIES: "checked by the arXiv source",
  PAPERBOY_ADMINS: "user ids of any platform",
  PAPERBOY_UPVOTE_EMOJI: "Slack names or Unicode emoji",
  PAPERBOY_SAVE_EMOJI: "Slack names or Unicode emoji",
  PAPERBOY_DOWNVOTE_EMOJI: "Slack names or Unicode emoji",
};

const declared = Object.keys(EnvSchema.shape).sort();
const badCases = Object.entries(CHECKED).flatMap(([name, { bad }]) => bad.map((value) => [name, value]));
const edgeCases = Object.entries(CHECKED).flatMap(([name, { edge }]) => edge.map((value) => [name, value]));

describe("every environment variable is checked against its real range", () => {
  it("covers each declared variable: checked, or free-form with a reason", () => {
    expect([...Object.keys(CHECKED), ...Object.keys(FREE_FORM)].sort()).toEqual(declared);
  });

  it.each(badCases)("%s=%s stops start-up, naming the variable and the expected form", (name, value) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      new RegExp(`^Invalid configuration:\\n  ${name}: expected .+\\(got "${escapeRegExp(value)}"\\)$`),
    );
  });

  it.each(edgeCases)("%s=%s is accepted", (name, value) => {
    expect(() => loadConfig({ [name]: value })).not.toThrow();
  });

  it("treats a blank numeric variable as unset", () => {
    expect(loadConfig({ PORT: " ", PAPERBOY_HALF_LIFE_HOURS: "" })).toMatchObject({
      port: 3000,
      ranking: { halfLifeHours: undefined },
    });
  });

  it("reads edge values as numbers in the units the app uses", () => {
    const config = loadConfig({
      PAPERBOY_HALF_LIFE_HOURS: "1.5",
      PAPERBOY_CATCHUP_HOURS: "0.5",
      PAPERBOY_CLAIM_TTL_SECONDS: "2",
      PAPERBOY_SCHEDULER_SWEEP_SECONDS: "3600",
      PAPERBOY_HTTP_TIMEOUT_MS: "100",
    });
    expect(config.ranking.halfLifeHours).toBe(1.5);
    expect(config.scheduler).toMatchObject({ graceMs: 1_800_000, claimTtlMs: 2000, sweepMs: 3_600_000 });
    expect(config.httpTimeoutMs).toBe(100);
  });

  it("refuses every ranking weight at 0, which would make every score 0", () => {
    const zero = {
      PAPERBOY_WEIGHT_UPVOTES: "0",
      PAPERBOY_WEIGHT_COMMENTS: "0",
      PAPERBOY_WEIGHT_STARS: "0",
      PAPERBOY_WEIGHT_TEAM_VOTES: "0",
    };
    expect(() => loadConfig(zero)).toThrow(/PAPERBOY_WEIGHT_UPVOTES: at least one of .* must be above 0/);
    expect(loadConfig({ ...zero, PAPERBOY_WEIGHT_STARS: "0.02" }).ranking.githubStars).toBe(0.02);
  });
});

describe("the README's variable table", () => {
  it("lists exactly the variables the config declares", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration"));
    const table = section.slice(0, section.indexOf("\n## "));
    const documented = table
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .flatMap((line) => line.split("|")[1]?.match(/[A-Z][A-Z0-9_]+/g) ?? [])
      .sort();
    expect(documented).toEqual(declared);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
