import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as keys from "../../src/store/keys.ts";
import { channelKey, escapeSegment, unescapeSegment } from "../../src/store/refs.ts";

const channel = { platform: "slack", workspaceId: "T1", channelId: "C:1" } as const;

describe("store key namespaces", () => {
  it("keep the keys existing stores hold, so an upgrade finds every record", () => {
    expect([
      keys.channelSettingsKey(channel),
      keys.postKey(channel, "2026-06-12", "2606.13392"),
      keys.messageKey(channel, "1718182800.000100"),
      keys.attemptKey(channel, "2026-06-12", "2606.13392"),
      keys.voteKey("vote", channel, "2606.13392", "U1", "+1"),
      keys.legacyVoteKey("downvote", channel, "2606.13392", "U1"),
      keys.savedKey({ platform: "discord", workspaceId: "G1", userId: "U1" }, "2606.13392"),
      keys.paperKey("2606.13392"),
      keys.featuredKey("2026-06-12", "2606.13392"),
      keys.listedKey("2026-06-12", "2606.13392"),
      keys.claimKey(keys.digestClaimName(channel, "2026-06-12")),
      keys.planKey(channel, "2026-06-12"),
      keys.scheduledKey(channel, "2026-06-12"),
      keys.eventKey("slack", "Ev1"),
      keys.healthProbeKey,
      keys.slackInstallationKey("team-T1"),
    ]).toEqual([
      "channel:slack:T1:C%3A1",
      "post:slack:T1:C%3A1:2026-06-12:2606.13392",
      "message:slack:T1:C%3A1:1718182800.000100",
      "attempt:slack:T1:C%3A1:2026-06-12:2606.13392",
      "vote:slack:T1:C%3A1:2606.13392:U1:+1",
      "downvote:slack:T1:C%3A1:2606.13392:U1",
      "saved:discord:G1:U1:2606.13392",
      "paper:2606.13392",
      "featured:2026-06-12:2606.13392",
      "listed:2026-06-12:2606.13392",
      "claim:digest:slack:T1:C%3A1:2026-06-12",
      "plan:slack:T1:C%3A1:2026-06-12",
      "scheduled:slack:T1:C%3A1:2026-06-12",
      "event:slack:Ev1",
      "health:write-probe",
      "slack:installation:team-T1",
    ]);
  });

  it("escape ':' and '%' in every segment and leave other segments as they are", () => {
    for (const [segment, escaped] of [
      ["C1", "C1"],
      ["2606.13392", "2606.13392"],
      ["C:1", "C%3A1"],
      ["50%", "50%25"],
      ["a%3A:b", "a%253A%3Ab"],
      ["", ""],
    ]) {
      expect(escapeSegment(segment as string)).toBe(escaped);
      expect(unescapeSegment(escaped as string)).toBe(segment);
    }
    expect(channelKey({ platform: "slack", workspaceId: "T:1%", channelId: "C1" })).toBe("slack:T%3A1%25:C1");
  });

  it("are spelled only in src/store/keys.ts", async () => {
    const names = Object.values(keys.NAMESPACES).map((name) => name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"));
    // A namespace opening a string or template literal, followed by its separator: `plan:`, "event:…".
    const spelled = new RegExp(`["'\`](?:${names.join("|")}):`);
    const offenders: string[] = [];
    for (const root of ["src", "commands", "adapters"]) {
      for (const file of await readdir(root, { recursive: true })) {
        const path = join(root, file);
        if (!path.endsWith(".ts") || path === join("src", "store", "keys.ts")) continue;
        const lines = (await readFile(path, "utf8")).split("\n");
        lines.forEach((line, index) => {
          if (spelled.test(line) && !line.trim().startsWith("*") && !line.trim().startsWith("//"))
            offenders.push(`${path}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
