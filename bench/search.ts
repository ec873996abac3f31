import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join, sep } from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import MiniSearch, { type Query } from "minisearch";
import { type ParsedQuery, parseQuery, SearchIndex, tokenize } from "../src/search/index.ts";
import {
  type BenchPaper,
  type BenchQuery,
  CLUSTERS,
  generateCorpus,
  generateQueries,
  paperOrdinal,
} from "./corpus.ts";

/**
 * Search benchmark: builds our `SearchIndex` and MiniSearch from the same generated corpus, in the
 * same process, and measures build time, added memory and per-query latency over the same queries.
 */

/** "Today" for every benchmark search, so recency boosts are deterministic. */
export const BENCH_NOW = new Date("2026-12-31T00:00:00Z");
/** Results per query, as `/papers topic` asks for. */
export const LIMIT = 10;
/** Queries run before timing starts, so both engines are JIT-compiled and their caches warm. */
export const WARMUP = 100;
export const QUERY_COUNT = 1000;
/** Papers generated per batch; only the `add` calls are timed, never the generation. */
const BATCH = 5000;
const DEFAULT_SEED = 6;
const MB = 1_000_000;

/** What one engine measured on one corpus. */
export interface Measurement {
  engine: "paperboy" | "minisearch";
  docs: number;
  /** Wall time of the add calls alone (corpus generation excluded). */
  buildMs: number;
  /** Growth of `process.memoryUsage().heapUsed` over the build (JS objects), after a full GC. */
  heapUsedBytes: number;
  /** Growth of `process.memoryUsage().arrayBuffers` (typed-array storage, outside the JS heap). */
  arrayBuffersBytes: number;
  /** heapUsed + arrayBuffers growth: the memory figure compared, since our index lives in typed arrays. */
  memoryBytes: number;
  /**
   * Same, measured again after the timed queries: adds the engines' query scratch space (and the
   * ~0.1 MB of result id arrays kept for comparison).
   */
  memoryAfterQueriesBytes: number;
  /** True if a full GC ran before each memory reading (else the memory figures are rough). */
  gcForced: boolean;
  queries: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Queries that returned at least one result. */
  answered: number;
  /** Ids of the top results per timed query, in query order. */
  top: string[][];
}

/** Progress callback: papers added so far. */
export type Progress = (added: number) => void;

export interface MeasureOptions {
  onProgress?: Progress;
  limit?: number;
  warmup?: number;
}

interface Engine {
  add(papers: readonly BenchPaper[]): void;
  search(text: string, limit: number): string[];
}

type Gc = () => void;
let gcFunction: Gc | undefined | null;

/** `global.gc` when node runs with --expose-gc, else one obtained through the V8 flag; null if neither works. */
function getGc(): Gc | null {
  if (gcFunction !== undefined) return gcFunction;
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === "function") gcFunction = exposed;
  else {
    try {
      v8.setFlagsFromString("--expose-gc");
      gcFunction = runInNewContext("gc") as Gc;
    } catch {
      gcFunction = null;
    }
  }
  return gcFunction;
}

interface MemorySnapshot {
  heapUsed: number;
  arrayBuffers: number;
}

