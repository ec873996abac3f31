import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installationKey } from "../../adapters/slack/installation-store.ts";
import type { App } from "../../src/app.ts";
import type { FakeSlack } from "../helpers/fake-slack.ts";
import {
  beginOAuthInstall,
  completeOAuthInstall,
  SLACK_OAUTH_ENV,
  type SlackHarness,
  signatureHeaders,
  startSlackHarness,
} from "../helpers/slack-harness.ts";

/** Slack in OAuth mode (many workspaces): the install flow's `state` and every request's signature. */
describe("Slack OAuth mode refuses forged installs and unsigned requests", () => {
  let harness: SlackHarness;
  let fake: FakeSlack;
  let app: App;
  let base: string;

  beforeAll(async () => {
    harness = await startSlackHarness({ env: SLACK_OAUTH_ENV });
    ({ fake, app, baseUrl: base } = harness);
  });
  afterAll(() => harness?.close());

  const installed = (team: string) =>
    app.store.backend.get(installationKey({ isEnterpriseInstall: false, teamId: `T-${team}` }));

  const begin = () => beginOAuthInstall(base);

  it("stores nothing for a forged state, a state without its browser cookie, or no state at all", async () => {
    const { state, cookie } = await begin();
    expect(state.length).toBeGreaterThan(10);
    const attempts: [string, Record<string, string>][] = [
      [`code=F1&state=${encodeURIComponent("forged-state")}`, { cookie }],
      [`code=F2&state=${encodeURIComponent(state)}`, {}],
      [`code=F3&state=${encodeURIComponent(`${state}x`)}`, { cookie }],
      ["code=F4", { cookie }],
    ];
    for (const [query, headers] of attempts) {
      const response = await fetch(`${base}/slack/oauth_redirect?${query}`, { headers, redirect: "manual" });
      await response.text();
      expect(response.ok, query).toBe(false);
    }
    for (const team of ["F1", "F2", "F3", "F4"]) expect(await installed(team)).toBeUndefined();
    // The real flow still works, once.
    expect(await completeOAuthInstall(base, "G1", { state, cookie })).toBe(200);
    expect(await installed("G1")).toBeDefined();
  });

  it("answers 401 to a command without a valid signature and runs nothing", async () => {
    const body = new URLSearchParams({
      team_id: "T-G1",
      channel_id: "C1",
      user_id: "U1",
      command: "/papers",
      text: "follow quokkas",
      response_url: fake.responseUrl("unsigned"),
    }).toString();
    const contentType = { "content-type": "application/x-www-form-urlencoded" };
    const forged = { ...signatureHeaders(body), "x-slack-signature": `v0=${"0".repeat(64)}` };
    for (const headers of [{}, forged]) {
      const response = await fetch(`${base}/slack/events`, {
        method: "POST",
        headers: { ...contentType, ...headers },
        body,
      });
      await response.text();
      expect(response.status).toBe(401);
    }
    const channel = { platform: "slack", workspaceId: "T-G1", channelId: "C1" } as const;
    expect((await app.store.channels.get(channel)).followedTopics).toEqual([]);
  });
});
