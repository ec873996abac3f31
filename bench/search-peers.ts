/**
 * The other search engines the search benchmark runs beside ours, on the same corpus and queries:
 * MiniSearch, FlexSearch and Orama, each configured as its documentation recommends for speed, with
 * our tokenizer (same stop words, same Porter stems) so every engine indexes and looks up the same
 * words. Queries are parsed once with our `parseQuery` and translated into each engine's query form:
 * bare words OR-ed (any word matches, the engine ranks), a quoted phrase as an AND of its words (none
 * of the three has phrase queries), `-word` as an exclusion.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";
import { Document, Resolver } from "flexsearch";
import MiniSearch, { type Query } from "minisearch";
import { type ParsedQuery, parseQuery, tokenize } from "../src/search/index.ts";
import type { BenchPaper } from "./corpus.ts";

/** What the benchmark needs of an engine: add papers in batches, search a query's text for ids. */
export interface Engine {
  add(papers: readonly BenchPaper[]): void;
  search(text: string, limit: number): string[];
}

/** The peer engines, in the order the benchmark runs them. */
export const PEERS = ["minisearch", "flexsearch", "orama"] as const;
export type PeerName = (typeof PEERS)[number];

/** How each peer is shown in tables; its npm package, for the installed version. */
export const PEER_INFO: Record<PeerName, { label: string; pkg: string }> = {
  minisearch: { label: "MiniSearch", pkg: "minisearch" },
  flexsearch: { label: "FlexSearch", pkg: "flexsearch" },
  orama: { label: "Orama", pkg: "@orama/orama" },
};

/** The installed version of a peer (read from its package.json on disk: not every package exports it). */
export function peerVersion(name: PeerName): string {
  const pkg = PEER_INFO[name].pkg;
  try {
    let dir = dirname(createRequire(import.meta.url).resolve(pkg));
    for (let up = 0; up < 5; up++, dir = dirname(dir)) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === pkg && manifest.version) return manifest.version;
      } catch {
        // no package.json at this level: look one up
      }
    }
  } catch {
    // not installed
  }
  return "?";
}

/** The positive words of a parsed query and whether all of them are required (a phrase was quoted). */
function positiveWords(parsed: ParsedQuery): { words: string[]; all: boolean } {
  const phraseWords = [...new Set(parsed.phrases.flat())];
  return phraseWords.length > 0
    ? { words: [...new Set([...phraseWords, ...parsed.terms])], all: true }
    : { words: parsed.terms, all: false };
}

// ---------------------------------------------------------------------------------------------
// MiniSearch

/** MiniSearch's query tree for a parsed query: words OR-ed, phrases as AND of their words, exclusions AND_NOT. */
export function miniSearchQuery(parsed: ParsedQuery): Query | undefined {
  const { words, all } = positiveWords(parsed);
  if (words.length === 0) return undefined;
  const positive: Query = { combineWith: all ? "AND" : "OR", queries: words };
  if (parsed.excludes.length === 0) return positive;
  const excluded = parsed.excludes.map(
    (exclude): Query => ({ combineWith: "AND", queries: exclude.split(" ") }),
  );
  return { combineWith: "AND_NOT", queries: [positive, ...excluded] };
}

/** MiniSearch with the options this benchmark compares against (see `BENCHMARKS.md`). */
export function createMiniSearch(): MiniSearch<BenchPaper> {
  return new MiniSearch<BenchPaper>({
    fields: ["title", "abstract"],
    storeFields: ["id"],
    // Same words as our index: our tokenizer (stop words dropped, Porter stems), so results compare.
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
    searchOptions: {
      boost: { title: 2 },
      prefix: false,
      fuzzy: false,
      combineWith: "OR",
      // Queries arrive as already stemmed words (from `parseQuery`), one per query node.
      tokenize: (text) => [text],
      processTerm: (term) => term,
    },
  });
}

