import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { channelKey } from "../../src/store/refs.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };
const run = (line: string, isAdmin = false) =>
  app.handle(invocation(line, { isAdmin }), new RecordingAdapter());
const text = (reply: Reply) => JSON.stringify(reply);

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe("/papers ranking", () => {
  it("lets an admin pick the blend, which the channel's settings keep", async () => {
    expect(text(await run("/papers ranking team", true))).toContain("now ranked team");
    expect((await app.store.channels.get(CHANNEL)).ranking).toBe("team");
    expect(text(await run("/papers ranking TEAM", true))).toContain("already ranked team");
  });

  it("refuses people who are not admins and blends it does not know", async () => {
    expect(text(await run("/papers ranking team"))).toContain("Only channel admins");
    const reply = await run("/papers ranking viral", true);
    expect(reply.kind).toBe("usage");
    expect(text(reply)).toContain("The ranking is trending, balanced or team.");
  });

  it("reads a channel stored before blends existed as balanced, keeping its other settings", async () => {
    await app.store.backend.set(`channel:${channelKey(CHANNEL)}`, {
      v: 1,
      data: {
        ...CHANNEL,
        schedule: null,
        followedTopics: ["forgetting"],
        mutedWords: [],
        layout: "messages",
      },
    });
    const settings = await app.store.channels.get(CHANNEL);
    expect(settings.followedTopics).toEqual(["forgetting"]);
    expect(settings.ranking ?? "balanced").toBe("balanced");
    expect(text(await run("/papers ranking balanced", true))).toContain("already ranked balanced");
  });
});
