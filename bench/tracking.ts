import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ChatAdapter, PostOptions } from "../src/chat/adapter.ts";
import type { Reply } from "../src/chat/reply.ts";
import { FollowupService } from "../src/followups/followup-service.ts";
import { HF_WINDOW_CALLS, HF_WINDOW_MS, Refresher } from "../src/followups/refresh.ts";
import { silentLogger } from "../src/log.ts";
import { Paper } from "../src/papers/paper.ts";
import { ARXIV_ID_LIST_MAX, ARXIV_INTERVAL_MS } from "../src/papers/sources/arxiv.ts";
import { createCatalogSources } from "../src/papers/sources/catalog-sources.ts";
import { UpstreamGuard } from "../src/papers/upstream-guard.ts";
import type { KvBackend } from "../src/store/backend.ts";
import { createMemoryBackend } from "../src/store/drivers/memory.ts";
import { createSqliteBackend } from "../src/store/drivers/sqlite.ts";
import type { ChannelRef } from "../src/store/refs.ts";
import { createStore, type Store } from "../src/store/store.ts";
import { seededRandom } from "../tests/helpers/seeded-random.ts";
import { option } from "./options.ts";
import { machineLine } from "./search.ts";

const DAY_MS = 86_400_000;
const PASS_MS = 5 * 60_000;
/** Hugging Face's anonymous limit as the issue gives it: about 500 calls per 5 minutes. */
const HF_LIMIT = 500;
/** The refresher's default daily budget (`PAPERBOY_FOLLOWUP_DAILY_REQUESTS`). */
const DAILY_BUDGET = 24_000;
const START = Date.parse("2026-06-12T00:00:00Z");

const paperId = (n: number) => `2605.${String(n).padStart(5, "0")}`;

/** What the fake upstream saw, per virtual UTC day, and every limit it caught being broken. */
interface UpstreamCounts {
  perDay: Map<string, { huggingface: number; arxiv: number }>;
  /** Hugging Face paper reads per paper per day (`day paper` → reads). */
  paperReads: Map<string, number>;
  /** Most Hugging Face calls in any 5-minute window (virtual time). */
  peakHfWindow: number;
  /** Shortest gap between two arXiv requests (virtual ms). */
  minArxivGapMs: number;
  maxIdsPerRequest: number;
  violations: string[];
}

/**
 * Hugging Face and arXiv on one local server, on the bench's virtual clock: each paper's
 * `/api/papers/{id}` and `/api/arxiv/{id}/repos`, and arXiv's `id_list`. It counts every request and
 * refuses (429, recorded as a violation) a Hugging Face call past 500 in a sliding 5 minutes, an arXiv
 * request sooner than 3 s after the last, and an `id_list` of more than 100 ids.
 */
async function startFakeUpstream(clock: { ms: number }) {
  const counts: UpstreamCounts = {
    perDay: new Map(),
    paperReads: new Map(),
    peakHfWindow: 0,
    minArxivGapMs: Number.POSITIVE_INFINITY,
    maxIdsPerRequest: 0,
    violations: [],
  };
  const hfCalls: number[] = [];
  let lastArxiv = Number.NEGATIVE_INFINITY;
  const day = () => new Date(clock.ms).toISOString().slice(0, 10);
  const count = (source: "huggingface" | "arxiv") => {
    const today = counts.perDay.get(day()) ?? { huggingface: 0, arxiv: 0 };
    today[source] += 1;
    counts.perDay.set(day(), today);
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type });
      response.end(body);
    };
    if (url.pathname === "/api/query") {
      count("arxiv");
      const ids = (url.searchParams.get("id_list") ?? "").split(",").filter(Boolean);
      counts.maxIdsPerRequest = Math.max(counts.maxIdsPerRequest, ids.length);
      counts.minArxivGapMs = Math.min(counts.minArxivGapMs, clock.ms - lastArxiv);
      if (clock.ms - lastArxiv < ARXIV_INTERVAL_MS) counts.violations.push("arXiv: two requests within 3 s");
      if (ids.length > ARXIV_ID_LIST_MAX) counts.violations.push(`arXiv: id_list of ${ids.length} ids`);
      lastArxiv = clock.ms;
      const entries = ids.map(
        (id) =>
          `<entry><id>http://arxiv.org/abs/${id}v1</id><title>Paper ${id}</title><summary>About ${id}.</summary><published>2026-05-10T00:00:00Z</published><author><name>A. Author</name></author><category term="cs.LG"/></entry>`,
      );
      send(
        200,
        "application/atom+xml",
        `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">${entries.join("")}</feed>`,
      );
      return;
    }
    count("huggingface");
    while (hfCalls.length > 0 && (hfCalls[0] ?? 0) <= clock.ms - HF_WINDOW_MS) hfCalls.shift();
    if (hfCalls.length >= HF_LIMIT) {
      counts.violations.push("Hugging Face: over 500 calls in 5 minutes");
      send(429, "application/json", '{"error":"rate limited"}');
      return;
    }
    hfCalls.push(clock.ms);
    counts.peakHfWindow = Math.max(counts.peakHfWindow, hfCalls.length);
    const repos = /^\/api\/arxiv\/([^/]+)\/repos$/.exec(url.pathname);
    if (repos) {
      send(200, "application/json", '{"models":[],"datasets":[],"spaces":[]}');
      return;
    }
    const paper = /^\/api\/papers\/([^/]+)$/.exec(url.pathname);
    if (!paper?.[1]) {
      send(404, "application/json", "{}");
      return;
    }
    const id = paper[1];
    const key = `${day()} ${id}`;
    counts.paperReads.set(key, (counts.paperReads.get(key) ?? 0) + 1);
    const n = Number(id.slice(5));
    send(
      200,
      "application/json",
      JSON.stringify({
        id,
        title: `Paper ${n}`,
        summary: `About paper ${n}.`,
        authors: [{ name: "A. Author" }],
        publishedAt: "2026-05-10T00:00:00.000Z",
        upvotes: 10,
        // One paper in 50 has its code out: a follow-up for every channel tracking it.
        ...(n % 50 === 0 ? { githubRepo: `https://github.com/lab/paper-${n}` } : {}),
      }),
    );
  });
  // Real seconds can pass between two virtual passes: idle connections stay open, so no send meets a
  // socket the server just closed (a retry's back-off would move the virtual clock).
  server.keepAliveTimeout = 3_600_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, counts, close: () => server.close() };
}

