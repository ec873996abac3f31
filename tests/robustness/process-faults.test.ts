import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BotProcess, startBot } from "../helpers/bot-process.ts";
import { waitFor } from "../helpers/slack-harness.ts";

/**
 * Loaded into the real `paperboy run` with `--import`: SIGUSR2 rejects a promise nobody awaits (what
 * Bolt did with a signed `null`), SIGHUP throws from a timer.
 */
const PROBE = `
process.on("SIGUSR2", () => { Promise.reject(new Error("probe rejection")); });
process.on("SIGHUP", () => { setTimeout(() => { throw new Error("probe exception"); }); });
`;

describe("process-level faults in `paperboy run`", () => {
  const dir = mkdtempSync(join(tmpdir(), "paperboy-faults-"));
  const probe = join(dir, "probe.mjs");
  writeFileSync(probe, PROBE);
  const bots: BotProcess[] = [];
  const start = () => {
    const bot = startBot({
      PAPERBOY_STORE: "memory://",
      LOG_LEVEL: "debug",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${probe}`,
    });
    bots.push(bot);
    return bot;
  };
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.kill("SIGKILL")));
  });

  it("logs an unhandled rejection with its origin and keeps serving", async () => {
    const bot = start();
    const base = await bot.baseUrl();
    bot.child.kill("SIGUSR2");
    await waitFor(() => bot.stderr().includes("probe rejection"));
    expect(bot.stderr()).toMatch(/unhandledRejection/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(bot.child.exitCode).toBeNull();
  });

  it("stops gracefully and exits 1 after an uncaught exception", async () => {
    const bot = start();
    await bot.baseUrl();
    bot.child.kill("SIGHUP");
    expect(await bot.exited).toBe(1);
    const stderr = bot.stderr();
    expect(stderr).toContain("probe exception");
    expect(stderr).toMatch(/uncaughtException/);
    expect(stderr).toContain("shutting down");
  });

  it("stops once, and exits 1, when standard output is closed under the console", async () => {
    const bot = start();
    await bot.baseUrl();
    bot.child.stdout?.destroy();
    bot.child.stdin?.write("/papers help\n");
    expect(await bot.exited).toBe(1);
    const stderr = bot.stderr();
    expect(stderr.match(/\(EPIPE\); stopping/g)).toHaveLength(1);
    expect(stderr).toContain("shutting down");
  });

  it("exits instead of spinning when both standard output and error are closed", async () => {
    // Before: each failed log line of the failure raised another EPIPE, logged again, forever, at 100 % CPU.
    const bot = start();
    await bot.baseUrl();
    bot.child.stdout?.destroy();
    bot.child.stderr?.destroy();
    bot.child.stdin?.write("/papers help\n");
    expect(await bot.exited).toBe(1);
  });
});
