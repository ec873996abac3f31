import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };

afterEach(async () => app?.close());

const admin = (line: string) => app.handle(invocation(line, { isAdmin: true }), new RecordingAdapter());

function expectKind<K extends Reply["kind"]>(reply: Reply, kind: K): Extract<Reply, { kind: K }> {
  expect(reply.kind, JSON.stringify(reply).slice(0, 300)).toBe(kind);
  return reply as Extract<Reply, { kind: K }>;
}

describe("topics and words: quotes and spacing don't make a second topic", () => {
  it("follow with straight, typographic or no quotes is one topic; unfollow takes any form", async () => {
    app = await createTestApp();
    await admin('/papers follow "continual learning"');
    const again = expectKind(await admin("/papers follow   Continual   Learning"), "message");
    expect(again.text).toBe("This channel already follows “Continual Learning”.");
    await admin("/papers follow “continual learning”");
    expect((await app.store.channels.get(CHANNEL)).followedTopics).toEqual(["continual learning"]);
    expectKind(await admin("/papers unfollow ‘continual learning’"), "message");
    expect((await app.store.channels.get(CHANNEL)).followedTopics).toEqual([]);
  });

  it("a topic stored with its quotes before the fix can still be unfollowed and isn't followed twice", async () => {
    app = await createTestApp();
    await app.store.channels.update(
      CHANNEL,
      (settings) => ({ ...settings, followedTopics: ['"world models"'] }),
      {
        by: "U_ADMIN",
        at: app.now(),
      },
    );
    expect(expectKind(await admin("/papers follow world models"), "message").text).toContain(
      "already follows",
    );
    expectKind(await admin("/papers unfollow world models"), "message");
    expect((await app.store.channels.get(CHANNEL)).followedTopics).toEqual([]);
  });

  it("mute and unmute read quotes the same way; quotes inside a phrase are kept", async () => {
    app = await createTestApp();
    await admin("/papers mute “benchmark”");
    await admin('/papers mute "state" of the "art"');
    expect((await app.store.channels.get(CHANNEL)).mutedWords).toEqual(["benchmark", '"state" of the "art"']);
    expectKind(await admin("/papers unmute BENCHMARK"), "message");
    expect((await app.store.channels.get(CHANNEL)).mutedWords).toEqual(['"state" of the "art"']);
  });
});
