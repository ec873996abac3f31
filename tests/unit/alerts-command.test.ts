import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import type { Reply } from "../../src/chat/reply.ts";
import { createTestApp, invocation, RecordingAdapter } from "../helpers/test-app.ts";

const CHANNEL = { platform: "console", workspaceId: "W1", channelId: "C1" } as const;

let app: App & { clock: { now: Date } };
const run = (line: string, isAdmin = false) =>
  app.handle(invocation(line, { isAdmin }), new RecordingAdapter());
const text = (reply: Reply) => (reply.kind === "message" ? reply.text : JSON.stringify(reply));

beforeEach(async () => {
  app = await createTestApp();
});
afterEach(async () => app.close());

describe("/papers alerts", () => {
  it("says, to anyone, whether follow-ups and rising heads-ups are on, and how an admin changes them", async () => {
    expect(text(await run("/papers alerts"))).toBe(
      "Follow-ups are on in this channel. An admin can turn them off with /papers alerts off.",
    );
    expect(text(await run("/papers alerts rising"))).toBe(
      "Rising-paper heads-ups are off in this channel. An admin can turn them on with /papers alerts rising on.",
    );
    await run("/papers alerts rising on", true);
    await run("/papers alerts off", true);
    expect(text(await run("/papers alerts rising"))).toMatch(
      /^Rising-paper heads-ups are on in this channel\./,
    );
    expect(text(await run("/papers alerts"))).toMatch(/^Follow-ups are off in this channel\./);
  });

  it("lets only admins turn them on or off", async () => {
    const refused = await run("/papers alerts rising on");
    expect(text(refused)).toContain("turn alerts on or off with `/papers alerts rising on|off`");
    expect((await app.store.channels.get(CHANNEL)).risingAlerts).toBeUndefined();
    expect((await run("/papers alerts maybe", true)).kind).toBe("usage");
  });
});
