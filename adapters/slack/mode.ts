import type { Config } from "../../src/config.ts";

/**
 * How paperboy connects: `http` (one workspace, events at `/slack/events`), `oauth` (HTTP for many
 * workspaces, tokens from the installation store) or `socket` (Socket Mode, no public URL).
 */
export type SlackMode = "http" | "oauth" | "socket";

/**
 * Which mode the configuration asks for; undefined when no Slack variable is set. Kept apart from the
 * adapter so that deciding whether to load Bolt at all does not load it.
 */
export function slackMode(config: Config): SlackMode | undefined {
  const slack = config.slack;
  if (slack.appToken) return "socket";
  if (slack.clientId || slack.clientSecret) return "oauth";
  if (slack.botToken || slack.signingSecret) return "http";
  return undefined;
}