/** A platform that counts threaded follow-ups per (channel, paper). */
class CountingAdapter implements ChatAdapter {
  readonly platform = "slack" as const;
  readonly replies = new Map<string, number>();
  async start() {}
  async stop() {}
  async post(): Promise<{ messageId: string }> {
    throw new Error("every tracked paper has a message to reply under");
  }
  async replyInThread(channel: ChannelRef, parent: string, _reply: Reply, _options?: PostOptions) {
    const key = `${channel.channelId} ${parent}`;
    this.replies.set(key, (this.replies.get(key) ?? 0) + 1);
    return { messageId: `${parent}.r` };
  }
}

/**
 * The tracked set: `channels` channels each tracking `perChannel` papers, every one of `papers` papers by
 * at least one channel, the rest drawn with a heavy tail (a few papers every team reads), as votes cast
 * over the last 30 days on the messages that carried them.
 */
async function seed(store: Store, papers: number, channels: number, perChannel: number) {
  const random = seededRandom(17);
  const byChannel = new Map<number, Set<number>>();
  for (let c = 0; c < channels; c++) byChannel.set(c, new Set());
  for (let n = 0; n < papers; n++) byChannel.get(n % channels)?.add(n);
  for (const [, tracked] of byChannel) {
    while (tracked.size < perChannel) tracked.add(Math.floor(papers * random() ** 3));
  }
  const channelsPerPaper = new Map<number, number>();
  for (const [c, tracked] of byChannel) {
    const channel: ChannelRef = {
      platform: "slack",
      workspaceId: `T${c % 50}`,
      channelId: `C${String(c).padStart(4, "0")}`,
    };
    for (const n of tracked) {
      channelsPerPaper.set(n, (channelsPerPaper.get(n) ?? 0) + 1);
      const at = new Date(START - Math.floor(random() * 30) * DAY_MS);
      const messageId = `${channel.channelId}-${n}`;
      await store.posts.record(channel, {
        paperId: paperId(n),
        date: at.toISOString().slice(0, 10),
        messageId,
        postedAt: at.toISOString(),
      });
      const voters = 1 + Math.floor(random() * 3);
      for (let v = 0; v < voters; v++)
        await store.votes.add(channel, paperId(n), `U${v}`, at, "+1", messageId);
    }
  }
  await store.papers.upsert(
    Array.from({ length: papers }, (_, n) =>
      Paper.parse({
        id: paperId(n),
        title: `Paper ${n}`,
        abstract: `About paper ${n}.`,
        authors: ["A. Author"],
        publishedAt: "2026-05-10T00:00:00.000Z",
        version: 1,
        sources: ["huggingface"],
      }),
    ),
  );
  const spread = [...channelsPerPaper.values()];
  return {
    records: spread.reduce((sum, each) => sum + each, 0),
    maxChannels: Math.max(...spread),
    papersIn30: spread.filter((each) => each >= 30).length,
  };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const hours = (ms: number) => `${(ms / 3_600_000).toFixed(1)} h`;

/**
 * `npm run bench -- tracking [--papers 10000] [--channels 500] [--per-channel 60] [--days 1] [--store memory|sqlite] [--json]`:
 * follow-up refreshes of a large tracked set against a local fake Hugging Face + arXiv that counts
 * requests and enforces their limits. Time is virtual: the bench's clock moves 5 minutes per pass (the
 * bot's cadence) and arXiv's 3-second pace advances it instead of sleeping; HTTP, the store (memory), the
 * refresher, the follow-up service and the parsing are the real ones.
 */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(
      "npm run bench -- tracking [--papers 10000] [--channels 500] [--per-channel 60] [--days 1] [--store memory|sqlite] [--json]\n",
    );
    return;
  }
  const papers = Number(option(argv, "--papers") ?? 10_000);
  const channels = Number(option(argv, "--channels") ?? 500);
  const perChannel = Number(option(argv, "--per-channel") ?? 60);
  const days = Number(option(argv, "--days") ?? 1);
  const storeKind = option(argv, "--store") ?? "memory";
  const clock = { ms: START };
  const upstream = await startFakeUpstream(clock);
  const shutdown = new AbortController();
  const dir = mkdtempSync(join(tmpdir(), "paperboy-bench-tracking-"));
  let backend: KvBackend | undefined;
  try {
    backend =
      storeKind === "memory" ? createMemoryBackend() : await createSqliteBackend(join(dir, "store.sqlite"));
    const store = createStore(backend);
    const seeded = await seed(store, papers, channels, perChannel);
    const now = () => new Date(clock.ms);
    const sources = createCatalogSources({
      huggingFaceUrl: upstream.url,
      arxivUrl: upstream.url,
      arxivCategories: [],
      httpTimeoutMs: 10_000,
      logger: silentLogger,
      signal: shutdown.signal,
      sleep: async (ms) => {
        clock.ms += ms;
      },
      now: () => clock.ms,
    });
    const adapter = new CountingAdapter();
    const service = new FollowupService({
      store,
      refresher: new Refresher({
        store,
        sources,
        guard: new UpstreamGuard(silentLogger, now, PASS_MS),
        logger: silentLogger,
        now,
        dailyRequests: DAILY_BUDGET,
      }),
      adapters: [adapter],
      logger: silentLogger,
      now,
      trackDays: 60,
      defaultTimezone: "UTC",
      holder: "bench",
    });

    // What finding the tracked set costs a pass: before (every vote and save) and now (the index).
    const scanStarted = cpuMs();
    await Promise.all([
      store.votes.everywhereSince(new Date(START - 60 * DAY_MS)),
      store.readingLists.everywhereSince(new Date(START - 60 * DAY_MS)),
    ]);
    const scanMs = cpuMs() - scanStarted;

    const refreshedAt = new Map<string, number>();
    let firstCoverageMs: number | undefined;
    let firstCoverageCpuMs: number | undefined;
    let firstPassCpuMs = 0;
    let passCpuMs = 0;
    let passes = 0;
    const cpuStarted = cpuMs();
    const wallStarted = performance.now();
    for (let at = START; at < START + days * DAY_MS; at += PASS_MS) {
      clock.ms = Math.max(clock.ms, at);
      const before = cpuMs();
      const result = await service.runPass();
      const spent = cpuMs() - before;
      passCpuMs += spent;
      if (passes === 0) firstPassCpuMs = spent;
      passes++;
      for (const id of result.refresh?.refreshed ?? []) refreshedAt.set(id, clock.ms);
      if (firstCoverageMs === undefined && refreshedAt.size === papers) {
        firstCoverageMs = clock.ms - START + PASS_MS;
        firstCoverageCpuMs = cpuMs() - cpuStarted;
      }
    }
    const wallMs = performance.now() - wallStarted;
    const indexStarted = cpuMs();
    await store.tracked.all();
    const indexMs = cpuMs() - indexStarted;

    const perDay = [...upstream.counts.perDay].sort(([a], [b]) => a.localeCompare(b));
    const fullDays = perDay.slice(0, Math.floor(days));
    const maxReadsPerPaperDay = Math.max(0, ...upstream.counts.paperReads.values());
    const duplicates = [...adapter.replies.values()].filter((count) => count > 1).length;
    const followups = adapter.replies.size;
    const withinLimits =
      upstream.counts.violations.length === 0 &&
      upstream.counts.peakHfWindow <= HF_LIMIT &&
      upstream.counts.maxIdsPerRequest <= ARXIV_ID_LIST_MAX &&
      upstream.counts.minArxivGapMs >= ARXIV_INTERVAL_MS;
    const dailyCoverage = firstCoverageMs !== undefined && firstCoverageMs <= DAY_MS;
    const result = {
      papers,
      channels,
      trackingRecords: seeded.records,
      maxChannelsPerPaper: seeded.maxChannels,
      papersTrackedBy30OrMore: seeded.papersIn30,
      simulatedDays: days,
      passes,
      requestsPerDay: Object.fromEntries(fullDays),
      limitsPerDay: { huggingface: (HF_LIMIT * DAY_MS) / HF_WINDOW_MS, arxiv: DAY_MS / ARXIV_INTERVAL_MS },
      budgetPerDay: DAILY_BUDGET,
      peakHfCallsIn5Min: upstream.counts.peakHfWindow,
      refresherHfShareIn5Min: HF_WINDOW_CALLS,
      minArxivGapS: upstream.counts.minArxivGapMs / 1000,
      maxIdsPerArxivRequest: upstream.counts.maxIdsPerRequest,
      violations: upstream.counts.violations.length,
      maxHfReadsPerPaperPerDay: maxReadsPerPaperDay,
      wholeSetRefresh: {
        simulatedMs: firstCoverageMs,
        cpuMs: firstCoverageCpuMs === undefined ? undefined : Math.round(firstCoverageCpuMs),
      },
      cpuMs: {
        total: Math.round(passCpuMs),
        firstPassWithAdoption: Math.round(firstPassCpuMs),
        perPass: Math.round((passCpuMs - firstPassCpuMs) / Math.max(1, passes - 1)),
        findTrackedBefore: Math.round(scanMs),
        findTrackedNow: Math.round(indexMs),
      },
      realWallMs: Math.round(wallMs),
      followups: { posted: followups, duplicates },
      withinLimits,
      dailyCoverage,
    };
    if (argv.includes("--json")) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
    const lines = [
      machineLine(),
      "",
      `Tracked: ${papers.toLocaleString("en")} papers in ${channels} channels (${seeded.records.toLocaleString("en")} channel-paper records; a paper is tracked by up to ${seeded.maxChannels} channels, ${seeded.papersIn30} papers by 30 or more)`,
      `Simulated: ${days} day(s) on a virtual clock, one pass every 5 minutes (${passes} passes); HTTP, the ${storeKind} store, refresher and follow-up service are real, the upstream is a local fake on the virtual clock.`,
      "",
      "Upstream requests per simulated UTC day (limit per day at the issue's rates; the refresher's budget is 24,000):",
      ...fullDays.map(
        ([date, count]) =>
          `  ${date}  Hugging Face ${count.huggingface.toLocaleString("en")} / ${result.limitsPerDay.huggingface.toLocaleString("en")}   arXiv ${count.arxiv.toLocaleString("en")} / ${result.limitsPerDay.arxiv.toLocaleString("en")}   total ${(count.huggingface + count.arxiv).toLocaleString("en")} / budget ${DAILY_BUDGET.toLocaleString("en")}`,
      ),
      `Peaks: Hugging Face ${upstream.counts.peakHfWindow} calls in any 5 minutes (limit ${HF_LIMIT}, the refresher's share ${HF_WINDOW_CALLS}); arXiv at least ${result.minArxivGapS} s apart (limit 3 s), at most ${upstream.counts.maxIdsPerRequest} ids a request (limit ${ARXIV_ID_LIST_MAX}); ${upstream.counts.violations.length} refused requests`,
      `Shared across channels: at most ${maxReadsPerPaperDay} Hugging Face read(s) of one paper a day, whatever the number of channels tracking it`,
      `Whole tracked set refreshed once: ${firstCoverageMs === undefined ? "not within the simulated days" : `${hours(firstCoverageMs)} simulated (${firstCoverageMs / PASS_MS} passes at the limits above)`}, ${result.wholeSetRefresh.cpuMs ?? "-"} ms CPU`,
      `CPU: ${result.cpuMs.total} ms over ${passes} passes (${result.realWallMs} ms real time); first pass (adopting ${seeded.records.toLocaleString("en")} records' votes) ${result.cpuMs.firstPassWithAdoption} ms, then ${result.cpuMs.perPass} ms a pass on average`,
      `Finding the tracked set: scanning every vote and save ${result.cpuMs.findTrackedBefore} ms (each pass, before); reading the index ${result.cpuMs.findTrackedNow} ms (each pass, now)`,
      `Follow-ups: ${followups} posted (one paper in 50 has code out; a channel's news found after its day's batch waits for the next day), ${duplicates} posted twice`,
      "",
      `${verdict(withinLimits)}  stays within the upstream limits (Hugging Face ≈ 500 calls / 5 min, arXiv 1 request / 3 s, ≤ 100 ids)`,
      `${verdict(dailyCoverage)}  every tracked paper read within a day`,
      "",
    ];
    process.stdout.write(lines.join("\n"));
  } finally {
    shutdown.abort();
    upstream.close();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
