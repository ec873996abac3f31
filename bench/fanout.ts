/**
 * Digest fan-out benchmark: N channels due at once, posted by the real Scheduler through the real Slack
 * (Bolt WebClient) or Discord (discord.js) adapter, against fakes that enforce the platforms' rate limits
 * and answer 429 when they are exceeded. Reports the time to the last accepted message against the
 * rate-limit floor (the least time the enforced limits allow), posts lost, duplicates and 429s.
 *
 *   npm run bench -- fanout [--channels 200] [--platform slack|discord|both] [--concurrency 500[,64,…]]
 *                           [--workspaces 1] [--find] [--store memory|sqlite] [--cold-catalog] [--taste] [--warm] [--in-process]
 *                           [--slack-limit 3/1] [--slack-workspace-limit 50/300] [--bare] [--json]
 *
 * `--bare` (Slack) measures the transport alone instead of a fan-out: every channel's first message through
 * the same posting thread to the same fake, with no bot work (`fanout-bare.ts`), and the least ratio that
 * leaves any fan-out on this machine.
 *
 * Target (issue): fan-out ≤ 1.1 × the rate-limit floor, zero lost, zero duplicates.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createDiscordAdapter } from "../adapters/discord/index.ts";
import { createSlackAdapter } from "../adapters/slack/index.ts";
import { createInstallationStore } from "../adapters/slack/installation-store.ts";
import { commands } from "../commands/index.ts";
import { type App, createApp } from "../src/app.ts";
import type { ChatAdapter } from "../src/chat/adapter.ts";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { Scheduler } from "../src/scheduler/scheduler.ts";
import { createMemoryBackend } from "../src/store/drivers/memory.ts";
import { openStore } from "../src/store/open-store.ts";
import type { ChannelRef } from "../src/store/refs.ts";
import { DISCORD_TEST_TOKEN } from "../tests/helpers/discord-harness.ts";
import {
  DISCORD_RATE_LIMITS,
  type DiscordRateLimits,
  type FakeGuildSpec,
} from "../tests/helpers/fake-discord.ts";
import {
  FAKE_BOT,
  installTokens,
  SLACK_POST_LIMIT,
  SLACK_WORKSPACE_POST_LIMIT,
  type SlackRateLimit,
  type SlackWorkspaceLimit,
} from "../tests/helpers/fake-slack.ts";
import { SIGNING_SECRET, SLACK_OAUTH_ENV } from "../tests/helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../tests/helpers/test-app.ts";
import { type CpuSample, cpuAt, startCpuSampler } from "./cpu-sampler.ts";
import { type BareResult, runBarePosts } from "./fanout-bare.ts";
import {
  type AcceptedMessage,
  epochNow,
  type FakeHost,
  type FakeSpec,
  hostFake,
  hostFakeInWorker,
} from "./fanout-fakes.ts";
import { cpuByGroup, mainThreadCpuMs, threadCpuMs, threadsStartedBy } from "./thread-cpu.ts";

export type FanoutPlatform = "slack" | "discord";

/** The issue's target: fan-out within 10 % of the rate-limit floor. */
export const TARGET_RATIO = 1.1;
/** The issue's default and largest channel counts. */
export const DEFAULT_CHANNELS = 200;
export const MAX_CHANNELS = 1000;
/** Discord channels per fake guild (Discord allows 500 channels in a guild). */
const CHANNELS_PER_GUILD = 100;
/** The day the digests are for: the recorded Hugging Face day the fixture holds. */
const DIGEST_DATE = "2026-06-12";
/** The bench clock starts here; the channels' schedules are two minutes earlier, so they are due now. */
const CLOCK_START = Date.parse(`${DIGEST_DATE}T09:00:00Z`);
const SCHEDULE = { time: "08:58", timezone: "UTC", days: "daily" as const };
/** The day before `DIGEST_DATE`, posted first with `--warm`. */
const WARM_DATE = "2026-06-11";
/** How long the limits get to recover between the warm sweep and the measured one (Slack's workspace bucket: 50 at 5/s). */
const WARM_RECOVERY_MS = 12_000;
const DAY_MS = 86_400_000;

/** The fixture's papers as other papers of the day before (ids moved to 2605.*), for the warm sweep. */
function dayBeforePapers() {
  return fixturePapers().map((paper) => ({ ...paper, id: paper.id.replace(/^2606\./, "2605.") }));
}

/** One fan-out run. */
export interface FanoutOptions {
  platform: FanoutPlatform;
  channels: number;
  /** The scheduler's `concurrency` (channels posted at once), passed as is. */
  concurrency: number;
  store?: "memory" | "sqlite";
  /** What the fake Slack enforces. Default {@link SLACK_POST_LIMIT}. */
  slackLimit?: SlackRateLimit;
  /** What the fake Slack enforces per workspace. Default {@link SLACK_WORKSPACE_POST_LIMIT}. */
  slackWorkspaceLimit?: SlackWorkspaceLimit;
  /**
   * Slack workspaces (OAuth installs) the channels are spread over, in contiguous blocks; default 1 (the
   * single-workspace bot token). Discord: guilds of 100 channels whatever this says.
   */
  workspaces?: number;
  /** What the fake Discord enforces. Default {@link DISCORD_RATE_LIMITS}. */
  discordLimits?: DiscordRateLimits;
  /**
   * Fetch the day's papers into the catalog before the sweep (default), so the run measures the fan-out.
   * Cold, the channels the scheduler starts before the first fetch lands wait for that one fetch
   * (`Catalog.forDate` shares a fetch in flight).
   */
  coldCatalog?: boolean;
  /**
   * Give every channel a taste of its own before the sweep (upvotes from three people on three of the
   * day's papers, one downvote, one follow, chosen per channel), so the run measures the personalised
   * ranking of every channel as well.
   */
  taste?: boolean;
  /**
   * Measure a warm process: the same app first posts the day before's digests to every channel (other
   * papers), the limits recover, then the measured sweep runs. What a bot that has been up since
   * yesterday does each morning; without it, the first fan-out of a fresh process, code still cold.
   */
  warm?: boolean;
  /**
   * Run the fake platform in this thread instead of a worker thread. In a worker (default) the fake's CPU
   * does not compete with the bot's, as with a real platform; in-process is simpler to debug.
   */
  fakeInProcess?: boolean;
  /** Called every few seconds with messages accepted so far (long runs). */
  progress?: (accepted: number, expected: number) => void;
}

