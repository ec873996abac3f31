import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsFresh } from "../bin/source-stamp.js";
import { Paper } from "../src/papers/paper.ts";
import { openStore } from "../src/store/open-store.ts";
import { createStore } from "../src/store/store.ts";
import { generateCorpus } from "./corpus.ts";
import { option } from "./options.ts";
import { machineLine, parseSize } from "./search.ts";

/** The issue's targets for start-up with 100k papers stored. */
const TARGET_READY_MS = 1500;
const TARGET_RSS_MB = 300;
/** Issue 18's targets for a first start, which indexes every stored paper (no saved index yet). */
const TARGET_COLD_READY_MS = 5000;
const TARGET_COLD_RSS_MB = 400;
const BIN = fileURLToPath(new URL("../bin/paperboy.js", import.meta.url));
const WRITE_BATCH = 2000;

/**
 * `npm run bench -- startup [--size 100k] [--runs 3]`: process start to ready (the "ready" log line,
 * after the store is opened and every stored paper is indexed) with that many papers in a SQLite store,
 * and the process's RSS once ready. The store is built once per size in the system temp directory and
 * reused by later runs (it is not part of the repository).
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(
      "npm run bench -- startup [--size 100k] [--runs 3] [--search-worker on|off] [--json]\n",
    );
    return;
  }
  const searchWorker = (option(argv, "--search-worker") ?? "on") === "on";
  const size = parseSize(option(argv, "--size") ?? "100k");
  const runs = Number(option(argv, "--runs") ?? 3);
  const mode = buildIsFresh(fileURLToPath(new URL("..", import.meta.url)))
    ? "the compiled build (.build/, as after npm install)"
    : "the TypeScript sources through tsx (the build is missing or older than the sources: npm run build)";
  const path = await ensureStore(size);
  // Cold: no saved index, so every stored paper is read and indexed (the index file is written at stop).
  rmSync(`${path}.index`, { force: true });
  const cold = await startOnce(path, searchWorker);
  if (cold.from !== "store") throw new Error(`expected a cold start to index the store, got ${cold.from}`);
  // Warm: the usual restart, loading the index file the cold start saved.
  const results: Start[] = [];
  for (let index = 0; index < runs; index++) results.push(await startOnce(path, searchWorker));
  if (results.some((result) => result.from !== "file"))
    throw new Error("a warm start did not load the index file");
  const readyMs = median(results.map((result) => result.readyMs));
  // With the search thread on, memory is judged once it holds the index too (it starts just before ready).
  const settled = (start: Start) => Math.max(start.rssMb, start.threadRssMb ?? 0);
  const rssMb = median(results.map(settled));
  if (argv.includes("--json")) {
    process.stdout.write(
      `${JSON.stringify({ size, mode, searchWorker, cold, runs: results, readyMs, rssMb })}\n`,
    );
    return;
  }
  const thread = searchWorker ? " once the search thread holds the index" : "";
  const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
  process.stdout.write(
    [
      machineLine(),
      "",
      `running ${mode}, PAPERBOY_SEARCH_WORKER=${searchWorker ? "on" : "off"}`,
      `start-up with ${size.toLocaleString("en")} papers stored (SQLite), loading the saved index, median of ${runs}:`,
      `  ready after  ${readyMs.toFixed(0)} ms   target ≤ ${TARGET_READY_MS} ms  ${verdict(readyMs <= TARGET_READY_MS)} (${(readyMs / TARGET_READY_MS).toFixed(2)}× the target)`,
      `  RSS${thread}          ${rssMb.toFixed(0)} MB    target ≤ ${TARGET_RSS_MB} MB   ${verdict(rssMb <= TARGET_RSS_MB)} (${(rssMb / TARGET_RSS_MB).toFixed(2)}× the target)`,
      `  index loaded in ${median(results.map((result) => result.indexMs)).toFixed(0)} ms (median)`,
      `  runs: ${results.map((result) => `${result.readyMs.toFixed(0)} ms / ${result.rssMb.toFixed(0)} MB at ready${result.threadRssMb === undefined ? "" : `, ${result.threadRssMb.toFixed(0)} MB with the search thread`}`).join(", ")}`,
      `first start without a saved index (indexes every stored paper; saves the file after ready):`,
      `  ready after  ${cold.readyMs.toFixed(0)} ms   target ≤ ${TARGET_COLD_READY_MS} ms  ${verdict(cold.readyMs <= TARGET_COLD_READY_MS)} (${(cold.readyMs / TARGET_COLD_READY_MS).toFixed(2)}× the target)`,
      `  RSS${thread}          ${settled(cold).toFixed(0)} MB    target ≤ ${TARGET_COLD_RSS_MB} MB   ${verdict(settled(cold) <= TARGET_COLD_RSS_MB)} (${(settled(cold) / TARGET_COLD_RSS_MB).toFixed(2)}× the target; ${cold.rssMb.toFixed(0)} MB at ready)`,
      `  index built in ${cold.indexMs.toFixed(0)} ms (its file is written after ready: 10 s later, or at stop)`,
      "",
    ].join("\n"),
  );
}

/** One start: time to ready, RSS at ready, and how the search index was loaded (from its log line). */
interface Start {
  readyMs: number;
  rssMb: number;
  /** RSS once the search thread holds the index, when it is on. */
  threadRssMb?: number;
  from: string;
  indexMs: number;
}

