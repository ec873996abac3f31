import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as limits from "../../adapters/slack/limits.ts";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.ts";
import {
  SLACK_SDK_LIMITS,
  slackBlockLimitProblems,
  slackViewLimitProblems,
} from "../helpers/slack-block-limits.ts";

const plain = (text: string) => ({ type: "plain_text", text });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const button = (extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain("arXiv"),
  url: "https://arxiv.org/abs/2406.00001",
  action_id: "link_arxiv",
  ...extra,
});
const times = <T>(count: number, make: (index: number) => T): T[] =>
  Array.from({ length: count }, (_, i) => make(i));

describe("the Block Kit limits of Slack's SDK", () => {
  it("accepts a message at every limit, counting characters as code points", () => {
    const blocks = [
      { type: "header", text: plain("📄".repeat(150)) },
      { type: "section", text: mrkdwn("x".repeat(3000)), fields: times(10, () => mrkdwn("y".repeat(2000))) },
      { type: "context", elements: times(10, () => mrkdwn("z")) },
      {
        type: "actions",
        block_id: "b".repeat(255),
        elements: times(25, (i) => button({ action_id: `link_${i}` })),
      },
      { type: "image", image_url: "https://example.org/a.png", alt_text: "a".repeat(2000) },
      ...times(45, () => ({ type: "divider" })),
    ];
    expect(blocks).toHaveLength(50);
    expect(slackBlockLimitProblems(blocks)).toEqual([]);
  });

  it("names every limit a message breaks", () => {
    const blocks = [
      { type: "header", text: plain("h".repeat(151)) },
      { type: "section", text: mrkdwn("s".repeat(3001)) },
      { type: "section", fields: [...times(10, () => mrkdwn("f")), mrkdwn("f".repeat(2001))] },
      { type: "section" },
      { type: "context", elements: times(11, () => mrkdwn("c")) },
      {
        type: "actions",
        block_id: "b".repeat(256),
        elements: [
          ...times(25, () => button()),
          button({
            text: plain("t".repeat(76)),
            action_id: "a".repeat(256),
            url: `https://x.org/${"u".repeat(2990)}`,
          }),
          button({ value: "v".repeat(2001), style: "secondary" }),
        ],
      },
      { type: "image", image_url: "https://example.org/a.png", alt_text: "a".repeat(2001) },
      ...times(44, () => ({ type: "divider" })),
    ];
    expect(slackBlockLimitProblems(blocks)).toEqual([
      "blocks: 51 blocks, over 50",
      "blocks[0](header).text: 151 characters, over 150",
      "blocks[1](section).text: 3001 characters, over 3000",
      "blocks[2](section).fields: 11 fields, over 10",
      "blocks[2](section).fields[10]: 2001 characters, over 2000",
      "blocks[3](section): neither text nor fields",
      "blocks[4](context).elements: 11 elements, over 10",
      `blocks[5](actions).block_id: 256 characters, over 255`,
      "blocks[5](actions).elements: 27 elements, over 25",
      "blocks[5](actions).elements[25].action_id: 256 characters, over 255",
      "blocks[5](actions).elements[25].text: 76 characters, over 75",
      "blocks[5](actions).elements[25].url: 3004 characters, over 3000",
      "blocks[5](actions).elements[26].value: 2001 characters, over 2000",
      'blocks[5](actions).elements[26].style: "secondary" is not primary or danger',
      "blocks[6](image).alt_text: 2001 characters, over 2000",
    ]);
  });

  it("holds an App Home view to 1–100 blocks and a home view to no submit or close", () => {
    const divider = { type: "divider" };
    expect(slackViewLimitProblems({ type: "home", blocks: times(100, () => divider) })).toEqual([]);
    expect(slackViewLimitProblems({ type: "home", blocks: times(101, () => divider) })).toEqual([
      "view.blocks: 101 blocks, over 100",
    ]);
    expect(slackViewLimitProblems({ type: "home", blocks: [], submit: plain("Go") })).toEqual([
      "view: a home view has no submit or close",
      "view.blocks: no blocks",
    ]);
  });

  it("is no looser than paperboy's own limits (adapters/slack/limits.ts)", () => {
    expect(limits.MAX_BLOCKS).toBeLessThanOrEqual(SLACK_SDK_LIMITS.messageBlocks);
    expect(limits.MAX_HOME_BLOCKS).toBeLessThanOrEqual(SLACK_SDK_LIMITS.viewBlocks);
    expect(limits.MAX_SECTION_TEXT).toBeLessThanOrEqual(SLACK_SDK_LIMITS.sectionText);
    expect(limits.MAX_FIELD_TEXT).toBeLessThanOrEqual(SLACK_SDK_LIMITS.sectionFieldText);
    expect(limits.MAX_FIELDS).toBeLessThanOrEqual(SLACK_SDK_LIMITS.sectionFields);
    expect(limits.MAX_HEADER_TEXT).toBeLessThanOrEqual(SLACK_SDK_LIMITS.headerText);
    expect(limits.MAX_CONTEXT_ELEMENTS).toBeLessThanOrEqual(SLACK_SDK_LIMITS.contextElements);
    expect(limits.MAX_ACTION_ELEMENTS).toBeLessThanOrEqual(SLACK_SDK_LIMITS.actionsElements);
    expect(limits.MAX_BUTTON_TEXT).toBeLessThanOrEqual(SLACK_SDK_LIMITS.buttonText);
    expect(limits.MAX_BUTTON_URL).toBeLessThanOrEqual(SLACK_SDK_LIMITS.buttonUrl);
    expect(limits.MAX_ACTION_ID).toBeLessThanOrEqual(SLACK_SDK_LIMITS.actionId);
  });
});

