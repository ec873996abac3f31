import { randomBytes } from "node:crypto";
import { z } from "zod";
import { mergePapers } from "../papers/merge.ts";
import { Paper } from "../papers/paper.ts";
import { dateRange } from "../time.ts";
import { type KvBackend, listsRangesCheaply } from "./backend.ts";
import { compareKeys } from "./drivers/key-order.ts";
import {
  featuredKey,
  featuredPrefix,
  listedKey,
  listedPrefix,
  paperChangesPrefix,
  paperKey,
  papersPrefix,
} from "./keys.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const PaperRecord: RecordType<Paper> = { version: 1, schema: Paper };
const ChangeRecord: RecordType<{ ids: string[] }> = {
  version: 1,
  schema: z.object({ ids: z.array(z.string()) }),
};
const PAPER_PREFIX = papersPrefix;
const CHANGE_PREFIX = paperChangesPrefix;
const TIME_DIGITS = 15;
/** Pages `forEachBatch` reads ahead of the one being visited. */
const READ_AHEAD = 3;

/**
 * How long the change log remembers which papers were written when. A saved search index older than
 * this cannot be brought up to date from the log and is rebuilt from every stored paper instead.
 */
export const CHANGE_LOG_TTL_MS = 7 * 24 * 3_600_000;

/** Stored papers, merged on write, with an index by featured date for the daily digest. */
export class PaperRepository {
  constructor(private readonly kv: KvBackend) {}

  /** One paper by canonical id. */
  async get(id: string): Promise<Paper | undefined> {
    return unwrap(PaperRecord, await this.kv.get(paperKey(id)));
  }

  /** Many papers by id; absent ones are left out. */
  async getMany(ids: readonly string[]): Promise<Paper[]> {
    const values = await this.kv.getMany(ids.map(paperKey));
    return values.map((value) => unwrap(PaperRecord, value)).filter((paper) => paper !== undefined);
  }

  /**
   * Stores papers, merging each with what is already stored (a paper seen again keeps its first
   * featuring date and its highest counts). Returns the merged papers.
   *
   * First it notes the ids in the change log under time `at` (ms; the caller's clock), so that a
   * search index saved earlier, in this process or another one sharing the store, can catch up with
   * {@link changedSince}. The note goes first: a crash between the two writes leaves a note about
   * papers that are not there (harmless), never papers nobody was told about.
   */
  async upsert(papers: readonly Paper[], at: number = Date.now()): Promise<Paper[]> {
    if (papers.length === 0) return [];
    const ids = [...new Set(papers.map((paper) => paper.id))];
    await this.kv.set(changeKey(at), wrap(ChangeRecord, { ids }), CHANGE_LOG_TTL_MS);
    const existing = await this.kv.getMany(papers.map((paper) => paperKey(paper.id)));
    const merged = new Map<string, Paper>();
    papers.forEach((paper, index) => {
      const before = merged.get(paper.id) ?? unwrap(PaperRecord, existing[index]);
      merged.set(paper.id, before ? mergePapers(before, paper) : paper);
    });
    const entries: [string, unknown][] = [];
    for (const paper of merged.values()) {
      entries.push([paperKey(paper.id), wrap(PaperRecord, paper)]);
      if (paper.featuredOn) entries.push([featuredKey(paper.featuredOn, paper.id), 1]);
      if (paper.listedOn) entries.push([listedKey(paper.listedOn, paper.id), 1]);
    }
    await this.kv.setMany(entries);
    return [...merged.values()];
  }

  /** Papers featured on a date (YYYY-MM-DD). */
  async featuredOn(date: string): Promise<Paper[]> {
    return this.getMany(await this.idsFeaturedOn(date));
  }

  /** Papers that appeared in arXiv's listing of new submissions of a date (YYYY-MM-DD). */
  async listedOn(date: string): Promise<Paper[]> {
    const prefix = listedPrefix(date);
    return this.getMany((await this.kv.list(prefix)).map(([key]) => unescapeId(key.slice(prefix.length))));
  }

  /** Papers featured between two dates inclusive: one prefix read per day, never a scan of every day. */
  async featuredBetween(from: string, to: string): Promise<Paper[]> {
    const ids = await Promise.all(dateRange(from, to).map((date) => this.idsFeaturedOn(date)));
    return this.getMany([...new Set(ids.flat())]);
  }

