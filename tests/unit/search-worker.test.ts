import { execFile } from "node:child_process";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { generateCorpus, generateQueries } from "../../bench/corpus.ts";
import { silentLogger } from "../../src/log.ts";
import { type IndexablePaper, SearchIndex } from "../../src/search/search-index.ts";
import { SearchWorker, spawnSearchThread } from "../../src/search/search-worker.ts";
import { SharedPages } from "../../src/search/shared-pages.ts";

const NOW = new Date("2026-08-05T00:00:00Z");
const QUERIES = ["forgetting", "diffusion video", "robot grasping -sim", '"sparse attention"', "agents"];

const PAPERS: IndexablePaper[] = [
  { id: "p1", title: "Catastrophic forgetting in continual learning", upvotes: 40 },
  { id: "p2", title: "Diffusion models for video generation", abstract: "We generate video with diffusion." },
  { id: "p3", title: "Robot grasping from pixels", abstract: "Grasping in sim and real." },
  { id: "p4", title: "Sparse attention for long context", aiKeywords: ["sparse attention"] },
  { id: "p5", title: "Language agents that use tools", publishedAt: "2026-08-01T00:00:00Z" },
  { id: "p6", title: "Forgetting less with replay", abstract: "Replay against catastrophic forgetting." },
];

/** A search thread that takes its copy of the index, then fails in the way `onSearch` says. */
const faultyWorker = (onSearch: string) => () =>
  new Worker(
    `const { parentPort } = require("node:worker_threads");
     parentPort.on("message", (m) => {
       if (m.kind === "restore") parentPort.postMessage({ restored: true });
       if (m.kind === "search") { ${onSearch} }
     });`,
    { eval: true },
  );
/** Dies when asked to search: a crashed search thread. */
const crashingWorker = faultyWorker("process.exit(3);");
/** Never answers a search: a hung (or very busy) search thread. */
const silentWorker = faultyWorker("");

const workers: SearchWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.close()));
});

async function start(
  index: SearchIndex,
  options: Partial<ConstructorParameters<typeof SearchWorker>[1]> = {},
) {
  const worker = new SearchWorker(index, { logger: silentLogger, ...options });
  workers.push(worker);
  expect(worker.running).toBe(false);
  worker.start();
  expect(await worker.started()).toBe(true);
  return worker;
}

const here = (index: SearchIndex, query: string) => index.search(query, { limit: 10, now: NOW });

/** A search thread that, given its copy, writes `value` at the start of the first posting page it got. */
const markingWorker = (value: number) => () =>
  new Worker(
    `const { parentPort } = require("node:worker_threads");
     parentPort.on("message", (m) => {
       if (m.kind === "restore") {
         m.snapshot.postings.arena.pages[0][0] = ${value};
         parentPort.postMessage({ restored: true });
       }
     });`,
    { eval: true },
  );

describe("SearchWorker in a process", () => {
  it("does not keep a process alive that never closes it (a start that failed later)", async () => {
    const source = (name: string) =>
      JSON.stringify(new URL(`../../src/search/${name}.ts`, import.meta.url).href);
    const script = `
      const { SearchIndex } = await import(${source("search-index")});
      const { SearchWorker } = await import(${source("search-worker")});
      const { SharedPages } = await import(${source("shared-pages")});
      const index = new SearchIndex({ pages: new SharedPages() });
      index.add({ id: "p1", title: "Catastrophic forgetting" });
      const worker = new SearchWorker(index, { logger: { info() {}, warn() {}, error() {}, debug() {} } });
      const keepAlive = setInterval(() => undefined, 1000);
      worker.start();
      const started = await worker.started();
      clearInterval(keepAlive);
      process.stdout.write(String(started));`;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        // A process the worker keeps alive is killed here, and fails below rather than lingering.
        { timeout: 20_000 },
        (error, out) =>
          resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, stdout: out }),
      );
      child.stdin?.end();
    });
    // It started the thread, then exited on its own: nothing but the unreferenced worker was left.
    expect(stdout).toBe("true");
    expect(code).toBe(0);
  }, 30_000);
});

describe("SearchWorker over shared pages", () => {
  it("hands its thread the index's pages themselves, not copies", async () => {
    const shared = new SearchIndex({ pages: new SharedPages() });
    for (const paper of PAPERS) shared.add(paper);
    await start(shared, { spawn: markingWorker(7) });
    // Offset 0 is never handed out: the thread's write there shows through here, in the same memory.
    expect(shared.snapshot().postings.arena.pages[0]![0]).toBe(7);
    const plain = new SearchIndex();
    for (const paper of PAPERS) plain.add(paper);
    await start(plain, { spawn: markingWorker(7) });
    expect(plain.snapshot().postings.arena.pages[0]![0]).toBe(0);
  });
});

