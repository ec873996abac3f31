import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleAdapter } from "../../adapters/console/index.ts";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { FakeTerminal } from "../helpers/fake-terminal.ts";
import { type FakeUpstream, json, startFakeUpstream, text } from "../helpers/fake-upstream.ts";

let hf: FakeUpstream;
let arxiv: FakeUpstream;

beforeAll(async () => {
  // Hugging Face refuses the search at once, with a body that is not JSON: the answer comes from the
  // store and the failure is logged while the console is printing answers on the same terminal.
  hf = await startFakeUpstream({
    "/api/daily_papers": json([]),
    "/api/papers/search": text("<html>not found</html>", "text/html", 404),
  });
  arxiv = await startFakeUpstream({ "/api/query": text("<feed", "application/atom+xml") });
});
afterAll(async () => {
  await hf.close();
  await arxiv.close();
});

/** Types `/papers topic forgetting` at the console, logging to a terminal at `level`; returns what the terminal shows. */
async function topicOnTerminal(level: string): Promise<{ answer: string; logRows: string[] }> {
  const terminal = new FakeTerminal();
  const config = loadConfig({ HF_API_URL: hf.url, ARXIV_API_URL: arxiv.url, PAPERBOY_INDEX_FILE: "off" });
  const app = await createApp(config, createLogger(level, { pretty: true, destination: terminal }), {
    commands,
    backend: createMemoryBackend(),
  });
  const input = new PassThrough();
  const output = new PassThrough();
  let answer = "";
  output.on("data", (chunk: Buffer) => {
    answer += chunk.toString();
  });
  const console = createConsoleAdapter({
    input,
    output,
    userId: "you",
    interactive: false,
    app,
  });
  try {
    await console.start();
    input.end("/papers topic forgetting\n");
    await console.done;
    return { answer, logRows: terminal.screen() };
  } finally {
    await app.close();
  }
}

describe("the console's log lines on a terminal", () => {
  it("shows a failed upstream search as one line, no stack trace", async () => {
    const { answer, logRows } = await topicOnTerminal("info");
    // It answered (404, not JSON): failing, not unreachable.
    expect(answer).toMatch(/Hugging Face is failing right now \(HTTP 404\)/);
    const failures = logRows.filter((row) => row.includes("failed; answering without it"));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const row of failures) {
      expect(row).toMatch(
        /^\[\d\d:\d\d:\d\d\] WARN: \[(huggingface|arxiv)\] failed; answering without it: \[paperboy\] \[(http|arxiv)\] GET /,
      );
    }
    expect(logRows.filter((row) => !/^\[\d\d:\d\d:\d\d\] [A-Z]+: /.test(row))).toEqual([]);
  });

  it("shows the stack and the error's details at LOG_LEVEL=debug", async () => {
    const { logRows } = await topicOnTerminal("debug");
    expect(logRows.some((row) => /^\s+at /.test(row))).toBe(true);
    expect(logRows.some((row) => /"code": "/.test(row))).toBe(true);
  });
});