  /**
   * Ids of papers written at or after time `since` (ms, as given to `upsert`), from the change log,
   * which keeps the last {@link CHANGE_LOG_TTL_MS}. Some may not be stored (a write that failed after
   * its note); read them with `getMany`, which leaves those out.
   */
  async changedSince(since: number): Promise<string[]> {
    const from = changeKey(Math.max(0, since)).slice(0, CHANGE_PREFIX.length + TIME_DIGITS);
    const ids = new Set<string>();
    for (const [, value] of await this.kv.list(CHANGE_PREFIX, { from })) {
      for (const id of unwrap(ChangeRecord, value)?.ids ?? []) ids.add(id);
    }
    return [...ids];
  }

  /**
   * Where to split the stored papers so that about `fraction` of them come before (see `forEachBatch`'s
   * `range`), for two readers to share them; undefined when the store cannot tell cheaply or holds no paper.
   */
  async splitPoint(fraction: number): Promise<string | undefined> {
    return this.kv.splitKey?.(PAPER_PREFIX, fraction);
  }

  /**
   * Calls `visit` with every stored paper, in batches of at most `batchSize` in key order, one call
   * at a time, while the store reads the next batches: building the search index at start holds at
   * most a few batches of papers, never the whole store, and does not wait for the store in between.
   * With `range`, only the papers from `range.from` (a {@link splitPoint}) on and before `range.before`.
   */
  async forEachBatch(
    batchSize: number,
    visit: (papers: Paper[]) => void | Promise<void>,
    range: { from?: string; before?: string } = {},
  ): Promise<void> {
    const { before } = range;
    const inRange = (key: string) =>
      (range.from === undefined || compareKeys(key, range.from) >= 0) &&
      (before === undefined || compareKeys(key, before) < 0);
    if (!listsRangesCheaply(this.kv)) {
      // One listing, then batches: paging would repeat the driver's full scan once per page.
      const listed = await this.kv.list(PAPER_PREFIX);
      const rows =
        range.from === undefined && before === undefined ? listed : listed.filter(([key]) => inRange(key));
      for (let start = 0; start < rows.length; start += batchSize) {
        const papers = rows
          .slice(start, start + batchSize)
          .map(([, value]) => unwrap(PaperRecord, value))
          .filter((paper) => paper !== undefined);
        if (papers.length > 0) await visit(papers);
      }
      return;
    }
    // Pages are read ahead, each asked for as soon as the one before it arrives, so a slow read is absorbed by the
    // pages waiting rather than waited for; `visit` runs between them.
    const pages: [string, unknown][][] = [];
    let finished = false;
    let failed = false;
    let failure: unknown;
    let stopped = false;
    let arrived: (() => void) | undefined;
    let taken: (() => void) | undefined;
    const read = async () => {
      let from = range.from;
      try {
        while (!stopped) {
          if (pages.length >= READ_AHEAD) {
            await new Promise<void>((resolve) => (taken = resolve));
            continue;
          }
          const found = await this.kv.list(PAPER_PREFIX, { from, limit: batchSize });
          // The last page may reach past `before`: those papers are another reader's.
          const rows =
            before === undefined || found.length === 0 || compareKeys(found[found.length - 1]![0], before) < 0
              ? found
              : found.filter(([key]) => compareKeys(key, before) < 0);
          pages.push(rows);
          arrived?.();
          if (found.length < batchSize || rows.length < found.length) break;
          from = `${rows[rows.length - 1]![0]}\0`;
        }
      } catch (error) {
        failed = true;
        failure = error;
      }
      finished = true;
      arrived?.();
    };
    void read();
    try {
      for (;;) {
        const rows = pages.shift();
        if (rows === undefined) {
          if (failed) throw failure;
          if (finished) return;
          await new Promise<void>((resolve) => (arrived = resolve));
          continue;
        }
        taken?.();
        const papers = rows
          .map(([, value]) => unwrap(PaperRecord, value))
          .filter((paper) => paper !== undefined);
        if (papers.length > 0) await visit(papers);
        // Lets the page that arrived meanwhile be taken in, and the next one asked for, before the next visit.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      stopped = true;
      taken?.();
    }
  }

  private async idsFeaturedOn(date: string): Promise<string[]> {
    const prefix = featuredPrefix(date);
    return (await this.kv.list(prefix)).map(([key]) => unescapeId(key.slice(prefix.length)));
  }
}

/** A change-log key: the prefix, `<ms, zero-padded so keys sort by time>:<random>`; unique even for writes in the same ms. */
const changeKey = (at: number): string =>
  `${CHANGE_PREFIX}${String(Math.max(0, Math.floor(at))).padStart(TIME_DIGITS, "0")}:${randomBytes(6).toString("hex")}`;
const unescapeId = (segment: string): string => decodeURIComponent(segment);
