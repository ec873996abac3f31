import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { commands } from "../commands/index.ts";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { createSqliteBackend } from "../src/store/drivers/sqlite.ts";
import { option } from "./options.ts";
import { machineLine } from "./search.ts";

const TODAY = "2026-06-12";

/** Runs `work` and reports its wall time and the longest the event loop was blocked meanwhile. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; blockedMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  // One more timer turn, so a block that ended just before `work` resolved is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { value, ms: Math.round(ms), blockedMs: Math.round(delay.max / 1e6) };
}

/** A Hugging Face whose daily listing is `items` small valid items, whatever limit is asked; arXiv is empty. */
async function startFakeSources(items: number): Promise<{ url: string; bytes: number; close(): void }> {
  const body = JSON.stringify(
    Array.from({ length: items }, (_, n) => ({
      paper: { id: `2606.${String(n).padStart(5, "0")}`, title: `P${n}` },
    })),
  );
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/api/query") {
      response.writeHead(200, { "content-type": "application/atom+xml" });
      response.end('<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(url.pathname === "/api/daily_papers" && url.searchParams.has("date") ? body : "[]");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, bytes: Buffer.byteLength(body), close: () => server.close() };
}

/**
 * `npm run bench -- upstream [--items 100000] [--json]`: `/papers today` on a real app over SQLite when
 * Hugging Face answers `--items` daily items for `limit=100` (issue 13), and a SQLite `getMany` of that
 * many stored keys: wall time and the longest event-loop block of each.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write("npm run bench -- upstream [--items 100000] [--json]\n");
    return;
  }
  const items = Number(option(argv, "--items") ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), "paperboy-bench-upstream-"));
  const sources = await startFakeSources(items);
  try {
    const config = loadConfig({
      PAPERBOY_STORE: `sqlite://${join(dir, "app.sqlite")}`,
      PAPERBOY_INDEX_FILE: "off",
      PAPERBOY_COMMANDS_PER_MINUTE: "0",
      HF_API_URL: sources.url,
      ARXIV_API_URL: sources.url,
    });
    const app = await createApp(config, silentLogger, {
      commands,
      now: () => new Date(`${TODAY}T09:00:00Z`),
    });
    const today = await measured(() =>
      app.handle({
        platform: "console",
        workspaceId: "W1",
        channelId: "C1",
        userId: "U1",
        isAdmin: false,
        command: "today",
        text: "",
      }),
    );
    const stored = (await app.store.papers.featuredOn(TODAY)).length;
    await app.close();

    const kv = await createSqliteBackend(join(dir, "keys.sqlite"));
    const keys = Array.from({ length: items }, (_, n) => `papers:${n}`);
    await kv.setMany(keys.map((key, n) => [key, { n }]));
    const getMany = await measured(() => kv.getMany(keys));
    await kv.close();

    const result = {
      items,
      answerBytes: sources.bytes,
      today: { ms: today.ms, blockedMs: today.blockedMs, stored },
      getMany: { keys: items, ms: getMany.ms, blockedMs: getMany.blockedMs },
    };
    if (argv.includes("--json")) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(
      [
        machineLine(),
        "",
        `Hugging Face answers ${items.toLocaleString("en")} items (${(sources.bytes / 1e6).toFixed(1)} MB) for limit=100:`,
        `  /papers today  ${today.ms} ms, event loop blocked at most ${today.blockedMs} ms, ${stored} papers stored`,
        `SQLite getMany of ${items.toLocaleString("en")} keys:`,
        `  ${getMany.ms} ms, event loop blocked at most ${getMany.blockedMs} ms`,
        "",
      ].join("\n"),
    );
  } finally {
    sources.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