describe("the fake Slack checks every message and view against those limits", () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    fake.blockViolations.splice(0);
    await fake.close();
  });

  const send = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: "Bearer xoxb-test" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const tooLongHeader = [{ type: "header", text: plain("h".repeat(151)) }];

  it("answers chat.postMessage, chat.update and response URLs with invalid_blocks, posting nothing", async () => {
    const post = await send(`${fake.apiUrl}chat.postMessage`, {
      channel: "C1",
      text: "x",
      blocks: tooLongHeader,
    });
    expect(post).toEqual({
      status: 200,
      body: {
        ok: false,
        error: "invalid_blocks",
        errors: ["blocks[0](header).text: 151 characters, over 150"],
      },
    });
    const update = await send(`${fake.apiUrl}chat.update`, {
      channel: "C1",
      ts: "1.2",
      blocks: tooLongHeader,
    });
    expect(update.body).toMatchObject({ ok: false, error: "invalid_blocks" });
    const respond = await send(fake.responseUrl("cmd"), { text: "x", blocks: tooLongHeader });
    expect(respond.status).toBe(400);
    expect(fake.responses).toEqual([]);
    const history = await send(`${fake.apiUrl}conversations.history`, { channel: "C1" });
    expect(history.body.messages).toEqual([]);
    expect(fake.blockViolations.map((violation) => violation.method)).toEqual([
      "chat.postMessage",
      "chat.update",
      "response_url",
    ]);
  });

  it("answers views.publish with invalid_blocks for a home view over 100 blocks", async () => {
    const view = { type: "home", blocks: times(101, () => ({ type: "divider" })) };
    const publish = await send(`${fake.apiUrl}views.publish`, { user_id: "U1", view });
    expect(publish.body).toMatchObject({ ok: false, error: "invalid_blocks" });
  });

  it("fails the test at close while a refused message is left unexamined", async () => {
    const other = await startFakeSlack();
    await send(`${other.apiUrl}chat.postMessage`, { channel: "C1", text: "x", blocks: tooLongHeader });
    await expect(other.close()).rejects.toThrow(/chat\.postMessage: blocks\[0\]\(header\)\.text: 151/);
  });
});
