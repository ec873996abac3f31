import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-harness.ts";

/** Correctly signed bodies Slack never sends: Bolt 4 reads `body.ssl_check` on them unguarded. */
const ODD_BODIES: [string, string][] = [
  ["null", "application/json"],
  ["[]", "application/json"],
  ['"x"', "application/json"],
  ["42", "application/json"],
  ["{not json", "application/json"],
  ["payload=null", "application/x-www-form-urlencoded"],
  [`payload=${encodeURIComponent("[1]")}`, "application/x-www-form-urlencoded"],
];

describe("signed bodies that are not a JSON object or a Slack form", () => {
  let harness: SlackHarness;

  beforeAll(async () => {
    harness = await startSlackHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("are answered 400, and the bot goes on answering commands", async () => {
    for (const [body, contentType] of ODD_BODIES) {
      const response = await harness.post(body, contentType);
      await response.text();
      expect(response.status, body).toBe(400);
    }
    const help = await harness.command("help");
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.responses)).toContain("/papers");
  });
});