function memory(): MemorySnapshot {
  const gc = getGc();
  if (gc) {
    gc();
    gc();
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

/** Keeps an engine reachable while memory is read after its queries. */
const retained: unknown[] = [];

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function measure(
  name: Measurement["engine"],
  create: () => Engine,
  corpus: Iterable<BenchPaper>,
  queries: readonly BenchQuery[],
  options: MeasureOptions,
): Measurement {
  const limit = options.limit ?? LIMIT;
  const before = memory();
  const engine = create();
  const iterator = corpus[Symbol.iterator]();
  let buildMs = 0;
  let docs = 0;
  for (let done = false; !done; ) {
    const batch: BenchPaper[] = [];
    while (batch.length < BATCH) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(next.value);
    }
    if (batch.length === 0) break;
    const start = performance.now();
    engine.add(batch);
    buildMs += performance.now() - start;
    docs += batch.length;
    options.onProgress?.(docs);
  }
  const built = memory();
  const warmup = Math.min(options.warmup ?? WARMUP, queries.length);
  for (let q = 0; q < warmup; q++) engine.search(queries[q]!.text, limit);
  const times: number[] = [];
  const top: string[][] = [];
  for (const query of queries) {
    const start = performance.now();
    const ids = engine.search(query.text, limit);
    times.push(performance.now() - start);
    top.push(ids);
  }
  // Hold the engine through the reading: V8 may otherwise collect it once its last use is past.
  retained.push(engine);
  const after = memory();
  retained.pop();
  const sorted = [...times].sort((a, b) => a - b);
  const heapUsedBytes = built.heapUsed - before.heapUsed;
  const arrayBuffersBytes = built.arrayBuffers - before.arrayBuffers;
  return {
    engine: name,
    docs,
    buildMs,
    heapUsedBytes,
    arrayBuffersBytes,
    memoryBytes: heapUsedBytes + arrayBuffersBytes,
    memoryAfterQueriesBytes: after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers,
    gcForced: getGc() !== null,
    queries: times.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    meanMs: times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length),
    answered: top.filter((ids) => ids.length > 0).length,
    top,
  };
}

/** Builds our `SearchIndex` from `corpus` and times `queries` against it (as `Catalog` does: add, then search). */
export function measureSearch(
  corpus: Iterable<BenchPaper>,
  queries: readonly BenchQuery[],
  options: MeasureOptions = {},
): Measurement {
  return measure(
    "paperboy",
    () => {
      const index = new SearchIndex();
      return {
        add(papers) {
          for (const paper of papers) index.add(paper);
        },
        search(text, limit) {
          return index.search(text, { limit, now: BENCH_NOW }).map((hit) => hit.id);
        },
      };
    },
    corpus,
    queries,
    options,
  );
}

/** MiniSearch's query tree for a parsed query: words OR-ed, phrases as AND of their words, exclusions AND_NOT. */
export function miniSearchQuery(parsed: ParsedQuery): Query | undefined {
  const phraseWords = [...new Set(parsed.phrases.flat())];
  const positive: Query =
    phraseWords.length > 0
      ? { combineWith: "AND", queries: [...new Set([...phraseWords, ...parsed.terms])] }
      : { combineWith: "OR", queries: parsed.terms };
  if ((positive as { queries: Query[] }).queries.length === 0) return undefined;
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

/** Builds MiniSearch from `corpus` and times the same `queries` (parsing included, as for ours). */
export function measureMiniSearch(
  corpus: Iterable<BenchPaper>,
  queries: readonly BenchQuery[],
  options: MeasureOptions = {},
): Measurement {
  return measure(
    "minisearch",
    () => {
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
    },
    corpus,
    queries,
    options,
  );
}

/** Share of returned results whose paper was written on the query's topic (by the generator's labels). */
export function onTopicShare(
  top: readonly string[][],
  queries: readonly BenchQuery[],
  topicsOf: (id: string) => readonly string[],
): number {
  let hits = 0;
  let total = 0;
  top.forEach((ids, q) => {
    for (const id of ids) {
      total++;
      if (topicsOf(id).includes(queries[q]!.topic)) hits++;
    }
  });
  return total === 0 ? Number.NaN : hits / total;
}

/** Mean over queries of |ours ∩ theirs| / max(|ours|, |theirs|), skipping queries neither answered. */
export function topOverlap(ours: readonly string[][], theirs: readonly string[][]): number {
  let sum = 0;
  let counted = 0;
  ours.forEach((a, q) => {
    const b = theirs[q] ?? [];
    if (a.length === 0 && b.length === 0) return;
    const set = new Set(b);
    sum += a.filter((id) => set.has(id)).length / Math.max(a.length, b.length);
    counted++;
  });
  return counted === 0 ? Number.NaN : sum / counted;
}

// ---------------------------------------------------------------------------------------------
// Command line

export interface SearchBenchOptions {
  sizes: number[];
  seed: number;
  json: boolean;
  withMiniSearch1m: boolean;
}

const USAGE = `Usage: npm run bench -- search [options]
  --size <n>              one corpus size (10k, 100k, 1m or a number)
  --sizes <a,b,...>       several sizes (default 10k,100k)
  --with-minisearch-1m    also run MiniSearch at 1M papers (slow, needs several GB of heap)
  --seed <n>              corpus and query seed (default ${DEFAULT_SEED})
  --json                  print machine-readable results to stdout instead of tables`;

/** Parses "10k", "100k", "1m", "2000". */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`[bench] bad size "${text}" (use e.g. 10k, 100k, 1m)`);
  const scale = { "": 1, k: 1_000, m: 1_000_000 }[match[2]!.toLowerCase() as "" | "k" | "m"];
  const size = Math.round(Number(match[1]) * scale);
  if (size < 1) throw new Error(`[bench] size must be positive: "${text}"`);
  return size;
}

