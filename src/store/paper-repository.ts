import { mergePapers } from "../papers/merge.ts";
import { Paper } from "../papers/paper.ts";
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
    const keys = await this.kv.list(`featured:${date}:`);
    return this.getMany(keys.map(([key]) => unescapeId(key.slice(`featured:${date}:`.length))));
  }

  /** Papers featured between two dates inclusive. */
  async featuredBetween(from: string, to: string): Promise<Paper[]> {
    const keys = await this.kv.list<number>("featured:");
    const ids = keys
      .map(([key]) => key.split(":"))
      .filter(([, date]) => date !== undefined && date >= from && date <= to)
      .map((parts) => unescapeId(parts.slice(2).join(":")));
    return this.getMany([...new Set(ids)]);
  }

  /** Every stored paper (for building the search index at start). */
  async all(): Promise<Paper[]> {
    const rows = await this.kv.list("paper:");
    return rows.map(([, value]) => unwrap(PaperRecord, value)).filter((paper) => paper !== undefined);
  }

  /** How many papers are stored. */
  async count(): Promise<number> {
    return (await this.kv.list("paper:")).length;
  }
}

const paperKey = (id: string): string => `paper:${escapeSegment(id)}`;
const featuredKey = (date: string, id: string): string => `featured:${date}:${escapeSegment(id)}`;
const unescapeId = (segment: string): string => decodeURIComponent(segment);
