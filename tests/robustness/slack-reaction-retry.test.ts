import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import type { KvBackend } from "../../src/store/backend.ts";
import { createMemoryBackend } from "../../src/store/drivers/memory.ts";
import { reactionEvent, type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";
import { fakeSources, fixturePapers } from "../helpers/test-app.ts";

/** A memory store that fails every call while `down` is set: a store outage, without a real server. */
function flakyBackend(): KvBackend & { down: boolean } {
  const inner = createMemoryBackend();
  const flaky = { down: false } as KvBackend & { down: boolean };
  for (const [name, value] of Object.entries(inner)) {
    (flaky as unknown as Record<string, unknown>)[name] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            if (flaky.down && name !== "close") return Promise.reject(new Error("connection refused"));
            return (value as (...a: unknown[]) => unknown).apply(inner, args);
          }
        : value;
  }
  return flaky;
}

const CHANNEL = { platform: "slack", workspaceId: "T1", channelId: "C1" } as const;

describe("a Slack reaction that arrives while the store is down", () => {
  let slack: SlackHarness;
  const backend = flakyBackend();

  beforeAll(async () => {
    slack = await startSlackHarness({
      createApp: async (env) =>
        createApp(loadConfig({ ...env, PAPERBOY_INDEX_FILE: "off" }), silentLogger, {
          commands,
          backend,
          now: () => new Date("2026-06-12T09:00:00Z"),
          sources: fakeSources({ "2026-06-12": fixturePapers() }),
        }),
    });
    await slack.app.store.posts.record(CHANNEL, {
      paperId: "2606.13392",
      date: "2026-06-12",
      messageId: "1718182800.000100",
      postedAt: "2026-06-12T09:00:00.000Z",
    });
  });
  afterAll(async () => {
    backend.down = false;
    await slack?.close();
  });

  it("is refused with an error status, so Slack delivers it again, and counts once it can be stored", async () => {
    const event = reactionEvent("reaction_added", { user: "U7", reaction: "+1", ts: "1718182800.000100" });
    backend.down = true;
    const refused = await slack.event(event, { eventId: "EvRetry1" });
    expect(refused).toBeGreaterThanOrEqual(500);
    backend.down = false;
    expect(Object.fromEntries(await slack.app.store.votes.counts(CHANNEL))).toEqual({});
    // Slack's retry of the same event.
    expect(await slack.event(event, { eventId: "EvRetry1", retryNum: 1 })).toBe(200);
    expect(Object.fromEntries(await slack.app.store.votes.counts(CHANNEL))).toEqual({ "2606.13392": 1 });
    // A further duplicate delivery changes nothing.
    expect(await slack.event(event, { eventId: "EvRetry1", retryNum: 2 })).toBe(200);
    expect(Object.fromEntries(await slack.app.store.votes.counts(CHANNEL))).toEqual({ "2606.13392": 1 });
  });
});