/** What one run measured. */
export interface FanoutResult {
  platform: FanoutPlatform;
  /** Measured after a warm-up sweep of the day before (`--warm`). */
  warm: boolean;
  channels: number;
  /** Slack workspaces (Discord: guilds) the channels were spread over. */
  workspaces: number;
  concurrency: number;
  messagesPerChannel: number;
  /** Messages the channels should have: channels × messagesPerChannel. */
  expected: number;
  /** Messages the fake accepted (stored). */
  accepted: number;
  /** From `sweep("start")` to the last message the fake accepted. */
  elapsedMs: number;
  /** From `sweep("start")` to the first message the fake accepted (claims, plans, digest building). */
  firstPostMs: number;
  /**
   * From `sweep("start")` to the moment every channel had its first message accepted. A channel's own
   * messages need the floor after its first one, so elapsed is at least this plus the floor on Slack.
   */
  allStartedMs: number;
  /** The least time the enforced limits allow for the messages, first post to last. */
  floorMs: number;
  /**
   * Per channel, its first message to its last (what the channel's own limit imposes, 3 s on Slack, plus
   * what pacing from answers adds): the median and the longest. Elapsed ≈ all started + a late channel's span.
   */
  channelSpanMs: { median: number; max: number };
  /**
   * CPU time (user + system, every thread of the process, the fake's worker included) from `sweep("start")`
   * until it returned: what the sweep costs whatever else runs on the machine. The difference between a
   * run with `--taste` and one without, over the channels, is the taste's CPU per channel.
   */
  sweepCpuMs: number;
  /**
   * CPU time of the bot's main thread alone during the sweep (Linux: `/proc/self/task/<pid>/stat`; NaN
   * elsewhere): the figure the fan-out is limited by, since the fake runs in a worker thread of its own.
   */
  mainCpuMs: number;
  /**
   * The sweep's CPU time by thread (Linux `/proc`; NaN elsewhere): `main` as {@link mainCpuMs}; `posting`,
   * the threads the adapter started (Slack: its posting thread; Discord: none); `fake`, the fake platform's
   * worker thread; `other`, the rest (V8's GC and compiler helpers, libuv's pool).
   */
  threadCpuMs: { main: number; posting: number; fake: number; other: number };
  /**
   * CPU time of the whole process from `sweep("start")` until every channel had its first message (read
   * by a sampling thread): the work "all started" waits for, which other jobs on the machine disturb
   * much less than the wall-clock figure. On an idle machine of c cores, all started ≥ this / c.
   */
  cpuToAllStartedMs: number;
  /** The same for the main thread, the posting thread(s) and the fake's (`/proc`, 10 ms ticks; NaN without). */
  threadCpuToAllStartedMs: { main: number; posting: number; fake: number };
  /** elapsed / floor. */
  ratio: number;
  /** 429s the fake answered (Discord: per-channel bucket + global). */
  rateLimited: number;
  /** Discord only: how many of the 429s were the global limit. Slack: the workspace-wide limit. */
  globalRateLimited: number;
  /** Requests to a channel that arrived before a 429's wait for that channel ran out (must be 0). */
  ignoredRetryAfter: number;
  /** Channels with fewer messages than a whole digest. */
  lost: number;
  /** Messages that repeat a ledger key (Slack metadata key, Discord nonce) or a body already in the channel. */
  duplicates: number;
  /** Channels the scheduler reported as failed. */
  failed: number;
  /** Within the target ratio, nothing lost or doubled, every 429 waited out. */
  pass: boolean;
  /** The machine's 1-minute load average when the run ended (other jobs share the cores). */
  loadAverage: number;
}

/**
 * The least time, from the first message to the last one accepted, that the limits allow `perChannel`
 * messages in each of `channels` channels:
 *
 * - Slack, per-channel token bucket (burst b, r/s): a channel's first b messages go at once and each
 *   further one waits 1/r s, so (m − b)/r s (3 s for 6 messages at burst 3, 1/s). Per-workspace bucket
 *   (burst B, R/s) over all its channels: a workspace of n channels posts M = m·n messages, the last no
 *   earlier than (M − B)/R s after the first. The floor is the larger, for the largest workspace. Both can
 *   be met together (each channel takes an equal share of the workspace's bucket): for 6 messages, 300 a
 *   minute and bursts of 50, 3 s up to 10 channels a workspace, then 1.2 s more per 6 channels; 230 s
 *   for 200 channels in one workspace, 1,190 s for 1,000.
 * - Discord, fixed windows: a channel's m messages need ⌈m/5⌉ windows of 5 s, the last one starting
 *   (⌈m/5⌉ − 1) × 5 s after the first (5 s for 6); all channels' messages together need ⌈M/50⌉ global
 *   windows of 1 s, so (⌈M/50⌉ − 1) s. The floor is the larger (M = 6N: 23 s for 200, 119 s for 1,000).
 *   The two bounds can be met together by sending each channel's first five before any sixth.
 */
