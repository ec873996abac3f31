import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { Paper } from "../../src/papers/paper.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { paperKey } from "../../src/store/keys.ts";
import { PaperRepository } from "../../src/store/paper-repository.ts";

const paper = (id: string, featuredOn: string, upvotes = 1) =>
  Paper.parse({ id, title: `Paper ${id}`, featuredOn, upvotes });

/** Ids of every stored paper, read in batches of `batchSize`, sorted. */
async function storedIds(papers: PaperRepository, batchSize = 1000): Promise<string[]> {
  const ids: string[] = [];
  await papers.forEachBatch(batchSize, (batch) => {
    ids.push(...batch.map((p) => p.id));
  });
  return ids.sort();
}

describe("PaperRepository on SQLite", () => {
  let dir: string;
  let backend: KvBackend;
  let papers: PaperRepository;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-papers-"));
    backend = await createSqliteBackend(join(dir, "store.sqlite"));
    papers = new PaperRepository(backend);
  });
  afterEach(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds papers by featured date, and over an inclusive range of dates", async () => {
    await papers.upsert([
      paper("2606.00001", "2026-06-05"),
      paper("2606.00002", "2026-06-06"),
      paper("cs/0112017", "2026-06-09"),
      paper("2606.00004", "2026-06-11"),
      paper("2606.00005", "2026-06-12"),
    ]);
    expect((await papers.featuredOn("2026-06-09")).map((p) => p.id)).toEqual(["cs/0112017"]);
    const week = await papers.featuredBetween("2026-06-06", "2026-06-11");
    expect(week.map((p) => p.id).sort()).toEqual(["2606.00002", "2606.00004", "cs/0112017"]);
    expect(await papers.featuredBetween("2026-06-13", "2026-06-19")).toEqual([]);
  });

  it("merges a paper seen again instead of storing it twice, keeping its first featuring date", async () => {
    await papers.upsert([paper("2606.00001", "2026-06-05", 3)]);
    await papers.upsert([paper("2606.00001", "2026-06-07", 9)]);
    const [stored] = await papers.getMany(["2606.00001"]);
    expect(stored).toMatchObject({ featuredOn: "2026-06-05", upvotes: 9 });
    expect(await storedIds(papers)).toEqual(["2606.00001"]);
  });

  it("notes in a change log which papers were written when, for every connection sharing the file", async () => {
    const second = await createSqliteBackend(join(dir, "store.sqlite"));
    onTestFinished(() => second.close());
    const other = new PaperRepository(second);
    await papers.upsert([paper("2606.00001", "2026-06-05"), paper("2606.00002", "2026-06-05")], 1_000);
    await other.upsert([paper("2606.00003", "2026-06-06")], 2_000);
    await papers.upsert([paper("2606.00001", "2026-06-05", 9)], 3_000);
    expect((await papers.changedSince(0)).sort()).toEqual(["2606.00001", "2606.00002", "2606.00003"]);
    expect((await other.changedSince(2_000)).sort()).toEqual(["2606.00001", "2606.00003"]);
    expect(await papers.changedSince(3_001)).toEqual([]);
    // The log is not mistaken for papers.
    expect(await storedIds(papers)).toEqual(["2606.00001", "2606.00002", "2606.00003"]);
  });

  it("reads every stored paper once, in batches handed over one at a time", async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `2606.0000${i}`);
    await papers.upsert(ids.map((id) => paper(id, "2026-06-05")));
    for (const batchSize of [1, 3, 7, 50]) {
      const sizes: number[] = [];
      let handling = false;
      await papers.forEachBatch(batchSize, async (batch) => {
        expect(handling).toBe(false);
        handling = true;
        sizes.push(batch.length);
        await new Promise((resolve) => setImmediate(resolve));
        handling = false;
      });
      expect(sizes.every((size) => size <= batchSize)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(7);
    }
    expect(await storedIds(papers, 3)).toEqual(ids);
  });

  it("splits the stored papers at a fraction, and reads each side of the split once, in key order", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `2606.${String(10000 + i * 7)}`);
    await papers.upsert(ids.map((id) => paper(id, "2026-06-05")));
    // Other keys around the papers' prefix (featured dates, the change log) are not counted or read.
    const read = async (range: { from?: string; before?: string }, batchSize: number) => {
      const found: string[] = [];
      await papers.forEachBatch(batchSize, (batch) => void found.push(...batch.map((p) => p.id)), range);
      return found;
    };
    for (const [fraction, before] of [
      [0.55, 22],
      [0.5, 20],
      [0, 0],
      [1, 39],
    ] as const) {
      const split = await papers.splitPoint(fraction);
      expect(split).toBeDefined();
      for (const batchSize of [1, 3, 22, 500]) {
        const first = await read({ before: split }, batchSize);
        const second = await read({ from: split }, batchSize);
        expect(first).toEqual(ids.slice(0, before));
        expect(second).toEqual(ids.slice(before));
      }
    }
    await expect(papers.splitPoint(1.5)).rejects.toThrow(RangeError);
  });

  it("has no split point when no paper is stored", async () => {
    expect(await papers.splitPoint(0.5)).toBeUndefined();
  });
});

describe("PaperRepository.forEachBatch on a driver whose ranged listing scans everything", () => {
  it("lists once and hands the batches over, instead of one full scan per page (Redis)", async () => {
    const memory = createMemoryBackend();
    let listings = 0;
    const scanning: KvBackend = {
      ...memory,
      kind: "redis",
      list: (prefix, options) => {
        listings += 1;
        return memory.list(prefix, options);
      },
    };
    const papers = new PaperRepository(scanning);
    const ids = Array.from({ length: 7 }, (_, i) => `2606.0000${i}`);
    await papers.upsert(ids.map((id) => paper(id, "2026-06-05")));
    listings = 0;
    const sizes: number[] = [];
    await papers.forEachBatch(3, (batch) => {
      sizes.push(batch.length);
    });
    expect(listings).toBe(1);
    expect(sizes).toEqual([3, 3, 1]);
    // Ranged, still one listing.
    const split = paperKey(ids[4]!);
    const found: string[] = [];
    await papers.forEachBatch(2, (batch) => void found.push(...batch.map((p) => p.id)), { from: split });
    await papers.forEachBatch(2, (batch) => void found.push(...batch.map((p) => p.id)), { before: split });
    expect(found).toEqual([...ids.slice(4), ...ids.slice(0, 4)]);
    // Without an index to split by, it cannot tell where to split.
    expect(await papers.splitPoint(0.5)).toBeUndefined();
    await memory.close();
  });
});
