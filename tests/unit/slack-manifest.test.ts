import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES, EVENTS_PATH, SLASH_COMMAND } from "../../adapters/slack/index.ts";

const manifest = readFileSync(new URL("../../slack-manifest.yml", import.meta.url), "utf8");

describe("slack-manifest.yml matches the adapter", () => {
  it("asks for every scope the adapter uses", () => {
    for (const scope of BOT_SCOPES) expect(manifest).toMatch(new RegExp(`^\\s+- ${scope}$`, "m"));
  });

  it("declares the command and subscribes the events the adapter listens to, at its path", () => {
    expect(manifest).toContain(`command: ${SLASH_COMMAND}`);
    for (const event of ["reaction_added", "reaction_removed", "app_home_opened"]) {
      expect(manifest).toMatch(new RegExp(`^\\s+- ${event}$`, "m"));
    }
    expect(manifest).toContain(`https://YOUR-HOST${EVENTS_PATH}`);
  });
});