describe.each([
  ["plain", () => new SearchIndex()],
  ["shared", () => new SearchIndex({ pages: new SharedPages() })],
])("SearchWorker over an index with %s pages", (_, newIndex) => {
  it("answers as the index does, with the papers indexed before and after it started", async () => {
    const index = newIndex();
    for (const paper of PAPERS.slice(0, 3)) index.add(paper);
    const worker = await start(index);
    for (const paper of PAPERS.slice(3)) index.add(paper);
    index.add({ id: "p2", title: "Video diffusion, revised", abstract: "Now about video only." });
    index.remove("p3");
    for (const query of QUERIES) {
      const hits = await worker.search(query, { limit: 10, now: NOW });
      expect(hits, query).toEqual(here(index, query));
    }
    expect(worker.running).toBe(true);
    expect((await worker.search("grasping", { limit: 10, now: NOW })).map((hit) => hit.id)).toEqual([]);
    expect((await worker.search("forgetting", { limit: 10, now: NOW })).map((hit) => hit.id).sort()).toEqual([
      "p1",
      "p6",
    ]);
    // The answers come from the worker's copy: a change it is not told of is not in them.
    index.observe(undefined);
    index.add({ id: "p9", title: "Forgetting, told only to the main thread" });
    expect((await worker.search("forgetting", { limit: 10, now: NOW })).map((hit) => hit.id)).not.toContain(
      "p9",
    );
  }, 30_000);

  it("answers from the main thread a search the worker died on, and every search until it restarts", async () => {
    const index = newIndex();
    for (const paper of PAPERS) index.add(paper);
    const worker = await start(index, { spawn: crashingWorker, restartMs: 3_600_000 });
    const answers = await Promise.all(QUERIES.map((query) => worker.search(query, { limit: 10, now: NOW })));
    expect(answers).toEqual(QUERIES.map((query) => here(index, query)));
    expect(worker.running).toBe(false);
    index.add({ id: "p7", title: "Forgetting curves of language models" });
    expect((await worker.search("forgetting", { limit: 10, now: NOW })).map((hit) => hit.id)).toContain("p7");
  });

  it("answers from the main thread a search a worker is late with, and replaces a worker silent for too long", async () => {
    const index = newIndex();
    for (const paper of PAPERS) index.add(paper);
    const busy = await start(index, { spawn: silentWorker, timeoutMs: 20, restartMs: 3_600_000 });
    expect(await busy.search("forgetting", { limit: 10, now: NOW })).toEqual(here(index, "forgetting"));
    expect(busy.running).toBe(true);
    const hung = await start(index, { spawn: silentWorker, timeoutMs: 20, hungMs: 0, restartMs: 3_600_000 });
    expect(await hung.search("forgetting", { limit: 10, now: NOW })).toEqual(here(index, "forgetting"));
    expect(hung.running).toBe(false);
  });

  it("says when it has applied every change sent so far", async () => {
    const index = newIndex();
    const worker = await start(index);
    for (let n = 0; n < 500; n++) index.add({ id: `bulk${n}`, title: `Paper ${n} on forgetting` });
    await worker.inStep();
    const hits = await worker.search("forgetting", { limit: 1000, now: NOW });
    expect(hits).toHaveLength(500);
    expect(hits).toEqual(index.search("forgetting", { limit: 1000, now: NOW }));
  }, 30_000);

  it("stays in step over many pages, replacements, removals and a compaction", async () => {
    const index = newIndex();
    const corpus = [...generateCorpus({ size: 2400, seed: 4 })];
    for (const paper of corpus.slice(0, 200)) index.add(paper);
    const worker = await start(index);
    for (const paper of corpus.slice(200)) index.add(paper);
    for (const paper of corpus.slice(0, 100)) index.add({ ...paper, upvotes: (paper.upvotes ?? 0) + 5 });
    for (const paper of corpus.slice(100, 1300)) index.remove(paper.id);
    index.add({ id: "late", title: "Diffusion transformers for video, added after the compaction" });
    await worker.inStep();
    const queries = [
      ...generateQueries({ count: 40, seed: 8 }).map((query) => query.text),
      "diffusion video",
    ];
    const hits = await Promise.all(queries.map((query) => worker.search(query, { limit: 20, now: NOW })));
    expect(hits).toEqual(queries.map((query) => index.search(query, { limit: 20, now: NOW })));
    expect(hits.flat().length).toBeGreaterThan(200);
    expect(worker.running).toBe(true);
  }, 60_000);

  it("starts a new worker after a failure, with the papers indexed while it was down", async () => {
    const index = newIndex();
    for (const paper of PAPERS.slice(0, 4)) index.add(paper);
    const spawns = [crashingWorker, spawnSearchThread];
    let restarted!: () => void;
    const restart = new Promise<void>((resolve) => {
      restarted = resolve;
    });
    const worker = await start(index, {
      restartMs: 0,
      spawn: () => {
        const spawn = spawns.shift() ?? spawnSearchThread;
        if (spawns.length === 0) setImmediate(restarted);
        return spawn();
      },
    });
    expect(await worker.search("forgetting", { limit: 10, now: NOW })).toEqual(here(index, "forgetting"));
    index.add(PAPERS[4]!);
    index.add(PAPERS[5]!);
    await restart;
    expect(await worker.started()).toBe(true);
    for (const query of QUERIES) {
      expect(await worker.search(query, { limit: 10, now: NOW }), query).toEqual(here(index, query));
    }
  }, 30_000);

  it("after close, searches on the main thread", async () => {
    const index = newIndex();
    for (const paper of PAPERS) index.add(paper);
    const worker = await start(index);
    await worker.close();
    expect(worker.running).toBe(false);
    expect(await worker.search("agents", { limit: 10, now: NOW })).toEqual(here(index, "agents"));
  }, 30_000);
});