export function parseArgs(argv: readonly string[]): SearchBenchOptions | "help" {
  const options: SearchBenchOptions = {
    sizes: [10_000, 100_000],
    seed: DEFAULT_SEED,
    json: false,
    withMiniSearch1m: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`[bench] ${arg} needs a value`);
      return next;
    };
    if (arg === "--help" || arg === "-h") return "help";
    else if (arg === "--size") options.sizes = [parseSize(value())];
    else if (arg === "--sizes") options.sizes = value().split(",").filter(Boolean).map(parseSize);
    else if (arg === "--seed") options.seed = Number.parseInt(value(), 10);
    else if (arg === "--json") options.json = true;
    else if (arg === "--with-minisearch-1m") options.withMiniSearch1m = true;
    else throw new Error(`[bench] unknown option ${arg}\n${USAGE}`);
  }
  if (!Number.isInteger(options.seed)) throw new Error("[bench] --seed needs an integer");
  return options;
}

/** The machine the figures were measured on. */
export function machineDescription(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    v8HeapLimitMiB: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}

/** The installed MiniSearch version (its package.json is not exported, so read it from disk). */
const miniSearchVersion = (): string => {
  try {
    const entry = createRequire(import.meta.url).resolve("minisearch");
    const manifest = join(entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`)), "package.json");
    return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
};

const label = (size: number): string =>
  size >= 1_000_000 && size % 1_000_000 === 0
    ? `${size / 1_000_000}M`
    : size >= 1000 && size % 1000 === 0
      ? `${size / 1000}k`
      : String(size);

const ms = (value: number): string =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
const pct = (share: number): string => (Number.isNaN(share) ? "–" : `${(share * 100).toFixed(1)}%`);
const times = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : "–");

interface Target {
  what: string;
  goal: string;
  measured: string;
  pass: boolean;
}

export interface SizeResult {
  size: number;
  ours: Omit<Measurement, "top">;
  minisearch?: Omit<Measurement, "top">;
  minisearchSkipped?: string;
  onTopic: { ours: number; minisearch?: number };
  top10Overlap?: number;
  ratios?: { p50: number; p99: number; memory: number; build: number };
  targets: Target[];
}

/** The targets for a size: at 100k the latency, build, memory and MiniSearch ratios; at 1M that it ran. */
function targetsFor(result: Omit<SizeResult, "targets">): Target[] {
  const { size, ours, ratios } = result;
  const targets: Target[] = [];
  if (size === 100_000) {
    targets.push(
      { what: "p99 at 100k", goal: "≤ 10 ms", measured: ms(ours.p99Ms), pass: ours.p99Ms <= 10 },
      { what: "p50 at 100k", goal: "≤ 2 ms", measured: ms(ours.p50Ms), pass: ours.p50Ms <= 2 },
      { what: "build at 100k", goal: "≤ 10 s", measured: ms(ours.buildMs), pass: ours.buildMs <= 10_000 },
      {
        what: "added memory at 100k",
        goal: "≤ 200 MB",
        measured: mb(ours.memoryBytes),
        pass: ours.memoryBytes <= 200 * MB,
      },
    );
    if (ratios) {
      targets.push(
        {
          what: "p99 vs MiniSearch",
          goal: "≥ 5× faster",
          measured: `${times(ratios.p99)} faster`,
          pass: ratios.p99 >= 5,
        },
        {
          what: "memory vs MiniSearch",
          goal: "≤ ½ of MiniSearch",
          measured: `${pct(1 / ratios.memory)} of MiniSearch`,
          pass: ratios.memory >= 2,
        },
      );
    }
  }
  if (size === 1_000_000) {
    targets.push({
      what: "1M works",
      goal: "builds and answers",
      measured: `${ms(ours.buildMs)} build, p99 ${ms(ours.p99Ms)}`,
      pass: ours.docs === size && ours.answered > 0,
    });
  }
  return targets;
}

/** Runs both engines at one corpus size. */
export function benchSize(
  size: number,
  options: Pick<SearchBenchOptions, "seed" | "withMiniSearch1m">,
  log: (line: string) => void = () => {},
): SizeResult {
  const queries = generateQueries({ count: QUERY_COUNT, seed: options.seed });
  // Topic labels by paper ordinal, allocated before any memory baseline so they are never charged.
  const topicMasks = new Uint32Array(size);
  const labelled = function* (): Generator<BenchPaper> {
    for (const paper of generateCorpus({ size, seed: options.seed })) {
      let mask = 0;
      for (const topic of paper.topics) mask |= 1 << CLUSTERS.findIndex((c) => c.key === topic);
      topicMasks[paperOrdinal(paper.id, size)] = mask;
      yield paper;
    }
  };
  const topicsOf = (id: string): string[] => {
    const mask = topicMasks[paperOrdinal(id, size)] ?? 0;
    return CLUSTERS.filter((_, bit) => (mask >>> bit) & 1).map((c) => c.key);
  };
  const progress =
    (engine: string): Progress =>
    (added) => {
      if (added % (size >= 1_000_000 ? 100_000 : 50_000) === 0 || added === size)
        log(`  ${engine}: ${added.toLocaleString("en-US")} / ${size.toLocaleString("en-US")} papers added`);
    };
  log(`[search ${label(size)}] building our SearchIndex …`);
  const { top: ourTop, ...ours } = measureSearch(labelled(), queries, {
    onProgress: progress("SearchIndex"),
  });
  const result: Omit<SizeResult, "targets"> = {
    size,
    ours,
    onTopic: { ours: onTopicShare(ourTop, queries, topicsOf) },
  };
  if (size >= 1_000_000 && !options.withMiniSearch1m) {
    result.minisearchSkipped =
      "skipped at 1M (pass --with-minisearch-1m, with NODE_OPTIONS=--max-old-space-size=16384)";
  } else {
    log(`[search ${label(size)}] building MiniSearch …`);
    const { top: theirTop, ...minisearch } = measureMiniSearch(
      generateCorpus({ size, seed: options.seed }),
      queries,
      {
        onProgress: progress("MiniSearch"),
      },
    );
    result.minisearch = minisearch;
    result.onTopic.minisearch = onTopicShare(theirTop, queries, topicsOf);
    result.top10Overlap = topOverlap(ourTop, theirTop);
    result.ratios = {
      p50: minisearch.p50Ms / ours.p50Ms,
      p99: minisearch.p99Ms / ours.p99Ms,
      memory: minisearch.memoryBytes / ours.memoryBytes,
      build: minisearch.buildMs / ours.buildMs,
    };
  }
  return { ...result, targets: targetsFor(result) };
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
}

/** Human-readable report of one size. */
export function formatSize(result: SizeResult, version = miniSearchVersion()): string {
  const lines: string[] = [];
  lines.push(
    `Search at ${label(result.size)} papers — ${QUERY_COUNT} queries, limit ${LIMIT}, ${WARMUP} warm-up queries`,
  );
  const header = [
    "engine",
    "build",
    "heapUsed",
    "arrayBuffers",
    "memory",
    "p50",
    "p99",
    "max",
    "on-topic@10",
  ];
  const widths = [22, 9, 10, 12, 10, 9, 9, 9, 11];
  const row = (name: string, m: Omit<Measurement, "top">, onTopic: number | undefined) =>
    pad(
      [
        name,
        ms(m.buildMs),
        mb(m.heapUsedBytes),
        mb(m.arrayBuffersBytes),
        mb(m.memoryBytes),
        ms(m.p50Ms),
        ms(m.p99Ms),
        ms(m.maxMs),
        onTopic === undefined ? "–" : pct(onTopic),
      ],
      widths,
    );
  lines.push(pad(header, widths));
  lines.push(row("paperboy SearchIndex", result.ours, result.onTopic.ours));
  if (result.minisearch)
    lines.push(row(`MiniSearch ${version}`, result.minisearch, result.onTopic.minisearch));
  else lines.push(pad([`MiniSearch ${version}`, result.minisearchSkipped ?? "skipped"], [22, 0]));
  if (result.ratios) {
    const r = result.ratios;
    lines.push(
      `MiniSearch / ours: p99 ${times(r.p99)}, p50 ${times(r.p50)}, memory ${times(r.memory)}, build time ${times(r.build)}; ` +
        `top-10 overlap ${pct(result.top10Overlap ?? Number.NaN)}`,
    );
  }
  lines.push(
    `answered: ours ${result.ours.answered}/${result.ours.queries}` +
      (result.minisearch ? `, MiniSearch ${result.minisearch.answered}/${result.minisearch.queries}` : ""),
  );
  if (!result.ours.gcForced) lines.push("warning: no GC available, memory figures are rough");
  for (const target of result.targets)
    lines.push(
      `  ${target.pass ? "PASS" : "MISS"}  ${target.what}: ${target.goal} — measured ${target.measured}`,
    );
  return lines.join("\n");
}

/** `npm run bench -- search [options]`. */
export async function run(argv: string[]): Promise<void> {
  const parsed = parseArgs(argv);
  if (parsed === "help") {
    console.log(USAGE);
    return;
  }
  const machine = machineDescription();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!parsed.json) {
    console.log(
      `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM; Node ${machine.node}; ${machine.os}; V8 heap limit ${machine.v8HeapLimitMiB} MiB`,
    );
    console.log(
      "Memory = growth of heapUsed + arrayBuffers after a forced full GC (our index keeps its data in typed arrays, which heapUsed does not count).\n",
    );
  }
  if (
    parsed.withMiniSearch1m &&
    Number(machine.v8HeapLimitMiB) < 12_000 &&
    parsed.sizes.some((s) => s >= 1e6)
  )
    log("note: MiniSearch at 1M likely needs NODE_OPTIONS=--max-old-space-size=16384");
  const results: SizeResult[] = [];
  for (const size of parsed.sizes) {
    const result = benchSize(size, parsed, log);
    results.push(result);
    if (!parsed.json) console.log(`${formatSize(result)}\n`);
  }
  if (parsed.json) {
    console.log(
      JSON.stringify(
        {
          benchmark: "search",
          date: new Date().toISOString(),
          machine,
          minisearchVersion: miniSearchVersion(),
          seed: parsed.seed,
          memoryMeasure: "heapUsed + arrayBuffers growth after forced GC",
          results,
        },
        null,
        2,
      ),
    );
  }
}
