import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };

afterEach(async () => app?.close());

const admin = (line: string) => app.handle(invocation(line, { isAdmin: true }), new RecordingAdapter());

describe("follow, unfollow, mute and unmute: one list editor, each with its own wording", () => {
  it("answers every case of each command in its own words and edits only its own list", async () => {
    app = await createTestApp();
    const answers: [string, unknown][] = [];
    for (const line of [
      "follow world models",
      "follow World Models",
      "unfollow diffusion",
      "unfollow world models",
      "mute benchmark",
      "mute Benchmark",
      "unmute leaderboard",
      "unmute benchmark",
    ]) {
      answers.push([line, await admin(`/papers ${line}`)]);
    }
    expect(answers).toEqual([
      [
        "follow world models",
        {
          kind: "message",
          tone: "success",
          text: "Following “world models”: matching papers will be lifted in this channel's digest.",
        },
      ],
      [
        "follow World Models",
        { kind: "message", tone: "info", text: "This channel already follows “World Models”." },
      ],
      [
        "unfollow diffusion",
        expect.objectContaining({
          text: "This channel doesn't follow “diffusion”. Followed topics: “world models”.",
        }),
      ],
      [
        "unfollow world models",
        { kind: "message", tone: "success", text: "Stopped following “world models”." },
      ],
      [
        "mute benchmark",
        { kind: "message", tone: "success", text: "Muted “benchmark” in this channel's digest." },
      ],
      ["mute Benchmark", { kind: "message", tone: "info", text: "“Benchmark” is already muted here." }],
      ["unmute leaderboard", expect.objectContaining({ text: "“leaderboard” isn't muted here." })],
      ["unmute benchmark", { kind: "message", tone: "success", text: "Unmuted “benchmark”." }],
    ]);
    expect(await app.store.channels.get(CHANNEL)).toMatchObject({ followedTopics: [], mutedWords: [] });
  });

  it("refuses a 26th topic or word, names the way out, and keeps the list as it was", async () => {
    app = await createTestApp();
    for (let n = 1; n <= 25; n++) {
      await admin(`/papers follow topic ${n}`);
      await admin(`/papers mute word${n}`);
    }
    expect(await admin("/papers follow topic 26")).toMatchObject({
      text: "This channel already follows 25 topics; unfollow one first.",
    });
    expect(await admin("/papers mute word26")).toMatchObject({
      text: "This channel already mutes 25 words; unmute one first.",
    });
    expect(await admin("/papers follow Topic 25")).toMatchObject({ tone: "info" });
    const settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toHaveLength(25);
    expect(settings.mutedWords).toHaveLength(25);
  });

  it("empty lists are named as none", async () => {
    app = await createTestApp();
    expect(await admin("/papers unfollow diffusion")).toMatchObject({
      text: "This channel doesn't follow “diffusion”. Followed topics: none.",
    });
  });
});