export function rateLimitFloorMs(
  platform: FanoutPlatform,
  channels: number,
  perChannel: number,
  limits: {
    slack?: SlackRateLimit;
    slackWorkspace?: SlackWorkspaceLimit | null;
    discord?: DiscordRateLimits;
    /** Slack: channels of the largest workspace (default: all of them in one). */
    largestWorkspace?: number;
  } = {},
): number {
  if (platform === "slack") {
    const { burst, perSecond } = limits.slack ?? SLACK_POST_LIMIT;
    const channelFloor = (Math.max(0, perChannel - burst) / perSecond) * 1000;
    const workspace =
      limits.slackWorkspace === undefined ? SLACK_WORKSPACE_POST_LIMIT : limits.slackWorkspace;
    if (!workspace) return channelFloor;
    const messages = perChannel * (limits.largestWorkspace ?? channels);
    const workspaceFloor = (Math.max(0, messages - workspace.burst) / workspace.perMinute) * 60_000;
    return Math.max(channelFloor, workspaceFloor);
  }
  const { messages, global } = limits.discord ?? DISCORD_RATE_LIMITS;
  const windows = (count: number, limit: number) => Math.max(0, Math.ceil(count / limit) - 1);
  const channelFloor = windows(perChannel, messages.limit) * messages.windowMs;
  const globalFloor = windows(perChannel * channels, global.limit) * global.windowMs;
  return Math.max(channelFloor, globalFloor);
}

interface Platform {
  app: App;
  adapter: ChatAdapter;
  refs: ChannelRef[];
  fake: FakeHost;
  /** Thread ids the fake's host and the adapter's start each started. */
  threads: { fake: number[]; posting: number[] };
  close(): Promise<void>;
}

/** Topics channels follow with `--taste`, one each in turn. */
const TASTE_TOPICS = ["agents", "video generation", "reinforcement learning", "attention", "robot"];

/**
 * Reactions made the day before the digest, different for each channel: three people upvote three of
 * the day's papers and someone downvotes a fourth, and the channel follows a topic.
 */
async function giveEachChannelATaste(core: App, refs: readonly ChannelRef[], at: Date): Promise<void> {
  const papers = fixturePapers();
  await core.catalog.remember(papers);
  const yesterday = new Date(at.getTime() - 86_400_000);
  for (const [index, ref] of refs.entries()) {
    const pick = (offset: number) => papers[(index * 7 + offset * 3) % papers.length]?.id ?? "";
    for (const offset of [0, 1, 2]) {
      for (const user of ["U1", "U2", "U3"]) await core.store.votes.add(ref, pick(offset), user, yesterday);
    }
    await core.store.downvotes.add(ref, pick(3), "U4", yesterday);
    const topic = TASTE_TOPICS[index % TASTE_TOPICS.length] ?? "agents";
    await core.store.channels.update(
      ref,
      (settings) => ({ ...settings, followedTopics: [...settings.followedTopics, topic] }),
      { by: "bench", at },
    );
  }
}

