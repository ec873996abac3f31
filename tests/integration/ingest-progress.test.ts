import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ingest } from "../../src/cli/ingest.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger, LogOutput } from "../../src/log.ts";
import { FakeTerminal } from "../helpers/fake-terminal.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import { createTestApp, fakeSources, fixturePapers } from "../helpers/test-app.ts";

const BAR_ROW = /^ingest \[=+\] 3\/3 days · 30 papers · 2026-06-12$/;

/** Runs `ingest` over 10–12 June, the 11th failing, with the logger writing to the same terminal as the bar. */
async function ingestOnTerminal(level: string) {
  const terminal = new FakeTerminal();
  const logs = new LogOutput(terminal);
  const sources = fakeSources({ "2026-06-12": fixturePapers() });
  const daily = sources.daily;
  sources.daily = async (date) => {
    if (date === "2026-06-11") {
      // Fail only once the bar is on screen, so the log line has a bar to land in.
      await waitFor(() => terminal.written.includes("ingest ["));
      throw new Error("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    }
    return daily(date);
  };
  const app = await createTestApp({
    sources,
    logger: createLogger(level, { pretty: true, destination: logs }),
  });
  const out = new PassThrough();
  let printed = "";
  out.on("data", (chunk: Buffer) => {
    printed += chunk.toString();
  });
  try {
    const failed = await ingest(
      app,
      loadConfig({}),
      { from: "2026-06-10", to: "2026-06-12" },
      { out, terminal, logs },
    );
    const screen = terminal.screen();
    logs.write("after the bar\n");
    return { failed, screen, printed, after: terminal.screen().at(-1) };
  } finally {
    await app.close();
  }
}

describe("paperboy ingest on a terminal", () => {
  it("prints each problem as one whole line above the progress bar, never inside it", async () => {
    const { failed, screen, printed, after } = await ingestOnTerminal("info");
    expect(failed).toBe(1);
    expect(screen.at(-1)).toMatch(BAR_ROW);
    const problems = screen.filter((row) => row.includes("2026-06-11"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] WARN: ingest failed for 2026-06-11: fetch failed: connect ECONNREFUSED 127\.0\.0\.1:9 \{"day":"2026-06-11"\}$/,
    );
    for (const row of screen.slice(0, -1)) expect(row).toMatch(/^\[\d\d:\d\d:\d\d\] (INFO|WARN): /);
    expect(printed).toBe("ingested 30 papers over 3 days, 1 failed\n");
    expect(after).toBe("after the bar");
  });

  it("shows the error's stack only at LOG_LEVEL=debug", async () => {
    const { screen } = await ingestOnTerminal("debug");
    expect(screen.at(-1)).toMatch(BAR_ROW);
    expect(screen.some((row) => /^\s+at .*ingest/.test(row))).toBe(true);
    expect(screen.some((row) => /caused by: Error: connect ECONNREFUSED/.test(row))).toBe(true);
  });
});