/** MiniSearch as a benchmark engine. */
export function miniSearchEngine(): Engine {
  const mini = createMiniSearch();
  return {
    add(papers) {
      mini.addAll(papers);
    },
    search(text, limit) {
      const query = miniSearchQuery(parseQuery(text));
      if (query === undefined) return [];
      return mini
        .search(query)
        .slice(0, limit)
        .map((result) => result.id as string);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// FlexSearch and Orama: one tokenizer function serves documents and queries

/**
 * Marks text that is already a list of our stems (a parsed query), so the engine's tokenizer splits it
 * instead of stemming it again (Porter stemming is not idempotent: a stem of a stem can differ).
 */
const STEMS = "\u0001";
const asStems = (words: readonly string[]): string => `${STEMS}${words.join(" ")}`;
/** Our tokenizer for documents; stems passed through for queries. */
export const encodeText = (text: string): string[] =>
  text.startsWith(STEMS) ? text.slice(1).split(" ").filter(Boolean) : tokenize(text);

/** Papers are added under their position in the corpus (FlexSearch: "use numeric IDs"); ids map back. */
class Ids {
  private readonly ids: string[] = [];
  add(id: string): number {
    this.ids.push(id);
    return this.ids.length - 1;
  }
  of(n: number | string): string {
    return this.ids[Number(n)] ?? String(n);
  }
}

// ---------------------------------------------------------------------------------------------
// FlexSearch

type FlexDoc = { n: number; title: string; abstract: string };

/**
 * FlexSearch 0.8 as its documentation recommends for speed: a `Document` over `title` and `abstract`
 * with numeric ids, the `strict` tokenizer (whole words only: no prefix or partial-match entries,
 * the fastest and smallest index), the default scoring `resolution` of 9, no context index, no
 * `fastupdate` (nothing is updated or removed here), no document store (only ids are needed) and our
 * stems through `encode`. The title is boosted 2× as for MiniSearch. The result cache is off, as for
 * every engine here: it would answer a repeated query from memory, and none of the others caches.
 * Bare words use `suggest: true` (a paper matching only some of the words still counts, as in ours);
 * a phrase's words are all required. The two fields are combined, and exclusions applied, with
 * FlexSearch's `Resolver` (`.or` with the title boosted, `.not`): a plain `Document.search` with
 * `merge: true` lists every title match before any abstract match, whatever the boosts.
 */
export function flexSearchEngine(): Engine {
  const ids = new Ids();
  const field = (name: "title" | "abstract") => ({
    field: name,
    tokenize: "strict" as const,
    resolution: 9,
    encode: encodeText,
  });
  const doc = new Document<FlexDoc>({
    document: { id: "n", index: [field("title"), field("abstract")] },
  });
  return {
    add(papers) {
      for (const paper of papers) {
        doc.add({ n: ids.add(paper.id), title: paper.title, abstract: paper.abstract });
      }
    },
    search(text, limit) {
      const parsed = parseQuery(text);
      const { words, all } = positiveWords(parsed);
      if (words.length === 0) return [];
      const query = asStems(words);
      const suggest = !all;
      let resolver = new Resolver({ index: doc, field: "title", query, suggest, boost: 2 }).or({
        index: doc,
        field: "abstract",
        query,
        suggest,
      });
      if (parsed.excludes.length > 0) {
        const excluded = asStems(parsed.excludes.flatMap((exclude) => exclude.split(" ")));
        resolver = resolver
          .not({ index: doc, field: "title", query: excluded, suggest: true })
          .not({ index: doc, field: "abstract", query: excluded, suggest: true });
      }
      const results = (resolver as unknown as { resolve(o: { limit: number }): (number | string)[] }).resolve(
        {
          limit,
        },
      );
      return results.slice(0, limit).map((id) => ids.of(id));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Orama

/**
 * Orama 3 as its documentation recommends: `create` with a schema of the text fields, `insertMultiple`
 * in batches, `search` with `term`, `properties` and `boost: { title: 2 }`, `threshold: 1` (the
 * default: a paper matching any word is returned, BM25 ranks) and `tolerance: 0` (no typo matching,
 * which is its fast path). Our stems go through a custom tokenizer component. A phrase's words are
 * all required (`threshold: 0`). Orama has no exclusion operator: the results are read 10 deep and the
 * papers that contain an excluded stem are dropped (a `-word` query costs it one wider search).
 */
export function oramaEngine(): Engine {
  const ids = new Ids();
  const db = create({
    schema: { title: "string", abstract: "string" } as const,
    components: {
      tokenizer: {
        language: "english",
        normalizationCache: new Map<string, string>(),
        tokenize: (raw: string) => encodeText(raw),
      },
    },
  });
  return {
    add(papers) {
      const docs = papers.map((paper) => ({
        id: String(ids.add(paper.id)),
        title: paper.title,
        abstract: paper.abstract,
      }));
      insertMultiple(db, docs, 1000);
    },
    search(text, limit) {
      const parsed = parseQuery(text);
      const { words, all } = positiveWords(parsed);
      if (words.length === 0) return [];
      const excluded = parsed.excludes.flatMap((exclude) => exclude.split(" "));
      const depth = excluded.length > 0 ? limit * 10 : limit;
      const results = oramaSearch(db, {
        term: asStems(words),
        properties: ["title", "abstract"],
        boost: { title: 2 },
        tolerance: 0,
        threshold: all ? 0 : 1,
        limit: depth,
      }) as { hits: { id: string; document: { title: string; abstract: string } }[] };
      const hits =
        excluded.length === 0
          ? results.hits
          : results.hits.filter((hit) => {
              const stems = new Set(tokenize(`${hit.document.title} ${hit.document.abstract}`));
              return !excluded.some((stem) => stems.has(stem));
            });
      return hits.slice(0, limit).map((hit) => ids.of(hit.id));
    },
  };
}

/** A fresh engine of a peer. */
export function createPeer(name: PeerName): Engine {
  if (name === "minisearch") return miniSearchEngine();
  if (name === "flexsearch") return flexSearchEngine();
  return oramaEngine();
}
