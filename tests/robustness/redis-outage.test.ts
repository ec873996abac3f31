import { afterAll, beforeAll, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { type App, createApp } from "../../src/app.ts";
import { DEFAULT_REACTION_EMOJI, onFirstDelivery, ReactionService } from "../../src/chat/reactions.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { loadConfig } from "../../src/config.ts";
import { createRedisBackend } from "../../src/store/drivers/redis.ts";
import { captureLogs } from "../helpers/log-capture.ts";
import { describeWithRedisServer, type PrivateRedis, startPrivateRedis } from "../helpers/private-redis.ts";
import { waitFor } from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const NOW = new Date("2026-06-12T09:00:00Z");
const CHANNEL = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;
/** Longest a command may take to answer while the store is down: well inside Slack's 3 s. */
const ANSWER_WITHIN_MS = 2500;

describeWithRedisServer("Redis going away and coming back (a private redis-server)", () => {
  let redis: PrivateRedis;
  let app: App;
  const logs = captureLogs();

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const config = loadConfig({ PAPERBOY_COMMANDS_PER_MINUTE: "0", PAPERBOY_INDEX_FILE: "off" });
    app = await createApp(config, logs.logger, {
      commands,
      backend: await createRedisBackend(redis.url, { logger: logs.logger }),
      now: () => NOW,
      sources: fakeSources({ "2026-06-12": fixturePapers() }),
    });
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await redis?.close();
  });

  /** A reaction as an adapter delivers it: through the first-delivery guard; resolves once stored. */
  const react = (reactions: ReactionService, eventId: string, messageId: string, userId: string) =>
    onFirstDelivery(app.store, "slack", eventId, () =>
      reactions.handle({ channel: CHANNEL, messageId, userId, emoji: "+1", added: true, at: NOW }),
    );

  const timed = async (line: string): Promise<Reply> => {
    const started = Date.now();
    const reply = await Promise.race([
      app.handle(invocation(line, { ...CHANNEL, isAdmin: true })),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`"${line}" hung`)), ANSWER_WITHIN_MS * 2),
      ),
    ]);
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    return reply;
  };

  it("answers politely while down, reconnects by itself, and loses no acknowledged vote", async () => {
    const adapter = new RecordingAdapter();
    await app.handle(invocation("post", { ...CHANNEL, isAdmin: true }), adapter);
    const paperMessage = adapter.posts.find((post) => post.reply.kind === "paper")!;
    const reactions = new ReactionService(app.store, DEFAULT_REACTION_EMOJI, app.logger);
    for (const user of ["U1", "U2", "U3", "U4", "U5"]) {
      expect(await react(reactions, `Ev-${user}`, paperMessage.messageId, user)).toBe(true);
    }

    await redis.stop();
    for (const line of ["today", "follow quokkas", "top week", "topic diffusion"]) {
      const reply = await timed(line);
      expect(reply).toMatchObject({ kind: "message", tone: "warning", private: true });
      expect(reply.kind === "message" && reply.text).toContain("can't reach my database right now");
    }
    // A reaction while the store is down is not acknowledged: the platform keeps it and retries.
    await expect(react(reactions, "Ev-U6", paperMessage.messageId, "U6")).rejects.toThrow();
    await expect(app.store.backend.ping()).rejects.toThrow();

    await redis.start();
    let reachable = false;
    await waitFor(() => {
      void app.store.backend.ping().then(
        () => {
          reachable = true;
        },
        () => undefined,
      );
      return reachable;
    }, 20_000);
    // The platform's retry of the refused reaction now counts; nothing acknowledged earlier was lost.
    expect(await react(reactions, "Ev-U6", paperMessage.messageId, "U6")).toBe(true);
    const counts = await app.store.votes.counts(CHANNEL);
    expect(counts.get(paperMessage.reply.kind === "paper" ? paperMessage.reply.entry.paper.id : "")).toBe(6);
    expect((await timed("follow quokkas")).kind).toBe("message");
    expect((await app.store.channels.get(CHANNEL)).followedTopics).toEqual(["quokkas"]);
    expect(logs.lines().some((line) => String(line.msg).includes("connection error"))).toBe(true);
  }, 60_000);
});