/** Runs one fan-out: fresh fake, app, adapter and store; the scheduler's `sweep("start")` once. */
export async function runFanout(options: FanoutOptions): Promise<FanoutResult> {
  const dir = options.store === "sqlite" ? mkdtempSync(join(tmpdir(), "paperboy-fanout-")) : undefined;
  const backend = dir ? await openStore(`sqlite://${join(dir, "store.sqlite")}`) : createMemoryBackend();
  const origin = performance.now();
  // With --warm the clock first runs a day early, then jumps to the measured day's start.
  let shift = options.warm ? -DAY_MS : 0;
  const now = () => new Date(CLOCK_START + shift + (performance.now() - origin));
  const baseEnv = {
    PAPERBOY_STORE: "memory://",
    HF_API_URL: "http://127.0.0.1:9",
    ARXIV_API_URL: "http://127.0.0.1:9",
  };
  const host = options.fakeInProcess ? hostFake : hostFakeInWorker;
  let platform: Platform | undefined;
  let app: App | undefined;
  let scheduler: Scheduler | undefined;
  try {
    const makeApp = async (env: NodeJS.ProcessEnv) => {
      app = await createApp(loadConfig({ ...baseEnv, ...env }), silentLogger, {
        commands,
        now,
        backend,
        sources: fakeSources({ [DIGEST_DATE]: fixturePapers(), [WARM_DATE]: dayBeforePapers() }),
      });
      return app;
    };
    platform =
      options.platform === "slack"
        ? await slackPlatform(options, host, makeApp)
        : await discordPlatform(options, host, makeApp);
    const { app: core, fake, refs } = platform;
    for (const ref of refs) {
      await core.store.channels.update(ref, (settings) => ({ ...settings, schedule: SCHEDULE }), {
        by: "bench",
        at: now(),
      });
    }
    if (options.taste) await giveEachChannelATaste(core, refs, now());
    if (!options.coldCatalog) await core.catalog.forDate(DIGEST_DATE);
    const perChannel = 1 + core.config.digestSize;
    const expected = perChannel * refs.length;
    scheduler = new Scheduler({
      store: core.store,
      digests: core.digests,
      adapters: [platform.adapter],
      deliver: core.deliver,
      logger: silentLogger,
      now,
      holder: "bench",
      ...core.config.scheduler,
      concurrency: options.concurrency,
      cronTasks: false,
    });
    // Let the global window discord.js's start-up requests opened run out (Slack's start-up posts nothing).
    if (options.platform === "discord") {
      const settleMs = (options.discordLimits ?? DISCORD_RATE_LIMITS).global.windowMs + 100;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
    }
    if (options.warm) {
      await core.catalog.forDate(WARM_DATE);
      const warmed = await scheduler.sweep("start");
      if (warmed.posted.length !== refs.length) {
        throw new Error(
          `[bench] fanout: the warm sweep posted ${warmed.posted.length} of ${refs.length} channels`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, WARM_RECOVERY_MS));
      shift = -(performance.now() - origin);
    }
    await fake.mark();
    const ticker = options.progress
      ? setInterval(
          () =>
            void fake.acceptedCount().then(
              (count) => options.progress?.(count, expected),
              () => undefined,
            ),
          5000,
        )
      : undefined;
    const sampler = await startCpuSampler({ main: [process.pid], ...platform.threads });
    const sweepStart = epochNow();
    const cpuStart = process.cpuUsage();
    const threadsStart = threadCpuMs();
    let summary: Awaited<ReturnType<Scheduler["sweep"]>>;
    let cpu: NodeJS.CpuUsage;
    let threadsEnd: Map<number, number>;
    try {
      summary = await scheduler.sweep("start");
    } finally {
      cpu = process.cpuUsage(cpuStart);
      threadsEnd = threadCpuMs();
      clearInterval(ticker);
    }
    const samples = await sampler.stop();
    const byThread = threadsEnd.size > 0 ? cpuByGroup(threadsStart, threadsEnd, platform.threads) : undefined;
    const threadCpu = {
      main: byThread?.main ?? mainThreadCpuMs(),
      posting: byThread?.posting ?? Number.NaN,
      fake: byThread?.fake ?? Number.NaN,
      other: byThread?.other ?? Number.NaN,
    };

    // With --warm, the day before's messages are not this sweep's.
    const accepted = (await fake.accepted()).filter((message) => message.at >= sweepStart);
    const tally = tallyMessages(accepted, refs, perChannel);
    const lastAt = accepted.reduce((last, message) => Math.max(last, message.at), sweepStart);
    const firstAt = accepted.reduce(
      (first, message) => Math.min(first, message.at),
      Number.POSITIVE_INFINITY,
    );
    const elapsedMs = lastAt - sweepStart;
    const startedAt = Math.max(...tally.firstAt);
    const perWorkspace = new Map<string, number>();
    for (const ref of refs) perWorkspace.set(ref.workspaceId, (perWorkspace.get(ref.workspaceId) ?? 0) + 1);
    const floorMs = rateLimitFloorMs(options.platform, refs.length, perChannel, {
      slack: options.slackLimit,
      slackWorkspace: options.slackWorkspaceLimit,
      discord: options.discordLimits,
      largestWorkspace: Math.max(...perWorkspace.values()),
    });
    const ratio = floorMs > 0 ? elapsedMs / floorMs : Number.POSITIVE_INFINITY;
    const limits = await fake.limits();
    return {
      platform: options.platform,
      warm: options.warm === true,
      channels: refs.length,
      workspaces: perWorkspace.size,
      concurrency: options.concurrency,
      messagesPerChannel: perChannel,
      expected,
      accepted: accepted.length,
      elapsedMs,
      firstPostMs: Number.isFinite(firstAt) ? firstAt - sweepStart : Number.NaN,
      allStartedMs: Number.isFinite(startedAt) ? startedAt - sweepStart : Number.NaN,
      channelSpanMs: {
        median: tally.spans[Math.floor(tally.spans.length / 2)] ?? Number.NaN,
        max: tally.spans.at(-1) ?? Number.NaN,
      },
      floorMs,
      sweepCpuMs: (cpu.user + cpu.system) / 1000,
      mainCpuMs: threadCpu.main,
      threadCpuMs: threadCpu,
      cpuToAllStartedMs: cpuBetween(samples, sweepStart, startedAt),
      threadCpuToAllStartedMs: {
        main: cpuBetween(samples, sweepStart, startedAt, "main"),
        posting: cpuBetween(samples, sweepStart, startedAt, "posting"),
        fake: cpuBetween(samples, sweepStart, startedAt, "fake"),
      },
      ratio,
      rateLimited: limits.rateLimited,
      globalRateLimited: limits.global,
      ignoredRetryAfter: limits.ignoredRetryAfter,
      lost: tally.lost,
      duplicates: tally.duplicates,
      failed: summary.failed.length,
      pass:
        ratio <= TARGET_RATIO && tally.lost === 0 && tally.duplicates === 0 && limits.ignoredRetryAfter === 0,
      loadAverage: loadavg()[0] ?? Number.NaN,
    };
  } finally {
    await scheduler?.stop();
    await platform?.close();
    if (app) await app.close();
    else await backend.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time between two moments of a run: the whole process's, or a thread group's (NaN without `/proc`). */
function cpuBetween(samples: readonly CpuSample[], from: number, to: number, group?: string): number {
  if (!Number.isFinite(to)) return Number.NaN;
  const of = (sample: CpuSample) =>
    group === undefined ? sample.cpuMs : (sample.groups[group] ?? Number.NaN);
  if (group !== undefined && !samples.some((sample) => (sample.groups[group] ?? 0) > 0)) return Number.NaN;
  return cpuAt(samples, to, of) - cpuAt(samples, from, of);
}

/**
 * Lost channels (fewer messages than a digest), duplicate messages (same ledger key or body twice) and
 * when each channel's first message was accepted.
 */
function tallyMessages(
  accepted: readonly AcceptedMessage[],
  refs: readonly ChannelRef[],
  perChannel: number,
) {
  const byChannel = new Map<string, AcceptedMessage[]>(refs.map((ref) => [ref.channelId, []]));
  for (const message of accepted) byChannel.get(message.channel)?.push(message);
  let lost = 0;
  let duplicates = 0;
  const firstAt: number[] = [];
  const spans: number[] = [];
  for (const messages of byChannel.values()) {
    if (messages.length < perChannel) lost += 1;
    const first = messages.reduce((min, message) => Math.min(min, message.at), Number.POSITIVE_INFINITY);
    const last = messages.reduce((max, message) => Math.max(max, message.at), Number.NEGATIVE_INFINITY);
    firstAt.push(first);
    if (messages.length > 0) spans.push(last - first);
    const keys = new Set<string>();
    const bodies = new Set<string>();
    for (const message of messages) {
      if ((message.key !== "" && keys.has(message.key)) || bodies.has(message.body)) duplicates += 1;
      keys.add(message.key);
      bodies.add(message.body);
    }
  }
  spans.sort((a, b) => a - b);
  return { lost, duplicates, firstAt, spans };
}

type Host = (spec: FakeSpec) => Promise<FakeHost>;

/** The fake Slack (limits on), a real app on it and the real Slack adapter (Bolt's WebClient). */
async function slackPlatform(
  options: FanoutOptions,
  host: Host,
  makeApp: (env: NodeJS.ProcessEnv) => Promise<App>,
): Promise<Platform> {
  const { value: fake, threads: fakeThreads } = await threadsStartedBy(() =>
    host({
      platform: "slack",
      limit: options.slackLimit ?? SLACK_POST_LIMIT,
      workspaceLimit: options.slackWorkspaceLimit ?? SLACK_WORKSPACE_POST_LIMIT,
    }),
  );
  const workspaces = Math.max(1, Math.min(options.workspaces ?? 1, options.channels));
  try {
    // One workspace: its bot token. Several: OAuth, one install (and bot token) per workspace.
    const app = await makeApp({
      ...(workspaces > 1 ? SLACK_OAUTH_ENV : { SLACK_BOT_TOKEN: "xoxb-fanout-bench" }),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    const teamIds = await installWorkspaces(app, workspaces);
    const adapter = createSlackAdapter({
      app,
      logger: silentLogger,
      botId: FAKE_BOT.botId,
      botUserId: FAKE_BOT.userId,
    });
    const { threads: posting } = await threadsStartedBy(() => adapter.start());
    const refs = Array.from({ length: options.channels }, (_, index) => ({
      platform: "slack" as const,
      workspaceId: teamIds[Math.floor((index * workspaces) / options.channels)] ?? FAKE_BOT.teamId,
      channelId: `C${String(index).padStart(5, "0")}`,
    }));
    return {
      app,
      adapter,
      refs,
      fake,
      threads: { fake: fakeThreads, posting },
      close: async () => {
        await adapter.stop();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

/**
 * Installs the app in `count` workspaces as the fake Slack's OAuth flow would (team `T-<code>`, bot
 * token `…-installed-<code>`), straight into the installation store; returns their team ids. One
 * workspace is the bot token's own.
 */
async function installWorkspaces(app: App, count: number): Promise<string[]> {
  if (count <= 1) return [FAKE_BOT.teamId];
  const store = createInstallationStore(app.store.installations, { encryptionKey: app.config.encryptionKey });
  const teamIds: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const code = `w${String(index).padStart(4, "0")}`;
    const teamId = `T-${code}`;
    await store.storeInstallation({
      team: { id: teamId, name: `Workspace ${index}` },
      enterprise: undefined,
      isEnterpriseInstall: false,
      appId: "A1",
      authVersion: "v2",
      bot: {
        token: installTokens(code).bot,
        scopes: ["commands", "chat:write"],
        id: FAKE_BOT.botId,
        userId: FAKE_BOT.userId,
      },
      user: { id: "U_INSTALLER", token: undefined, scopes: undefined },
    });
    teamIds.push(teamId);
  }
  return teamIds;
}

/** The fake Discord (limits on) with N text channels, a real app and the real discord.js adapter. */
async function discordPlatform(
  options: FanoutOptions,
  host: Host,
  makeApp: (env: NodeJS.ProcessEnv) => Promise<App>,
): Promise<Platform> {
  const guilds: FakeGuildSpec[] = [];
  const refs: ChannelRef[] = [];
  for (let index = 0; index < options.channels; index += 1) {
    const guildIndex = Math.floor(index / CHANNELS_PER_GUILD);
    const guildId = `31${String(guildIndex).padStart(16, "0")}`;
    const guild = guilds[guildIndex] ?? { id: guildId, name: `Guild ${guildIndex}`, channels: [] };
    guilds[guildIndex] = guild;
    const channelId = `41${String(index).padStart(16, "0")}`;
    guild.channels.push({ id: channelId, name: `papers-${index}` });
    refs.push({ platform: "discord", workspaceId: guildId, channelId });
  }
  const { value: fake, threads: fakeThreads } = await threadsStartedBy(() =>
    host({
      platform: "discord",
      token: DISCORD_TEST_TOKEN,
      guilds,
      limits: options.discordLimits ?? DISCORD_RATE_LIMITS,
    }),
  );
  let adapter: ReturnType<typeof createDiscordAdapter> | undefined;
  try {
    const app = await makeApp({ DISCORD_TOKEN: DISCORD_TEST_TOKEN, DISCORD_API_URL: fake.apiUrl });
    adapter = createDiscordAdapter({ app, logger: silentLogger });
    const started = adapter;
    const { threads: posting } = await threadsStartedBy(() => started.start());
    return {
      app,
      adapter: started,
      refs,
      fake,
      threads: { fake: fakeThreads, posting },
      close: async () => {
        await started.stop();
        await fake.close();
      },
    };
  } catch (error) {
    await adapter?.stop().catch(() => undefined);
    await fake.close();
    throw error;
  }
}

/** The scheduler's default concurrency: `PAPERBOY_FANOUT_CONCURRENCY`, else paperboy's default. */
export function defaultConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  return loadConfig({
    PAPERBOY_STORE: "memory://",
    PAPERBOY_FANOUT_CONCURRENCY: env.PAPERBOY_FANOUT_CONCURRENCY,
  }).scheduler.concurrency;
}

/**
 * The smallest concurrency that meets the target: doubles from `start` until a run passes (or the
 * concurrency covers every channel), then bisects between the last miss and that pass.
 */
export async function findConcurrency(
  options: Omit<FanoutOptions, "concurrency">,
  start: number,
  onRun: (result: FanoutResult) => void,
): Promise<FanoutResult | undefined> {
  let low = 0;
  let high: FanoutResult | undefined;
  for (let concurrency = Math.max(1, start); ; concurrency = Math.min(concurrency * 2, options.channels)) {
    const result = await runFanout({ ...options, concurrency });
    onRun(result);
    if (result.pass) {
      high = result;
      break;
    }
    low = concurrency;
    if (concurrency >= options.channels) return undefined;
  }
  while (high.concurrency - low > Math.max(1, Math.floor(high.concurrency / 16))) {
    const concurrency = Math.floor((low + high.concurrency) / 2);
    const result = await runFanout({ ...options, concurrency });
    onRun(result);
    if (result.pass) high = result;
    else low = concurrency;
  }
  return high;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** One line per run. */
export function formatResult(result: FanoutResult): string {
  const cells = [
    result.platform.padEnd(7),
    String(result.channels).padStart(8),
    String(result.workspaces).padStart(10),
    String(result.concurrency).padStart(11),
    `${result.accepted}/${result.expected}`.padStart(11),
    seconds(result.elapsedMs).padStart(9),
    seconds(result.floorMs).padStart(8),
    `${result.ratio.toFixed(2)}×`.padStart(7),
    `${result.rateLimited}${result.globalRateLimited ? ` (${result.globalRateLimited} ${result.platform === "slack" ? "workspace" : "global"})` : ""}`.padStart(
      14,
    ),
    String(result.ignoredRetryAfter).padStart(7),
    String(result.lost).padStart(5),
    String(result.duplicates).padStart(5),
    seconds(result.firstPostMs).padStart(10),
    seconds(result.allStartedMs).padStart(13),
    `${(result.channelSpanMs.median / 1000).toFixed(2)} / ${seconds(result.channelSpanMs.max)}`.padStart(14),
    seconds(result.cpuToAllStartedMs).padStart(11),
    threadCells({ ...result.threadCpuToAllStartedMs, other: Number.NaN }, true).padStart(20),
    seconds(result.sweepCpuMs).padStart(9),
    seconds(result.mainCpuMs).padStart(9),
    threadCells(result.threadCpuMs).padStart(23),
    result.pass ? "PASS" : "MISS",
    `load ${result.loadAverage.toFixed(2)}${result.warm ? " (warm: the day before posted first)" : ""}`,
  ];
  return cells.join("  ");
}

/**
 * Thread groups' CPU in seconds, `1.52 / 2.10 / 0.31`: posting, fake and other threads (or main, posting
 * and fake with `withMain`); `-` where it could not be read.
 */
function threadCells(cpu: FanoutResult["threadCpuMs"], withMain = false): string {
  const cell = (ms: number) => (Number.isNaN(ms) ? "-" : (ms / 1000).toFixed(2));
  const cells = withMain ? [cpu.main, cpu.posting, cpu.fake] : [cpu.posting, cpu.fake, cpu.other];
  return cells.map(cell).join(" / ");
}

/** The `--bare` line: the transport alone, and the least ratio it leaves any bot on this machine. */
function formatBare(bare: BareResult & { floorMs: number; leastRatio: number }): string {
  return [
    `bare transport (slack${bare.warm ? ", warm" : ""}): ${bare.channels} first messages over ${bare.workspaces} workspace(s), handed at once to the posting thread, no bot work:`,
    `  first accepted ${seconds(bare.firstAcceptedMs)}, all accepted ${seconds(bare.allAcceptedMs)}, CPU ${seconds(bare.cpuMs)}, 429s ${bare.rateLimited}`,
    `  → no fan-out here can end before all accepted + the floor (${seconds(bare.floorMs)}): least ratio ${bare.leastRatio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×)`,
  ].join("\n");
}

export const HEADER = [
  "platform".padEnd(7),
  "channels".padStart(8),
  "workspaces".padStart(10),
  "concurrency".padStart(11),
  "messages".padStart(11),
  "elapsed".padStart(9),
  "floor".padStart(8),
  "ratio".padStart(7),
  "429s".padStart(14),
  "ignored".padStart(7),
  "lost".padStart(5),
  "dup".padStart(5),
  "1st post".padStart(10),
  "all started".padStart(13),
  "span p50 / max".padStart(14),
  "CPU to all".padStart(11),
  "main / post / fake".padStart(20),
  "CPU".padStart(9),
  "main CPU".padStart(9),
  "post / fake / other CPU".padStart(23),
  `target ≤ ${TARGET_RATIO}×`,
].join("  ");

function assumptions(
  channels: number,
  workspaces: number,
  slack: SlackRateLimit = SLACK_POST_LIMIT,
  workspace: SlackWorkspaceLimit = SLACK_WORKSPACE_POST_LIMIT,
): string {
  const discord = DISCORD_RATE_LIMITS;
  const perChannel = 6;
  const largest = Math.ceil(channels / Math.max(1, Math.min(workspaces, channels)));
  return [
    `Enforced limits (fakes) and the floor for ${channels} channels × ${perChannel} messages (header + 5 papers):`,
    `  slack    chat.postMessage: token bucket per channel, burst ${slack.burst}, refill ${slack.perSecond}/s, 429 + Retry-After (whole s ≥ 1);`,
    `           and a token bucket per workspace, burst ${workspace.burst}, refill ${workspace.perMinute}/min ("several hundred messages per minute",`,
    "           Slack's chat.postMessage reference; no exact figure published: the low end);",
    `           ${channels} channels over ${workspaces} workspace(s), largest ${largest} → floor max((${perChannel} − ${slack.burst}) / ${slack.perSecond} s, (${perChannel}×${largest} − ${workspace.burst}) / ${workspace.perMinute}×60 s) = ${seconds(rateLimitFloorMs("slack", channels, perChannel, { slack, slackWorkspace: workspace, largestWorkspace: largest }))}`,
    `  discord  POST /channels/:id/messages: ${discord.messages.limit} per ${discord.messages.windowMs / 1000} s fixed window per channel (x-ratelimit-* headers);`,
    `           global ${discord.global.limit} requests per ${discord.global.windowMs / 1000} s fixed window, 429 + x-ratelimit-global;`,
    `           floor max((⌈6/5⌉−1)×5 s, (⌈6N/50⌉−1)×1 s) = ${seconds(rateLimitFloorMs("discord", channels, perChannel))}`,
    '  elapsed = sweep("start") to the last message the fake accepted; ignored = requests sent before a 429\'s wait ran out',
    '  all started = sweep("start") until every channel had its first message (Slack: elapsed ≥ all started + floor)',
    "  span = a channel's first message to its last, median and longest over the channels (Slack's limit: ≥ 3 s)",
    "  CPU to all = CPU of the whole process until all started (sampled every 5 ms); on an idle machine all started ≥ it / cores;",
    "           main / post / fake: the part the main, posting and fake threads used of it (10 ms ticks)",
    "  CPU = user + system CPU of the whole process (fake's worker included) during the sweep; --taste minus plain, over N, is the taste's CPU per channel",
    "  main CPU = the same for the bot's main thread alone (Linux /proc)",
    "  post / fake / other CPU = the same for the threads the adapter started (Slack: the posting thread), the fake platform's",
    "           worker thread, and every other thread (V8's GC and compiler helpers, libuv's pool); main + these = CPU",
  ].join("\n");
}

/** `3/1` → burst 3, 1 per second; null when malformed. */
function parseSlackLimit(text: string): SlackRateLimit | null {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text.trim());
  const burst = Number(match?.[1]);
  const perSecond = Number(match?.[2]);
  return match && burst >= 1 && perSecond > 0 ? { burst, perSecond } : null;
}

/** The command line, parsed; an unknown option throws. */
function parseFanoutArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      channels: { type: "string", default: String(DEFAULT_CHANNELS) },
      platform: { type: "string", default: "both" },
      concurrency: { type: "string" },
      find: { type: "boolean", default: false },
      store: { type: "string", default: "memory" },
      "cold-catalog": { type: "boolean", default: false },
      taste: { type: "boolean", default: false },
      warm: { type: "boolean", default: false },
      "in-process": { type: "boolean", default: false },
      "slack-limit": { type: "string" },
      "slack-workspace-limit": { type: "string" },
      workspaces: { type: "string", default: "1" },
      bare: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

/** `npm run bench -- fanout …` */
export async function run(argv: string[]): Promise<void> {
  const usage =
    "usage: npm run bench -- fanout [--channels 200] [--platform slack|discord|both] [--concurrency N[,N…]] [--workspaces 1] [--find] [--store memory|sqlite] [--cold-catalog] [--taste] [--warm] [--in-process] [--slack-limit 3/1] [--slack-workspace-limit 50/300] [--bare] [--json]";
  let parsed: ReturnType<typeof parseFanoutArgs>;
  try {
    parsed = parseFanoutArgs(argv);
  } catch (error) {
    throw new Error(`[bench] fanout: ${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  const extra = positionals.filter((positional) => positional !== "fanout");
  const channels = Number(values.channels);
  const platforms: FanoutPlatform[] =
    values.platform === "both" ? ["slack", "discord"] : [values.platform as FanoutPlatform];
  const slackLimit = values["slack-limit"] === undefined ? undefined : parseSlackLimit(values["slack-limit"]);
  const workspaceText = values["slack-workspace-limit"];
  const workspaceParsed = workspaceText === undefined ? undefined : parseSlackLimit(workspaceText);
  const slackWorkspaceLimit =
    workspaceParsed === undefined || workspaceParsed === null
      ? workspaceParsed
      : { burst: workspaceParsed.burst, perMinute: workspaceParsed.perSecond };
  const workspaces = Number(values.workspaces);
  const concurrencies = (values.concurrency ?? String(defaultConcurrency())).split(",").map(Number);
  const problems = [
    ...(extra.length > 0 ? [`unexpected argument: ${extra.join(" ")}`] : []),
    ...(!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS
      ? [`--channels: expected 1-${MAX_CHANNELS}`]
      : []),
    ...(platforms.every((platform) => platform === "slack" || platform === "discord")
      ? []
      : ["--platform: expected slack, discord or both"]),
    ...(concurrencies.every((value) => Number.isInteger(value) && value >= 1)
      ? []
      : ["--concurrency: expected positive integers, comma-separated"]),
    ...(values.store === "memory" || values.store === "sqlite" ? [] : ["--store: expected memory or sqlite"]),
    ...(slackLimit === null ? ["--slack-limit: expected BURST/PER_SECOND, e.g. 3/1"] : []),
    ...(slackWorkspaceLimit === null
      ? ["--slack-workspace-limit: expected BURST/PER_MINUTE, e.g. 50/300"]
      : []),
    ...(!Number.isInteger(workspaces) || workspaces < 1 ? ["--workspaces: expected a positive integer"] : []),
    ...(values.bare && values.platform !== "slack"
      ? ["--bare: measures Slack's transport; add --platform slack"]
      : []),
    ...(values.bare &&
    Math.ceil(channels / Math.max(1, workspaces)) > (slackWorkspaceLimit ?? SLACK_WORKSPACE_POST_LIMIT).burst
      ? [
          "--bare: more channels a workspace than its burst, whose first messages the workspace limit paces, not the transport; add --workspaces",
        ]
      : []),
  ];
  if (problems.length > 0) throw new Error(`[bench] fanout: ${problems.join("; ")}\n${usage}`);
  const store = values.store as "memory" | "sqlite";
  const progress = (accepted: number, expected: number) =>
    process.stderr.write(`  … ${accepted}/${expected} messages accepted\n`);
  const common = {
    slackLimit: slackLimit ?? undefined,
    slackWorkspaceLimit: slackWorkspaceLimit ?? undefined,
    workspaces,
    store,
    coldCatalog: values["cold-catalog"],
    taste: values.taste,
    warm: values.warm,
    fakeInProcess: values["in-process"],
    progress,
  };
  if (values.bare) {
    const measured = await runBarePosts({
      channels,
      workspaces,
      slackLimit: slackLimit ?? undefined,
      slackWorkspaceLimit: slackWorkspaceLimit ?? undefined,
      fakeInProcess: values["in-process"],
      warm: values.warm,
    });
    const floor = rateLimitFloorMs("slack", channels, 6, {
      slack: slackLimit ?? undefined,
      slackWorkspace: slackWorkspaceLimit ?? undefined,
      largestWorkspace: Math.ceil(channels / measured.workspaces),
    });
    const bare = { ...measured, floorMs: floor, leastRatio: (measured.allAcceptedMs + floor) / floor };
    if (values.json) console.log(JSON.stringify({ bare }, null, 2));
    else {
      console.log(
        `${assumptions(channels, workspaces, slackLimit ?? undefined, slackWorkspaceLimit ?? undefined)}\n`,
      );
      console.log(formatBare(bare));
    }
    return;
  }
  const results: FanoutResult[] = [];
  const found: Record<string, number | null> = {};
  if (!values.json)
    console.log(
      `${assumptions(channels, workspaces, slackLimit ?? undefined, slackWorkspaceLimit ?? undefined)}\n\n${HEADER}`,
    );
  const report = (result: FanoutResult) => {
    results.push(result);
    if (!values.json) console.log(formatResult(result));
  };
  for (const platform of platforms) {
    if (values.find) {
      const best = await findConcurrency(
        { platform, channels, ...common },
        concurrencies[0] ?? defaultConcurrency(),
        report,
      );
      found[platform] = best?.concurrency ?? null;
      if (!values.json) {
        console.log(
          best
            ? `→ ${platform}: smallest concurrency meeting the target for ${channels} channels: ${best.concurrency} (${seconds(best.elapsedMs)}, ${best.ratio.toFixed(2)}× the floor)`
            : `→ ${platform}: no concurrency up to ${channels} meets the target for ${channels} channels`,
        );
      }
      continue;
    }
    for (const concurrency of concurrencies) {
      report(await runFanout({ platform, channels, concurrency, ...common }));
    }
  }
  if (values.json) {
    console.log(JSON.stringify({ results, ...(values.find ? { found } : {}) }, null, 2));
  }
  if (results.some((result) => result.lost > 0 || result.duplicates > 0 || result.ignoredRetryAfter > 0)) {
    process.exitCode = 1;
  }
}
