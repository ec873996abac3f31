import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackHarness, signatureHeaders, startSlackHarness } from "../helpers/slack-harness.ts";

const commandBody = (responseUrl: string) =>
  new URLSearchParams({
    team_id: "T1",
    channel_id: "C1",
    user_id: "U1",
    command: "/papers",
    text: "help",
    response_url: responseUrl,
    trigger_id: "t",
  }).toString();

describe("Slack request verification (real Bolt HTTP receiver on paperboy's server)", () => {
  let slack: SlackHarness;
  beforeAll(async () => {
    slack = await startSlackHarness();
  });
  afterAll(async () => {
    await slack?.close();
  });

  it("answers a correctly signed slash command: empty ack, then the answer at response_url", async () => {
    const result = await slack.command("help");
    expect(result.status).toBe(200);
    expect(result.ackBody).toBe("");
    expect(result.responses).toHaveLength(1);
    expect(result.responses[0]).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(result.responses[0])).toContain("/papers topic");
  });

  it("rejects a wrong signature with 401 and runs nothing", async () => {
    const body = commandBody(slack.fake.responseUrl("forged"));
    const headers = signatureHeaders(body, undefined, "not-the-signing-secret");
    const response = await slack.post(body, "application/x-www-form-urlencoded", headers);
    expect(response.status).toBe(401);
    await slack.adapter.idle();
    expect(slack.fake.responses.filter((item) => item.id === "forged")).toEqual([]);
  });

  it("rejects a correctly signed but stale request (more than 5 minutes old) with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("stale"));
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await slack.post(
      body,
      "application/x-www-form-urlencoded",
      signatureHeaders(body, sixMinutesAgo),
    );
    expect(response.status).toBe(401);
  });

  it("rejects a request without signature headers with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("unsigned"));
    const response = await slack.post(body, "application/x-www-form-urlencoded", {});
    expect(response.status).toBe(401);
  });

  it("rejects a body altered after signing with 401", async () => {
    const body = commandBody(slack.fake.responseUrl("altered"));
    const headers = signatureHeaders(body);
    const response = await slack.post(
      body.replace("help", "post"),
      "application/x-www-form-urlencoded",
      headers,
    );
    expect(response.status).toBe(401);
  });

  it("shares the port with /healthz and 404s unknown paths", async () => {
    expect((await fetch(`${slack.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${slack.baseUrl}/nope`)).status).toBe(404);
  });

  it("answers Slack's url_verification challenge", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "x" });
    const response = await slack.post(body, "application/json");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("abc123");
  });
});
