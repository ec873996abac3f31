import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, generateQueries } from "../../bench/corpus.ts";
import {
  checksum,
  INDEX_FILE_FORMAT,
  IndexFileError,
  readIndexFile,
  writeIndexFile,
} from "../../src/search/index-file.ts";
import { isSharedPage } from "../../src/search/int-arena.ts";
import { type IndexablePaper, SearchIndex } from "../../src/search/search-index.ts";
import { SharedPages } from "../../src/search/shared-pages.ts";

const NOW = new Date("2026-12-01T00:00:00Z");
const corpus: IndexablePaper[] = [...generateCorpus({ size: 3000, seed: 6 })];
const queries = generateQueries({ count: 300, seed: 3 }).map((query) => query.text);
const results = (index: SearchIndex) => queries.map((query) => index.search(query, { now: NOW, limit: 10 }));

let dir: string;
let original: SearchIndex;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "paperboy-index-file-"));
  original = new SearchIndex();
  for (const paper of corpus) original.add(paper);
  // Replacements and removals leave dead documents and stale postings: the file must carry them faithfully.
  for (const paper of corpus.slice(0, 50)) original.add({ ...paper, upvotes: (paper.upvotes ?? 0) + 7 });
  for (const paper of corpus.slice(50, 80)) original.remove(paper.id);
  file = join(dir, "index");
  writeIndexFile(file, original.snapshot(), { coveredUntil: 42 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (path = file) => {
  const { snapshot, meta } = readIndexFile<{ coveredUntil: number }>(path);
  const index = new SearchIndex();
  index.restore(snapshot);
  return { index, meta };
};

/** A copy of the saved file with `change` applied to its bytes. */
const damaged = (name: string, change: (bytes: Buffer) => Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, change(Buffer.from(readFileSync(file))));
  return path;
};

describe("saving a search index to a file and loading it back", () => {
  it("answers every query exactly as the index that was saved, with the caller's metadata", () => {
    const { index, meta } = load();
    expect(meta).toEqual({ coveredUntil: 42 });
    expect(index.size).toBe(original.size);
    expect(index.has(corpus[60]!.id)).toBe(false);
    expect(results(index)).toEqual(results(original));
    expect(results(index).flat().length).toBeGreaterThan(2000);
    for (const prefix of ["diff", "contin", "rob", "q"])
      expect(index.suggest(prefix)).toEqual(original.suggest(prefix));
  });

  it("keeps working incrementally after loading: adds, replacements and removals match a never-saved index", () => {
    const { index } = load();
    const twin = new SearchIndex();
    for (const paper of corpus) twin.add(paper);
    for (const paper of corpus.slice(0, 50)) twin.add({ ...paper, upvotes: (paper.upvotes ?? 0) + 7 });
    for (const paper of corpus.slice(50, 80)) twin.remove(paper.id);
    const more = [...generateCorpus({ size: 200, seed: 99 })].map((paper) => ({
      ...paper,
      id: `x${paper.id}`,
    }));
    for (const target of [index, twin]) {
      for (const paper of more) target.add(paper);
      // Enough removals to trigger a compaction of the loaded storage.
      for (const paper of corpus.slice(100, 1300)) target.remove(paper.id);
      target.add({ id: "2612.00001", title: "Quokka unlearning benchmark for zebrafish forgetting" });
    }
    expect(index.size).toBe(twin.size);
    expect(results(index)).toEqual(results(twin));
    expect(index.search("quokka zebrafish", { now: NOW }).map((hit) => hit.id)).toEqual(["2612.00001"]);
  });

  it("reads the pages into the memory an index asks for: shared memory for one a search thread reads too", () => {
    const shared = new SearchIndex({ pages: new SharedPages() });
    const { snapshot } = readIndexFile(file, () => shared.newPage());
    const pages = [...snapshot.documents.tokens.pages, ...snapshot.postings.arena.pages];
    expect(pages.every(isSharedPage)).toBe(true);
    shared.restore(snapshot);
    // Restored as they were read, not copied again.
    expect(shared.snapshot().postings.arena.pages).toEqual(snapshot.postings.arena.pages);
    expect(shared.snapshot().postings.arena.pages[0]).toBe(snapshot.postings.arena.pages[0]);
    expect(results(shared)).toEqual(results(original));
  });

  it("writes through a temporary file that it renames, leaving nothing else behind", () => {
    const path = join(dir, "atomic", "index");
    rmSync(join(dir, "atomic"), { recursive: true, force: true });
    expect(() => writeIndexFile(path, original.snapshot(), {})).toThrow(/ENOENT/);
    expect(existsSync(join(dir, "atomic"))).toBe(false);
    writeIndexFile(join(dir, "again"), original.snapshot(), {});
    writeIndexFile(join(dir, "again"), original.snapshot(), {});
    expect(readdirSync(dir).filter((name) => name.includes(".tmp"))).toEqual([]);
  });

  it("round-trips an empty index, and refuses to save an id it could not read back", () => {
    const path = join(dir, "empty-index");
    writeIndexFile(path, new SearchIndex().snapshot(), {});
    const { index } = load(path);
    expect(index.size).toBe(0);
    index.add({ id: "2601.00001", title: "Graph neural networks" });
    expect(index.search("graph", { now: NOW }).map((hit) => hit.id)).toEqual(["2601.00001"]);
    const odd = new SearchIndex();
    odd.add({ id: "line\nbreak", title: "Graph neural networks" });
    expect(() => writeIndexFile(join(dir, "odd"), odd.snapshot(), {})).toThrow(
      /document ids that contain a line break/,
    );
    expect(existsSync(join(dir, "odd"))).toBe(false);
  });

  it("refuses a damaged file with a reason instead of loading wrong postings", () => {
    const size = readFileSync(file).length;
    const flipped = damaged("flipped", (bytes) => {
      bytes[size - 1000]! ^= 0x10;
      return bytes;
    });
    expect(() => readIndexFile(flipped)).toThrow(IndexFileError);
    expect(() => readIndexFile(flipped)).toThrow(/checksum mismatch in postings\.arena/);
    const truncated = damaged("truncated", (bytes) => bytes.subarray(0, Math.floor(size / 2)));
    expect(() => readIndexFile(truncated)).toThrow(/truncated/);
    const junk = damaged("junk", () => Buffer.from("SQLite format 3\0 and more bytes"));
    expect(() => readIndexFile(junk)).toThrow(/not a paperboy index file/);
    const empty = damaged("empty", () => Buffer.alloc(0));
    expect(() => readIndexFile(empty)).toThrow(/not a paperboy index file/);
  });

  it("refuses a file of another format or tokenizer, since its terms would mean something else", () => {
    const swap = (from: RegExp, to: (match: string) => string) => (bytes: Buffer) => {
      const text = bytes.toString("latin1");
      const match = from.exec(text)![0];
      return Buffer.from(text.replace(match, to(match)), "latin1");
    };
    const format = damaged(
      "format",
      swap(/"format":\d,/, () => `"format":9,`),
    );
    expect(() => readIndexFile(format)).toThrow(`format 9, this version reads format ${INDEX_FILE_FORMAT}`);
    const tokenizer = damaged(
      "tokenizer",
      swap(/"tokenizer":"[0-9a-f]{16}"/, (match) =>
        match.replace(/[0-9a-f]"$/, (c) => (c === '0"' ? '1"' : '0"')),
      ),
    );
    expect(() => readIndexFile(tokenizer)).toThrow(/other tokenizing rules/);
    const sectionType = damaged(
      "section-type",
      swap(/"type":"u16"/, () => `"type":"x16"`),
    );
    expect(() => readIndexFile(sectionType)).toThrow(IndexFileError);
    expect(() => readIndexFile(sectionType)).toThrow(/unknown type x16/);
  });

  it("leaves the index as it was when a snapshot does not hold together", () => {
    const index = new SearchIndex();
    index.add({ id: "2601.00001", title: "Graph neural networks for molecules" });
    const { snapshot } = readIndexFile(file);
    const broken = {
      ...snapshot,
      documents: { ...snapshot.documents, starts: snapshot.documents.starts.slice(0, 10) },
    };
    expect(() => index.restore(broken)).toThrow(RangeError);
    const outside = snapshot.documents.starts.slice();
    outside[5] = 1e12;
    expect(() =>
      index.restore({ ...snapshot, documents: { ...snapshot.documents, starts: outside } }),
    ).toThrow(/document 5's token stream lies outside/);
    expect(index.size).toBe(1);
    expect(index.search("molecules", { now: NOW }).map((hit) => hit.id)).toEqual(["2601.00001"]);
  });
});

describe("checksum", () => {
  it("changes when any byte changes, including unaligned tails", () => {
    const bytes = new Uint8Array(1027).map((_, i) => (i * 31) & 255);
    const base = checksum(bytes);
    for (const position of [0, 1, 2, 3, 512, 1023, 1024, 1026]) {
      const copy = bytes.slice();
      copy[position]! ^= 1;
      expect(checksum(copy)).not.toBe(base);
    }
    expect(checksum(bytes.subarray(0, 1026))).not.toBe(base);
    expect(checksum(bytes.slice())).toBe(base);
  });
});
