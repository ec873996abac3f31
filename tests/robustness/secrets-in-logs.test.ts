import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { redactSecrets } from "../../src/secrets.ts";
import { startBot } from "../helpers/bot-process.ts";
import { runCli } from "../helpers/cli.ts";

/** Fresh secrets per test run, so a match can only come from this run's configuration. */
const secret = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;
const SECRETS = {
  SLACK_BOT_TOKEN: secret("xoxb-1-"),
  SLACK_SIGNING_SECRET: secret(""),
  DISCORD_TOKEN: `${Buffer.from("200000000000000002").toString("base64")}.${secret("G")}.${secret("x")}`,
  SLACK_CLIENT_SECRET: secret("cs"),
  SLACK_STATE_SECRET: secret("ss"),
};
const REDIS_PASSWORD = `p@ss:${secret("")}/"quoted"`;

const leaks = (text: string, values: string[]) => values.filter((value) => text.includes(value));

describe("secrets never reach logs or error messages", () => {
  it("removes configured secrets from every log line, wherever a library put them", () => {
    loadConfig({
      ...SECRETS,
      PAPERBOY_STORE: `redis://:${encodeURIComponent(REDIS_PASSWORD)}@127.0.0.1:6379`,
    });
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger("debug", { destination });
    // The shape of an HTTP client's error: the request, headers included, hangs off the error object.
    const error = Object.assign(new Error(`request to Slack failed with token ${SECRETS.SLACK_BOT_TOKEN}`), {
      config: { headers: { Authorization: `Bearer ${SECRETS.SLACK_BOT_TOKEN}` } },
      original: { request: { headers: { authorization: `Bot ${SECRETS.DISCORD_TOKEN}` } } },
    });
    logger.error({ err: error }, "posting failed");
    logger.warn(
      { url: `redis://:${encodeURIComponent(REDIS_PASSWORD)}@127.0.0.1:6379` },
      "store unreachable",
    );
    logger.info({ password: REDIS_PASSWORD, nested: [{ signing: SECRETS.SLACK_SIGNING_SECRET }] }, "odd");
    logger.debug(`state ${SECRETS.SLACK_STATE_SECRET} and client ${SECRETS.SLACK_CLIENT_SECRET}`);
    const text = lines.join("");
    expect(lines).toHaveLength(4);
    expect(
      leaks(text, [...Object.values(SECRETS), REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD)]),
    ).toEqual([]);
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(8);
    // Everything else survives, and the lines are still JSON.
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      "posting failed",
      "store unreachable",
      "odd",
      expect.any(String),
    ]);
    expect(redactSecrets("nothing secret here")).toBe("nothing secret here");
  });

  it("prints none of them when start-up fails on every configured service", async () => {
    const bot = startBot({
      ...SECRETS,
      SLACK_CLIENT_SECRET: "",
      SLACK_STATE_SECRET: "",
      // Nothing answers on port 9: Slack's auth.test and Discord's gateway lookup fail with network errors.
      SLACK_API_URL: "http://127.0.0.1:9/api/",
      DISCORD_API_URL: "http://127.0.0.1:9/api",
      PAPERBOY_STORE: "memory://",
      LOG_LEVEL: "debug",
    });
    const code = await bot.exited;
    expect(code).not.toBe(0);
    const printed = bot.stderr() + bot.stdout();
    expect(printed).toMatch(/SLACK_BOT_TOKEN|Slack|slack/);
    expect(leaks(printed, Object.values(SECRETS))).toEqual([]);
  });

  it("prints no password from a store URL that cannot be reached", async () => {
    const result = await runCli(["digest"], {
      env: {
        PAPERBOY_STORE: `redis://:${encodeURIComponent(REDIS_PASSWORD)}@127.0.0.1:9`,
        LOG_LEVEL: "debug",
      },
    });
    expect(result.code).not.toBe(0);
    const printed = result.stderr + result.stdout;
    expect(printed).toContain("127.0.0.1:9");
    expect(leaks(printed, [REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD), "quoted"])).toEqual([]);
  });
});
