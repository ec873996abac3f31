import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { BIN, runCli } from "../helpers/cli.ts";
import { type FakeUpstream, json, startFakeUpstream, status } from "../helpers/fake-upstream.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import {
  appScheduler,
  createTestApp,
  fakeSources,
  fixturePapers,
  RecordingAdapter,
} from "../helpers/test-app.ts";

/** A recorded Hugging Face day, served as the first day of the ingest. */
const RECORDED_DAY = JSON.parse(
  readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
) as unknown[];
const CHANNEL: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };

describe("the scheduled digest when Hugging Face is down", () => {
  let app: (App & { clock: { now: Date } }) | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it("still goes out on time from the papers stored earlier, and says so", async () => {
    const sources = fakeSources({ "2026-06-12": fixturePapers() });
    app = await createTestApp({ now: new Date("2026-06-12T06:00:00Z"), sources });
    // Earlier that morning the day was fetched and stored; then Hugging Face went down.
    await app.catalog.forDate("2026-06-12");
    sources.state.down = true;
    await app.store.channels.update(
      CHANNEL,
      (settings) => ({ ...settings, schedule: { time: "09:00", timezone: "UTC", days: "daily" } }),
      { by: "U_ADMIN", at: app.now() },
    );
    app.clock.now = new Date("2026-06-12T09:00:00Z");
    const adapter = new RecordingAdapter();
    const scheduler = appScheduler(app, [adapter]);
    try {
      expect((await scheduler.sweep("sweep")).posted).toEqual(["console:W1:C1"]);
    } finally {
      await scheduler.stop();
    }
    const kinds = adapter.posts.map((post) => post.reply.kind);
    expect(kinds[0]).toBe("header");
    expect(kinds.filter((kind) => kind === "paper")).toHaveLength(5);
    expect(JSON.stringify(adapter.posts[0]?.reply)).toMatch(
      /Hugging Face is (unreachable|not answering) right now/,
    );
    expect(JSON.stringify(adapter.posts[0]?.reply)).toMatch(/30 stored papers/);
  });
});

describe("an ingest that fails half-way", () => {
  let dir: string;
  let hf: FakeUpstream;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-ingest-fault-"));
    hf = await startFakeUpstream({
      "/api/daily_papers": (request, response, call) => {
        if (request.query.date === "2026-06-11") return json(RECORDED_DAY)(request, response, call);
        return status(500)(request, response, call);
      },
    });
  });
  afterEach(async () => {
    await hf?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps what it stored before the fault, consistently, and says which day failed", async () => {
    const env = {
      PAPERBOY_STORE: `sqlite://${join(dir, "store.sqlite")}`,
      HF_API_URL: hf.url,
      ARXIV_API_URL: "http://127.0.0.1:9",
    };
    const ingested = await runCli(["ingest", "--from", "2026-06-11", "--to", "2026-06-12"], {
      env,
      timeoutMs: 60_000,
    });
    expect(ingested.code).not.toBe(0);
    expect(ingested.stdout + ingested.stderr).toMatch(/2026-06-12/);
    expect(ingested.stdout).toContain("2026-06-11: 30 papers");
    // What was stored is complete and searchable from a fresh process (index file included).
    const found = await runCli(["search", "sparse", "attention", "--format", "json"], { env });
    expect(found.code, found.stderr).toBe(0);
    expect((JSON.parse(found.stdout) as { items: { id: string }[] }).items[0]?.id).toBe("2606.13392");
    // The stored papers were featured on the 12th: that day's digest comes from the store, and says so.
    const digest = await runCli(["digest", "--date", "2026-06-12", "--format", "json"], { env });
    expect(digest.code, digest.stderr).toBe(0);
    const stored = JSON.parse(digest.stdout) as { kind: string; note?: string; items: unknown[] };
    expect(stored.items).toHaveLength(5);
    expect(stored.note).toMatch(/^Hugging Face is failing right now \(HTTP 500\)\. Showing 30 stored papers/);
    // The 11th had nothing featured and its week cannot be fetched: an empty quiet digest, not the sample.
    const quiet = await runCli(["digest", "--date", "2026-06-11", "--format", "json"], { env });
    expect(JSON.parse(quiet.stdout)).toMatchObject({ kind: "quiet", items: [] });
  }, 90_000);
});

describe("an ingest killed (SIGKILL) in the middle, after a saved search index", () => {
  let dir: string;
  let hf: FakeUpstream;
  const earlier = RECORDED_DAY.slice(0, 10);
  const later = RECORDED_DAY.slice(10);
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-ingest-kill-"));
    hf = await startFakeUpstream({
      "/api/daily_papers": (request, response, call) => {
        if (request.query.date === "2026-06-10") return json(earlier)(request, response, call);
        if (request.query.date === "2026-06-11") return json(later)(request, response, call);
        // The third day never answers: the process is killed while waiting for it.
      },
    });
  });
  afterEach(async () => {
    await hf?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loses nothing it stored: the next start loads the old index file and catches up from the change log", async () => {
    const env = {
      PAPERBOY_STORE: `sqlite://${join(dir, "store.sqlite")}`,
      HF_API_URL: hf.url,
      ARXIV_API_URL: "http://127.0.0.1:9",
      PAPERBOY_HTTP_TIMEOUT_MS: "60000",
    };
    const first = await runCli(["ingest", "--from", "2026-06-10", "--to", "2026-06-10"], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, "store.sqlite.index"))).toBe(true);

    const child = spawn(process.execPath, [BIN, "ingest", "--from", "2026-06-11", "--to", "2026-06-12"], {
      env: { ...process.env, LOG_LEVEL: "warn", NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise((resolve) => child.once("close", resolve));
    await waitFor(() => stdout.includes("2026-06-11: 20 papers"), 30_000);
    child.kill("SIGKILL");
    await exited;

    // A paper only the killed run stored, found by its own title.
    const item = later[0] as { paper: { id: string; title: string } };
    const found = await runCli(["search", ...item.paper.title.split(/\s+/).slice(0, 6), "--format", "json"], {
      env: { ...env, LOG_LEVEL: "info" },
    });
    expect(found.code, found.stderr).toBe(0);
    expect((JSON.parse(found.stdout) as { items: { id: string }[] }).items.map((hit) => hit.id)).toContain(
      item.paper.id,
    );
    const loaded = found.stderr
      .split("\n")
      .filter((line) => line.includes("search index"))
      .map((line) => JSON.parse(line) as { from: string; papers: number; caughtUp: number })[0];
    expect(loaded).toMatchObject({ from: "file", papers: 30 });
    expect(loaded?.caughtUp).toBeGreaterThanOrEqual(20);
  }, 90_000);
});
