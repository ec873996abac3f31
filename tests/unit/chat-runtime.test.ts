import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { ChannelUnavailableError } from "../../src/chat/adapter.ts";
import type { PlatformAdapter } from "../../src/chat/platform.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { ChatRuntime } from "../../src/chat/runtime.ts";
import { deliverDigest } from "../../src/digest/deliver.ts";
import { sampleDigest } from "../../src/digest/sample-digest.ts";
import type { ChannelRef } from "../../src/store/refs.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL: ChannelRef = { platform: "console", workspaceId: "W1", channelId: "C1" };

/** A platform in memory: renders a reply as its text kind, keeps what it sent, fails on demand. */
function memoryPlatform() {
  const sent: { channel: ChannelRef; message: string; key?: string; following?: number }[] = [];
  const history = new Map<string, string>();
  const platform: PlatformAdapter<string> & {
    sent: typeof sent;
    history: typeof history;
    failWith?: unknown;
  } = {
    platform: "console",
    sent,
    history,
    channelErrors: {
      reasonOf: (error) => (error as { code?: string }).code,
      reasons: new Map<string | number, string | true>([
        ["gone", true],
        [404, "Unknown Channel"],
      ]),
    },
    async start() {},
    async stop() {},
    render: (reply: Reply) => (reply.kind === "message" ? [reply.text] : [reply.kind, `${reply.kind} (2)`]),
    async send(channel, message, { key, following }) {
      if (platform.failWith) throw platform.failWith;
      sent.push({ channel, message, key, ...(following === undefined ? {} : { following }) });
      return `m${sent.length}`;
    },
    async findPosted(_channel, key) {
      return history.get(key);
    },
  };
  return platform;
}

describe("the chat runtime", () => {
  let app: App;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => app.close());

  it("posts every rendered message with its ledger key and returns the first one's id", async () => {
    const platform = memoryPlatform();
    const runtime = new ChatRuntime(app, platform);
    const posted = await runtime.post(
      CHANNEL,
      { kind: "header", digest: {} as never },
      { idempotencyKey: "k" },
    );
    expect(posted).toEqual({ messageId: "m1" });
    expect(platform.sent.map((sent) => sent.key)).toEqual(["k:0", "k:1"]);
  });

  it("tells the platform how many messages follow each one, counting a reply's own extra messages", async () => {
    const platform = memoryPlatform();
    const runtime = new ChatRuntime(app, platform);
    await runtime.post(
      CHANNEL,
      { kind: "header", digest: {} as never },
      { idempotencyKey: "k", following: 3 },
    );
    await runtime.post(CHANNEL, { kind: "header", digest: {} as never }, { idempotencyKey: "j" });
    expect(platform.sent.map((sent) => sent.following)).toEqual([4, 3, undefined, undefined]);
  });

  it("announces a digest's remaining papers with each of its messages", async () => {
    const adapter = new RecordingAdapter();
    const digest = sampleDigest({ timezone: "UTC", limit: 3 });
    await deliverDigest({
      adapter,
      store: app.store,
      channel: CHANNEL,
      digest,
      layout: "messages",
      now: () => new Date("2026-06-12T09:00:00Z"),
      logger: app.logger,
    });
    expect(adapter.posts.map((post) => [post.reply.kind, post.options?.following])).toEqual([
      ["header", 3],
      ["paper", 2],
      ["paper", 1],
      ["paper", 0],
    ]);
  });

  it("after a cut-off attempt, returns the post the platform's history holds instead of sending again", async () => {
    const platform = memoryPlatform();
    platform.history.set("k:0", "earlier");
    const runtime = new ChatRuntime(app, platform);
    const posted = await runtime.post(
      CHANNEL,
      { kind: "message", tone: "info", text: "hi" },
      {
        idempotencyKey: "k",
        possiblySent: true,
      },
    );
    expect(posted).toEqual({ messageId: "earlier" });
    expect(platform.sent).toEqual([]);
  });

  it("maps a refusal through the platform's error table, and nothing else", async () => {
    const platform = memoryPlatform();
    const runtime = new ChatRuntime(app, platform);
    const reply: Reply = { kind: "message", tone: "info", text: "hi" };
    platform.failWith = Object.assign(new Error("no"), { code: 404 });
    await expect(runtime.post(CHANNEL, reply)).rejects.toMatchObject({ reason: "Unknown Channel" });
    platform.failWith = Object.assign(new Error("no"), { code: "gone" });
    await expect(runtime.post(CHANNEL, reply)).rejects.toBeInstanceOf(ChannelUnavailableError);
    platform.failWith = Object.assign(new Error("timeout"), { code: "ETIMEDOUT" });
    await expect(runtime.post(CHANNEL, reply)).rejects.not.toBeInstanceOf(ChannelUnavailableError);
  });

  it("offers only the capabilities the platform has", () => {
    const runtime = new ChatRuntime(app, memoryPlatform());
    expect(runtime.addNumberReactions).toBeUndefined();
    expect(runtime.notifyUser).toBeUndefined();
  });

  it("asks the platform about admin rights only for commands that need them, after the allow-list", async () => {
    const runtime = new ChatRuntime(app, memoryPlatform());
    const asked: string[] = [];
    const answers: string[] = [];
    const ask = (line: string) =>
      runtime.answer({
        invocation: invocation(line, { platform: "slack" }),
        isAdmin: async () => {
          asked.push(line);
          return false;
        },
        respond: { answer: async (messages) => void answers.push(messages.join("\n")) },
      });
    await ask("help");
    await ask("mute crypto");
    expect(asked).toEqual(["mute crypto"]);
    expect(answers[1]).toContain("can change this channel's settings with `/papers mute`");
  });

  it("isolates a failing answer: it is logged and the next command is still answered", async () => {
    const runtime = new ChatRuntime(app, memoryPlatform());
    const answers: string[] = [];
    let failing = true;
    const respond = {
      answer: async (messages: string[]) => {
        if (failing) {
          failing = false;
          throw new Error("the platform hung up");
        }
        answers.push(messages.join("\n"));
      },
    };
    await runtime.answer({ invocation: invocation("help"), respond });
    await runtime.answer({ invocation: invocation("help"), respond });
    await runtime.idle();
    expect(answers).toHaveLength(1);
  });
});
