import { stringify } from "node:querystring";
import { describe, expect, it } from "vitest";
import { formBody } from "../../adapters/slack/post-message.ts";
import { renderSlack } from "../../adapters/slack/render.ts";
import { fixturePapers } from "../helpers/test-app.ts";

/** The body as it was built before blocks were encoded once: every nested value JSON, then `stringify`. */
function plainBody(fields: Record<string, unknown>): string {
  const form: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    form[name] = typeof value === "object" ? JSON.stringify(value) : (value as string | number | boolean);
  }
  return stringify(form);
}

describe("the chat.postMessage form body", () => {
  it("is the text querystring gives, for shared and fresh blocks, every time", () => {
    for (const paper of fixturePapers().slice(0, 10)) {
      const reply = {
        kind: "paper" as const,
        entry: { paper, tldr: "T; <b> & ü 😀 % +", why: "x=1&y" },
        rank: 2,
      };
      for (const message of [
        ...renderSlack(reply, { votable: true }),
        ...renderSlack(structuredClone(reply)),
      ]) {
        const fields = {
          channel: "C1",
          ...message,
          thread_ts: "1718182800.000100",
          unfurl_links: false,
          unfurl_media: false,
          icon_url: undefined,
          metadata: { event_type: "paperboy_post", event_payload: { key: "slack:T1:C1:2026-06-12:&=" } },
        };
        expect(formBody(fields)).toBe(plainBody(fields));
        expect(formBody(fields)).toBe(plainBody(fields));
      }
    }
  });
});