/** A SQLite store holding `size` generated papers, built once and reused. */
async function ensureStore(size: number): Promise<string> {
  const dir = join(tmpdir(), "paperboy-bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `startup-${size}.sqlite`);
  if (existsSync(path)) return path;
  process.stderr.write(`building a store with ${size} papers at ${path} (once)…\n`);
  const store = createStore(await openStore(`sqlite://${path}`));
  // Stored a day ago: a store that has been filling for a while, not papers written seconds before start-up.
  const storedAt = Date.now() - 86_400_000;
  let batch: Paper[] = [];
  for (const paper of generateCorpus({ size, seed: 6 })) {
    batch.push(Paper.parse({ ...paper, sources: ["huggingface"] }));
    if (batch.length === WRITE_BATCH) {
      await store.papers.upsert(batch, storedAt);
      batch = [];
    }
  }
  await store.papers.upsert(batch, storedAt);
  await store.backend.close();
  return path;
}

/** Starts `paperboy run` on the store and measures until its "ready" line; then stops it. */
function startOnce(path: string, searchWorker: boolean): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, "run"], {
      env: {
        ...process.env,
        PAPERBOY_STORE: `sqlite://${path}`,
        PAPERBOY_INDEX_FILE: "",
        PAPERBOY_SEARCH_WORKER: searchWorker ? "on" : "off",
        HF_API_URL: "http://127.0.0.1:9",
        ARXIV_API_URL: "http://127.0.0.1:9",
        PORT: "0",
        LOG_LEVEL: "info",
        NO_COLOR: "1",
      },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let stderr = "";
    let ready: { readyMs: number; rssMb: number } | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!stderr.includes('"msg":"ready')) return;
      ready ??= { readyMs: performance.now() - started, rssMb: rssOf(child.pid ?? 0) / 1024 };
      // With the search thread on, also once it holds the index (it starts just before ready).
      if (searchWorker && !stderr.includes(SEARCH_THREAD_READY)) return;
      const threadRssMb = searchWorker ? rssOf(child.pid ?? 0) / 1024 : undefined;
      const loaded = stderr
        .split("\n")
        .filter((line) => line.includes('"msg":"search index'))
        .map((line) => JSON.parse(line) as { from: string; ms: number })[0];
      child.stderr.removeAllListeners("data");
      child.kill("SIGTERM");
      const { readyMs, rssMb } = ready;
      child.once("close", () =>
        resolve({
          readyMs,
          rssMb,
          threadRssMb,
          from: loaded?.from ?? "?",
          indexMs: loaded?.ms ?? Number.NaN,
        }),
      );
    });
    child.once("error", reject);
    child.once("close", (code) => {
      if (!stderr.includes('"msg":"ready'))
        reject(new Error(`paperboy exited (${code}) before ready:\n${stderr}`));
    });
  });
}

/** The log line of the search thread once it holds the index (`SearchWorker`). */
const SEARCH_THREAD_READY = '"msg":"the search thread holds the index';

/** Resident set size of a process in KiB, from /proc (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
