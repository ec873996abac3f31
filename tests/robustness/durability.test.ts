import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { type App, createApp } from "../../src/app.ts";
import { DEFAULT_REACTION_EMOJI, ReactionService } from "../../src/chat/reactions.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { createSqliteBackend } from "../../src/store/drivers/sqlite.ts";
import { legacyVoteKey, messageKey } from "../../src/store/keys.ts";
import { describeWithRedis, redisTestPrefixes } from "../helpers/redis.ts";
import { fakeSources, fixturePapers, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const CHANNEL = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
const USER = { platform: "slack", workspaceId: "T1", userId: "U2" } as const;

/** A whole app (upstream down after the first fetch) over a backend this test opens and reopens. */
async function startApp(backend: KvBackend): Promise<App> {
  const config = loadConfig({ PAPERBOY_COMMANDS_PER_MINUTE: "0", PAPERBOY_INDEX_FILE: "off" });
  return createApp(config, silentLogger, {
    commands,
    backend,
    now: () => NOW,
    sources: fakeSources({ "2026-06-12": fixturePapers() }),
  });
}

const admin = (line: string) => invocation(line, { ...CHANNEL, isAdmin: true });

function durabilitySuite(open: () => Promise<KvBackend>) {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("keeps settings, posts, votes and reading lists across a restart", async () => {
    app = await startApp(await open());
    await app.handle(admin("follow continual learning"));
    await app.handle(admin("mute benchmark"));
    await app.handle(admin("schedule 08:30 Europe/Berlin weekdays"));
    await app.handle(admin("layout compact"));
    const adapter = new RecordingAdapter();
    const posted = await app.handle(admin("post"), adapter);
    expect(posted.kind).not.toBe("usage");
    expect(adapter.posts.length).toBeGreaterThan(0);
    const compact = adapter.posts.find((post) => post.reply.kind === "digest")!;
    const reactions = new ReactionService(app.store, DEFAULT_REACTION_EMOJI, silentLogger);
    const react = (userId: string, emoji: string) =>
      reactions.handle({
        channel: CHANNEL,
        messageId: compact.messageId,
        userId,
        emoji,
        added: true,
        at: NOW,
      });
    expect(await react("U1", "two")).toBe("voted");
    expect(await react("U2", "two")).toBe("voted");
    const settingsBefore = await app.store.channels.get(CHANNEL);
    const votesBefore = await app.store.votes.counts(CHANNEL);
    const postsBefore = await app.store.posts.since(CHANNEL, "2026-06-01");
    await app.store.readingLists.save(USER, "2606.13392", NOW, "C1");
    await app.close();

    app = await startApp(await open());
    expect(await app.store.channels.get(CHANNEL)).toEqual(settingsBefore);
    expect(settingsBefore).toMatchObject({
      followedTopics: ["continual learning"],
      mutedWords: ["benchmark"],
      layout: "compact",
      schedule: { time: "08:30", timezone: "Europe/Berlin", days: "weekdays" },
    });
    expect(await app.store.votes.counts(CHANNEL)).toEqual(votesBefore);
    expect([...votesBefore.values()]).toEqual([2]);
    expect(await app.store.posts.since(CHANNEL, "2026-06-01")).toEqual(postsBefore);
    expect(postsBefore.length).toBeGreaterThan(1);
    expect((await app.store.readingLists.list(USER)).map((saved) => saved.paperId)).toEqual(["2606.13392"]);
    // The digest is not posted again after the restart: the ledger survived.
    const again = new RecordingAdapter();
    await app.handle(admin("post"), again);
    expect(again.posts.filter((post) => post.reply.kind === "digest")).toEqual([]);
  });

  it("resumes a threaded digest cut off by a restart under the same header, posting nothing twice", async () => {
    app = await startApp(await open());
    await app.handle(admin("layout thread"));
    const before = new RecordingAdapter();
    before.failAfter = 2;
    await app.handle(admin("post"), before);
    expect(before.posts.map((post) => post.reply.kind)).toEqual(["header", "paper"]);
    const header = before.posts[0]!;
    await app.close();

    app = await startApp(await open());
    const after = new RecordingAdapter();
    await app.handle(admin("post"), after);
    expect(after.posts.map((post) => [post.reply.kind, post.replyTo])).toEqual(
      Array.from({ length: 4 }, () => ["paper", header.messageId]),
    );
    const papers = [...before.posts, ...after.posts].flatMap((post) =>
      post.reply.kind === "paper" ? [post.reply.entry.paper.id] : [],
    );
    expect(new Set(papers).size).toBe(5);
    const again = new RecordingAdapter();
    await app.handle(admin("post"), again);
    expect(again.posts).toEqual([]);
  });

  it("reads records written at an older schema version after a restart", async () => {
    const backend = await open();
    await backend.set(messageKey(CHANNEL, "1718182800.000100"), {
      v: 1,
      data: { paperId: "2606.13681" },
    });
    await backend.set(legacyVoteKey("vote", CHANNEL, "2606.13681", "U9"), {
      v: 1,
      data: { paperId: "2606.13681", userId: "U9", at: NOW.toISOString() },
    });
    await backend.close();
    app = await startApp(await open());
    expect(await app.store.posts.papersForMessage(CHANNEL, "1718182800.000100")).toEqual(["2606.13681"]);
    expect(Object.fromEntries(await app.store.votes.counts(CHANNEL))).toEqual({ "2606.13681": 1 });
    // A record from a newer version than this one understands is treated as absent, never misread.
    await app.store.backend.set(messageKey(CHANNEL, "999.1"), { v: 99, data: { paperIds: 5 } });
    expect(await app.store.posts.papersForMessage(CHANNEL, "999.1")).toEqual([]);
  });
}

describe("durability on SQLite", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "paperboy-durable-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  durabilitySuite(() => createSqliteBackend(join(dir, "store.sqlite")));
});

describeWithRedis("durability on Redis", (url) => {
  const prefixes = redisTestPrefixes(url);
  let prefix: string;
  beforeEach(() => {
    prefix = prefixes.next();
  });
  afterEach(() => prefixes.cleanup());
  durabilitySuite(() => createRedisBackend(url, { prefix }));
});
