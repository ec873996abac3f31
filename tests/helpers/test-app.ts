import { readFileSync } from "node:fs";
import { commands } from "../../commands/index.ts";
import { type App, createApp } from "../../src/app.ts";
import type { ChatAdapter, PostOptions } from "../../src/chat/adapter.ts";
import { type Invocation, splitCommandLine } from "../../src/chat/invocation.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { loadConfig } from "../../src/config.ts";
import { type Logger, silentLogger } from "../../src/log.ts";
import type { CatalogSources } from "../../src/papers/catalog.ts";
import type { Paper } from "../../src/papers/paper.ts";
import { huggingFaceItemToPaper } from "../../src/papers/sources/index.ts";
import { Scheduler, type SchedulerOptions } from "../../src/scheduler/scheduler.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import type { ChannelRef } from "../../src/store/refs.ts";

/** The 30 real papers featured on Hugging Face on 2026-06-12, as paperboy models them. */
export function fixturePapers(): Paper[] {
  const items = JSON.parse(
    readFileSync(new URL("../fixtures/hf-daily-papers-2026-06-12.json", import.meta.url), "utf8"),
  ) as unknown[];
  return items.flatMap((item) => {
    const outcome = huggingFaceItemToPaper(item, { fetchedAt: "2026-06-12T08:00:00.000Z" });
    return outcome.ok ? [outcome.paper] : [];
  });
}

/** Fake upstream sources over fixed data; `down` makes every call fail like an unreachable network. */
export function fakeSources(
  byDate: Record<string, Paper[]>,
  state = { down: false },
): CatalogSources & { state: typeof state } {
  const reachable = async <T>(answer: () => T): Promise<T> => {
    if (state.down) throw new Error("connect ECONNREFUSED 127.0.0.1:9");
    return answer();
  };
  const all = () => Object.values(byDate).flat();
  return {
    state,
    daily: (date) => reachable(() => byDate[date] ?? []),
    week: () => reachable(all),
    paper: (id) => reachable(() => all().find((paper) => paper.id === id)),
    search: () => reachable(() => []),
    arxivSearch: () => reachable(() => []),
    arxivPapers: (ids) => reachable(() => all().filter((paper) => ids.includes(paper.id))),
    arxivDay: () => reachable(() => ({ papers: [], gaps: [] })),
  };
}

/** A chat adapter that records what it posts: a fake platform for delivery tests. */
export class RecordingAdapter implements ChatAdapter {
  readonly platform = "console" as const;
  readonly posts: {
    channel: ChannelRef;
    reply: Reply;
    options?: PostOptions;
    messageId: string;
    /** The message it was posted under (`replyInThread`). */
    replyTo?: string;
  }[] = [];
  /** Numbered reactions added under compact digests: message id → count. */
  readonly numbered = new Map<string, number>();
  failAfter = Number.POSITIVE_INFINITY;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async post(channel: ChannelRef, reply: Reply, options?: PostOptions) {
    if (this.posts.length >= this.failAfter) throw new Error("platform unavailable");
    const messageId = `m${this.posts.length + 1}`;
    this.posts.push({ channel, reply, options, messageId });
    return { messageId };
  }
  async replyInThread(channel: ChannelRef, parentMessageId: string, reply: Reply, options?: PostOptions) {
    const posted = await this.post(channel, reply, options);
    const last = this.posts.at(-1);
    if (last) last.replyTo = parentMessageId;
    return posted;
  }
  async addNumberReactions(_channel: ChannelRef, messageId: string, count: number): Promise<void> {
    this.numbered.set(messageId, count);
  }
}

/**
 * A real app on a memory store with the clock fixed at `now`. The per-user command limit is off
 * unless `env` sets `PAPERBOY_COMMANDS_PER_MINUTE`: tests run one user's commands many times a minute,
 * and the limit has tests of its own.
 */
export async function createTestApp(
  options: {
    now?: Date;
    sources?: CatalogSources;
    env?: NodeJS.ProcessEnv;
    logger?: Logger;
    /** Default: a fresh memory store. */
    backend?: KvBackend;
  } = {},
): Promise<App & { clock: { now: Date } }> {
  const clock = { now: options.now ?? new Date("2026-06-12T09:00:00Z") };
  const config = loadConfig({
    PAPERBOY_STORE: "memory://",
    PAPERBOY_COMMANDS_PER_MINUTE: "0",
    ...options.env,
  });
  const app = await createApp(config, options.logger ?? silentLogger, {
    commands,
    now: () => clock.now,
    backend: options.backend ?? createMemoryBackend(),
    sources: options.sources ?? fakeSources({ "2026-06-12": fixturePapers() }),
  });
  return Object.assign(app, { clock });
}

/** Builds an invocation from a typed line, as the console would. */
export function invocation(line: string, overrides: Partial<Invocation> = {}): Invocation {
  return {
    platform: "console",
    workspaceId: "W1",
    channelId: "C1",
    userId: "U1",
    isAdmin: false,
    ...splitCommandLine(line),
    ...overrides,
  };
}

/**
 * A scheduler over a test app's store, digests, delivery and clock, posting through `adapters`; no
 * node-cron tasks (tests call `sweep` themselves). Stop it when done.
 */
export function appScheduler(
  app: App,
  adapters: ChatAdapter[],
  overrides: Partial<SchedulerOptions> = {},
): Scheduler {
  return new Scheduler({
    store: app.store,
    digests: app.digests,
    adapters,
    deliver: app.deliver,
    logger: app.logger,
    now: app.now,
    holder: "test",
    cronTasks: false,
    ...overrides,
  });
}
