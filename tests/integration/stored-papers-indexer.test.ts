import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/corpus.ts";
import type { Logger } from "../../src/log.ts";
import { silentLogger } from "../../src/log.ts";
import { Catalog } from "../../src/papers/catalog.ts";
import type { LoadOptions } from "../../src/papers/catalog-index.ts";
import { Paper } from "../../src/papers/paper.ts";
import { indexStoredPapers } from "../../src/papers/stored-papers-indexer.ts";
import { isSharedPage } from "../../src/search/int-arena.ts";
import { SearchIndex } from "../../src/search/search-index.ts";
import { SharedPages } from "../../src/search/shared-pages.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { papersPrefix } from "../../src/store/keys.ts";
import { PaperRepository } from "../../src/store/paper-repository.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { fakeSources } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const PAPERS = 400;
const QUERIES = ["diffusion models for video", "reinforcement learning", "language model agents", "graph"];

describe("indexing the stored papers on two threads", () => {
  let dir: string;
  let url: string;
  let backend: KvBackend;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-indexer-"));
    url = `sqlite://${join(dir, "store.sqlite")}`;
    backend = await createSqliteBackend(join(dir, "store.sqlite"));
    const papers = [...generateCorpus({ size: PAPERS, seed: 3 })].map((paper) =>
      Paper.parse({ ...paper, sources: ["huggingface"] }),
    );
    await new PaperRepository(backend).upsert(papers, NOW.getTime());
  });
  afterEach(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Loads a catalog's index from the store with `buildPart`; its answers, suggestions and display forms. */
  const build = async (
    buildPart?: LoadOptions["buildPart"],
    logger: Logger = silentLogger,
    store: KvBackend = backend,
    index = new SearchIndex(),
  ) => {
    const catalog = new Catalog(new PaperRepository(store), index, fakeSources({}), logger, () => NOW);
    expect(await catalog.load(undefined, { buildPart })).toMatchObject({ papers: PAPERS, from: "store" });
    const { vocabulary, documents } = index.snapshot();
    return {
      size: index.size,
      ids: [...documents.ids],
      surfaces: [...vocabulary.surfaces],
      df: [...vocabulary.df],
      hits: QUERIES.map((query) => index.search(query, { now: NOW, limit: 30 })),
      suggestions: ["dif", "mod", "lea", "gr"].map((prefix) => index.suggest(prefix)),
    };
  };

  it("builds the same index as one thread, with the papers after the split indexed by the worker", async () => {
    const here = await build();
    const logs = captureLogs("debug");
    const there = await build((from, size) => indexStoredPapers(url, from, size), logs.logger);
    expect(there.hits[0]!.length).toBeGreaterThan(0);
    expect(there).toEqual(here);
    const split = logs.lines().find((line) => line.msg === "search index built on two threads");
    // 45 % of the papers are left to the worker.
    expect(split).toMatchObject({ here: 220, there: 180 });
  });

  it("builds the worker's part in shared memory for an index whose pages a search thread reads", async () => {
    const here = await build();
    const index = new SearchIndex({ pages: new SharedPages() });
    const logs = captureLogs("debug");
    const there = await build(
      (from, size) => indexStoredPapers(url, from, size, index.sharesPages),
      logs.logger,
      backend,
      index,
    );
    expect(there).toEqual(here);
    // The worker's part was taken (no fallback to this thread).
    expect(logs.lines().find((line) => line.msg === "search index built on two threads")).toMatchObject({
      there: 180,
    });
    const { documents, postings } = index.snapshot();
    expect([...documents.tokens.pages, ...postings.arena.pages].every(isSharedPage)).toBe(true);
  });

  it("indexes every paper on this thread, with a warning, when the worker fails", async () => {
    const here = await build();
    await expect(
      indexStoredPapers("sqlite:///dev/null/nowhere/store.sqlite", papersPrefix, 10),
    ).rejects.toThrow(/store indexer failed/);
    const logs = captureLogs();
    const there = await build(
      (from, size) => indexStoredPapers("sqlite:///dev/null/nowhere/store.sqlite", from, size),
      logs.logger,
    );
    expect(there).toEqual(here);
    expect(
      logs
        .lines()
        .some(
          (line) => line.msg === "could not index the stored papers off the main thread: indexing them here",
        ),
    ).toBe(true);
  });

  it("indexes the worker's share on this thread, with a warning, when its part cannot be appended", async () => {
    const here = await build();
    const logs = captureLogs();
    // A part built from every stored paper holds papers this thread indexed too: append refuses it.
    const there = await build((_from, size) => indexStoredPapers(url, papersPrefix, size), logs.logger);
    expect(there).toEqual(here);
    const warning = logs
      .lines()
      .find(
        (line) => line.msg === "could not index the stored papers off the main thread: indexing them here",
      );
    expect(JSON.stringify(warning)).toMatch(/indexes .* again/);
  });

  it("indexes every paper on this thread, with a warning, when the store cannot say where to split", async () => {
    const here = await build();
    const logs = captureLogs();
    let asked = 0;
    const failing: KvBackend = {
      ...backend,
      splitKey: async () => {
        throw new Error("disk I/O error");
      },
    };
    const there = await build(
      (from, size) => {
        asked++;
        return indexStoredPapers(url, from, size);
      },
      logs.logger,
      failing,
    );
    expect(there).toEqual(here);
    expect(asked).toBe(0);
    expect(
      logs
        .lines()
        .some(
          (line) => line.msg === "could not split the stored papers between two threads: indexing them here",
        ),
    ).toBe(true);
  });
});
