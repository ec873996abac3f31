import { mergePapers } from "../papers/merge.ts";
import { Paper } from "../papers/paper.ts";
import { dateRange } from "../time.ts";
import type { KvBackend } from "./backend.ts";
import { escapeSegment } from "./refs.ts";
import { type RecordType, unwrap, wrap } from "./versioned.ts";

const PaperRecord: RecordType<Paper> = { version: 1, schema: Paper };

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
   */
  async upsert(papers: readonly Paper[]): Promise<Paper[]> {
    if (papers.length === 0) return [];
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
    }
    await this.kv.setMany(entries);
    return [...merged.values()];
  }

  /** Papers featured on a date (YYYY-MM-DD). */
  async featuredOn(date: string): Promise<Paper[]> {
    return this.getMany(await this.idsFeaturedOn(date));
  }

  /** Papers featured between two dates inclusive: one prefix read per day, never a scan of every day. */
  async featuredBetween(from: string, to: string): Promise<Paper[]> {
    const ids = await Promise.all(dateRange(from, to).map((date) => this.idsFeaturedOn(date)));
    return this.getMany([...new Set(ids.flat())]);
  }

  /** Every stored paper (for building the search index at start). */
  async all(): Promise<Paper[]> {
    const rows = await this.kv.list("paper:");
    return rows.map(([, value]) => unwrap(PaperRecord, value)).filter((paper) => paper !== undefined);
  }

  private async idsFeaturedOn(date: string): Promise<string[]> {
    const prefix = `featured:${date}:`;
    return (await this.kv.list(prefix)).map(([key]) => unescapeId(key.slice(prefix.length)));
  }
}

const paperKey = (id: string): string => `paper:${escapeSegment(id)}`;
const featuredKey = (date: string, id: string): string => `featured:${date}:${escapeSegment(id)}`;
const unescapeId = (segment: string): string => decodeURIComponent(segment);
