import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, installTokens, startFakeSlack, workspaceOfToken } from "../helpers/fake-slack.ts";

/** One chat.postMessage as a bot token of `token` sends it; the HTTP status. */
async function post(fake: FakeSlack, token: string, channel: string): Promise<number> {
  const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ channel, text: "hello" }),
  });
  await response.text();
  return response.status;
}

describe("the fake Slack's workspace-wide chat.postMessage limit", () => {
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("refuses a workspace's posts past its bucket, whatever the channel, and no other workspace's", async () => {
    fake = await startFakeSlack({
      rateLimit: { burst: 3, perSecond: 1 },
      workspaceRateLimit: { burst: 4, perMinute: 60 },
    });
    const busy = installTokens("busy").bot;
    const statuses = [];
    for (const channel of ["C1", "C2", "C3", "C4", "C5", "C6"])
      statuses.push(await post(fake, busy, channel));
    // Each channel's own bucket has room: the 5th and 6th are the workspace's limit.
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(fake.rateLimitStats).toMatchObject({ limited: 2, workspaceLimited: 2 });
    expect(await post(fake, installTokens("quiet").bot, "C1")).toBe(200);
    expect(await post(fake, "xoxb-single-workspace", "C1")).toBe(200);
    const refused = fake.calls.filter((call) => call.status === 429);
    expect(refused.map((call) => call.body.channel)).toEqual(["C5", "C6"]);
  });

  it("tells workspaces apart by their bot token, as Slack does", () => {
    expect(workspaceOfToken(installTokens("w0001").bot)).toBe("T-w0001");
    expect(workspaceOfToken("xoxb-anything")).toBe("T1");
    expect(workspaceOfToken(undefined)).toBe("T1");
  });
});
