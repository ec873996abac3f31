/**
 * Posting-client benchmark: the CPU one `chat.postMessage` costs our process through paperboy's
 * `MessagePoster` (Node's own HTTP client) and through Bolt's `WebClient` set up as a poster would need
 * it (no retries, 429s rejected at once), against a fake Web API in a child process so that only the
 * client's own work is counted. This is the figure that keeps the hand-written poster: a fan-out spends
 * its main thread on these calls.
 *
 *   npm run bench -- poster [--calls 1000] [--rounds 3]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { webApi } from "@slack/bolt";
import { MessagePoster } from "../adapters/slack/post-message.ts";
import { option } from "./options.ts";

/** What a client must do for the benchmark: post one message. */
interface Poster {
  postMessage(args: { channel: string; text: string; blocks: unknown[] }): Promise<unknown>;
  close(): void;
}

const FAKE_WEB_API = `
const server = require("node:http").createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.setHeader("content-type", "application/json");
    response.end('{"ok":true,"channel":"C1","ts":"1700000000.000100"}');
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"));
`;

async function startFakeWebApi(): Promise<{ child: ChildProcess; apiUrl: string }> {
  const child = spawn(process.execPath, ["-e", FAKE_WEB_API], { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
  return { child, apiUrl: `http://127.0.0.1:${chunk.toString().trim()}/api/` };
}

function webClientPoster(apiUrl: string): Poster {
  const client = new webApi.WebClient("xoxb-bench", {
    slackApiUrl: apiUrl,
    timeout: 60_000,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    maxRequestConcurrency: 10_000,
  });
  return { postMessage: (args) => client.chat.postMessage(args), close: () => {} };
}

/** A digest entry's worth of blocks: what one post carries. */
const BLOCKS = Array.from({ length: 6 }, (_, index) => ({
  type: "section",
  text: {
    type: "mrkdwn",
    text: `*<https://arxiv.org/abs/2501.0000${index}|A paper title>* ${"words ".repeat(40)}`,
  },
}));

/** CPU milliseconds per call for `calls` posts sent 50 at a time (a fan-out's concurrency). */
async function cpuPerCall(poster: Poster, calls: number): Promise<number> {
  const before = process.cpuUsage();
  for (let sent = 0; sent < calls; sent += 50) {
    const batch = Math.min(50, calls - sent);
    await Promise.all(
      Array.from({ length: batch }, (_, index) =>
        poster.postMessage({ channel: `C${sent + index}`, text: "A paper", blocks: BLOCKS }),
      ),
    );
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / calls;
}

export async function run(argv: string[]): Promise<void> {
  const calls = Number(option(argv, "--calls") ?? 1000);
  const rounds = Number(option(argv, "--rounds") ?? 3);
  const { child, apiUrl } = await startFakeWebApi();
  const clients: Record<string, () => Poster> = {
    MessagePoster: () => new MessagePoster({ apiUrl, token: "xoxb-bench", timeoutMs: 60_000 }),
    "Bolt WebClient": () => webClientPoster(apiUrl),
  };
  const best: Record<string, { cold: number; warm: number }> = {};
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, create] of Object.entries(clients)) {
        const poster = create();
        const cold = await cpuPerCall(poster, 100);
        const warm = await cpuPerCall(poster, calls);
        poster.close();
        const seen = best[name] ?? { cold, warm };
        best[name] = { cold: Math.min(seen.cold, cold), warm: Math.min(seen.warm, warm) };
      }
    }
  } finally {
    child.kill();
  }
  console.log(
    `chat.postMessage CPU per call (best of ${rounds}; first 100 calls = cold, then ${calls} warm)`,
  );
  for (const [name, { cold, warm }] of Object.entries(best)) {
    console.log(`  ${name.padEnd(15)} cold ${cold.toFixed(3)} ms   warm ${warm.toFixed(3)} ms`);
  }
  const ours = best.MessagePoster;
  const theirs = best["Bolt WebClient"];
  if (ours && theirs) {
    console.log(
      `  WebClient / MessagePoster: cold ${(theirs.cold / ours.cold).toFixed(2)}×, warm ${(theirs.warm / ours.warm).toFixed(2)}×`,
    );
  }
}
