import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.ts";
import { Catalog } from "../../src/papers/catalog.ts";
import type { LoadOptions } from "../../src/papers/catalog-index.ts";
import { readStoredPapers } from "../../src/papers/stored-papers-reader.ts";
import type { IndexablePaper } from "../../src/search/search-index.ts";
import { paperFingerprint, SearchIndex } from "../../src/search/search-index.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { PaperRepository } from "../../src/store/paper-repository.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");

describe("reading the stored papers in a worker thread", () => {
  let dir: string;
  let url: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-reader-"));
    url = `sqlite://${join(dir, "store.sqlite")}`;
    const backend = await createSqliteBackend(join(dir, "store.sqlite"));
    await new PaperRepository(backend).upsert(fixturePapers(), NOW.getTime());
    await backend.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("hands over every stored paper once, in batches, with the fields the index reads and their fingerprints", async () => {
    const batches: IndexablePaper[][] = [];
    await readStoredPapers(url, 7, (papers, fingerprints) => {
      batches.push(papers);
      expect([...fingerprints]).toEqual(papers.flatMap((paper) => paperFingerprint(paper)));
    });
    expect(batches.every((batch) => batch.length <= 7)).toBe(true);
    const read = batches.flat();
    const stored = fixturePapers();
    expect(read.map((paper) => paper.id).sort()).toEqual(stored.map((paper) => paper.id).sort());
    const first = stored[0]!;
    expect(read.find((paper) => paper.id === first.id)).toEqual({
      id: first.id,
      title: first.title,
      abstract: first.abstract,
      upvotes: first.upvotes,
      aiKeywords: first.aiKeywords,
      aiSummary: first.aiSummary,
      publishedAt: first.publishedAt,
      featuredOn: first.featuredOn,
    });
  });

  it("builds the same index as reading the store on this thread", async () => {
    const backend = await createSqliteBackend(join(dir, "store.sqlite"));
    try {
      const build = async (readAll?: LoadOptions["readAll"]) => {
        const index = new SearchIndex();
        const catalog = new Catalog(
          new PaperRepository(backend),
          index,
          fakeSources({}),
          silentLogger,
          () => NOW,
        );
        expect(await catalog.load(undefined, { readAll })).toMatchObject({ papers: 30, from: "store" });
        return index.search("diffusion models for video", { now: NOW, limit: 20 });
      };
      const here = await build();
      const there = await build((size, visit) => readStoredPapers(url, size, visit));
      expect(there.length).toBeGreaterThan(0);
      expect(there).toEqual(here);
    } finally {
      await backend.close();
    }
  });

  it("fails when the store cannot be read, and the index is then built on this thread with a warning", async () => {
    await expect(
      readStoredPapers("sqlite:///dev/null/nowhere/store.sqlite", 10, () => undefined),
    ).rejects.toThrow(/store reader failed/);
    const backend = await createSqliteBackend(join(dir, "store.sqlite"));
    const logs = captureLogs();
    try {
      const catalog = new Catalog(
        new PaperRepository(backend),
        new SearchIndex(),
        fakeSources({}),
        logs.logger,
        () => NOW,
      );
      const loaded = await catalog.load(undefined, {
        readAll: (size: number, visit: (papers: IndexablePaper[], fingerprints: Uint32Array) => void) =>
          readStoredPapers("sqlite:///dev/null/nowhere/store.sqlite", size, visit),
      });
      expect(loaded).toMatchObject({ papers: 30, from: "store" });
      expect(
        logs
          .lines()
          .some((line) => line.msg === "could not read the store off the main thread: reading it here"),
      ).toBe(true);
    } finally {
      await backend.close();
    }
  });
});
