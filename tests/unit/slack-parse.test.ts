import { describe, expect, it } from "vitest";
import { parseReaction, parseSlashCommand, slackTimestamp } from "../../adapters/slack/parse.ts";

describe("Slack payload parsing", () => {
  it("turns a slash command into an Invocation with the subcommand split off", () => {
    const invocation = parseSlashCommand({
      command: "/papers",
      text: "  Topic   continual learning -survey ",
      team_id: "T1",
      channel_id: "C1",
      user_id: "U1",
    });
    expect(invocation).toEqual({
      platform: "slack",
      workspaceId: "T1",
      channelId: "C1",
      userId: "U1",
      isAdmin: false,
      command: "topic",
      text: "continual learning -survey",
    });
  });

  it("treats an empty command text as help (empty subcommand)", () => {
    const invocation = parseSlashCommand(
      { command: "/papers", team_id: "T1", channel_id: "C1", user_id: "U1" },
      true,
    );
    expect(invocation).toMatchObject({ command: "", text: "", isAdmin: true });
  });

  it("turns a reaction on a message into a ReactionEvent keyed by the message ts", () => {
    const event = parseReaction(
      {
        type: "reaction_removed",
        user: "U2",
        reaction: "+1::skin-tone-2",
        item: { type: "message", channel: "C1", ts: "1781254800.000002" },
        event_ts: "1781255000.000100",
      },
      "T1",
    );
    expect(event).toEqual({
      channel: { platform: "slack", workspaceId: "T1", channelId: "C1" },
      messageId: "1781254800.000002",
      userId: "U2",
      emoji: "+1::skin-tone-2",
      added: false,
      at: new Date(1781255000000),
    });
  });

  it("ignores reactions on files", () => {
    const event = parseReaction(
      { type: "reaction_added", user: "U2", reaction: "+1", item: { type: "file" }, event_ts: "1" },
      "T1",
    );
    expect(event).toBeUndefined();
  });

  it("reads Slack timestamps, falling back for unreadable ones", () => {
    expect(slackTimestamp("1718179200.000100").toISOString()).toBe("2024-06-12T08:00:00.000Z");
    const fallback = new Date("2026-01-01T00:00:00Z");
    expect(slackTimestamp("nope", () => fallback)).toBe(fallback);
  });
});
