import { type Invocation, splitCommandLine } from "../../src/chat/invocation.ts";
import type { ReactionEvent } from "../../src/chat/reactions.ts";
import type { ShareClick } from "../../src/chat/share.ts";

/** The fields of a Slack slash-command payload that paperboy reads. */
export interface SlackCommandPayload {
  command: string;
  text?: string;
  team_id: string;
  channel_id: string;
  user_id: string;
}

/** The fields of a Slack `reaction_added` / `reaction_removed` event that paperboy reads. */
export interface SlackReactionPayload {
  type: "reaction_added" | "reaction_removed";
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts: string;
}

/**
 * `/papers topic forgetting` in a channel → an Invocation. Admin rights are looked up separately
 * (they need a Web API call), so they come in as an argument.
 */
export function parseSlashCommand(payload: SlackCommandPayload, isAdmin = false): Invocation {
  const { command, text } = splitCommandLine(unescapeCommandText(payload.text ?? ""));
  return {
    platform: "slack",
    workspaceId: payload.team_id,
    channelId: payload.channel_id,
    userId: payload.user_id,
    isAdmin,
    command,
    text,
  };
}

/**
 * Slash-command text as typed, from Slack's escaped form (the command escapes channels, users and links):
 * a link is its URL (`<https://arxiv.org/abs/1|arxiv.org/…>` → the URL), a channel or group its name, a
 * user mention stays `<@U123|name>` for commands that name a person, and `&lt;` `&gt;` `&amp;` are the
 * characters typed.
 */
export function unescapeCommandText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]*)(?:\|[^>]*)?>/g, "$1")
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_, name?: string) => name ?? "@group")
    .replace(/<!(\w+)(?:\|[^>]*)?>/g, "@$1")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/**
 * A reaction event → the core's ReactionEvent; undefined for reactions on anything but a message
 * (files, file comments), which can never carry a paper.
 */
export function parseReaction(event: SlackReactionPayload, teamId: string): ReactionEvent | undefined {
  const { item } = event;
  if (item.type !== "message" || !item.channel || !item.ts) return undefined;
  return {
    channel: { platform: "slack", workspaceId: teamId, channelId: item.channel },
    messageId: item.ts,
    userId: event.user,
    emoji: event.reaction,
    added: event.type === "reaction_added",
    at: slackTimestamp(event.event_ts),
  };
}

/** Slack's `1718179200.000100` seconds-with-micros timestamps as a Date; an unreadable one is "now". */
export function slackTimestamp(ts: string, fallback: () => Date = () => new Date()): Date {
  const seconds = Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(Math.round(seconds * 1000)) : fallback();
}

/** The fields of a `block_actions` payload for the "Share to channel" button that paperboy reads. */
export interface SlackShareActionPayload {
  team?: { id: string } | null;
  user: { id: string; team_id?: string };
  channel?: { id: string };
  actions: readonly { action_id: string; value?: string }[];
}

/**
 * A click on "Share to channel" → a ShareClick; undefined without a channel or a token. The token is only a
 * key to an offer stored on our side: whatever else the payload says is not trusted.
 */
export function parseShareClick(payload: SlackShareActionPayload, actionId: string): ShareClick | undefined {
  const token = payload.actions.find((action) => action.action_id === actionId)?.value;
  const teamId = payload.team?.id ?? payload.user.team_id;
  if (!token || !teamId || !payload.channel?.id) return undefined;
  return {
    channel: { platform: "slack", workspaceId: teamId, channelId: payload.channel.id },
    userId: payload.user.id,
    token,
  };
}
