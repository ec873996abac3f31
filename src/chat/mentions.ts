import type { Platform } from "../store/refs.ts";

/**
 * User mentions, in each platform's own syntax. Inbound: a mention as typed (Slack `<@U123|name>`, Discord
 * `<@123>` or a USER option's id, the console's plain id) → the user id. Outbound: a reply's text holds
 * {@link mentionToken}s, which only the renderers turn into the platform's mention, and only for the ids
 * the reply lists in `mentions`; anything a user typed is escaped first, so it can never form one.
 */

/** Slack user ids (`U…`, `W…` on Enterprise Grid), as a mention or typed bare. */
const SLACK_MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,20})$/;
/** Discord snowflakes, as a mention (`<@1…>`, the legacy nickname form `<@!1…>`) or an option's bare id. */
const DISCORD_MENTION = /^<@!?(\d{15,21})>$|^(\d{15,21})$/;
/** The console's user names, with or without a leading `@`. */
const CONSOLE_MENTION = /^@?([A-Za-z0-9._-]{1,64})$/;

const SYNTAX: Record<Platform, RegExp> = {
  slack: SLACK_MENTION,
  discord: DISCORD_MENTION,
  console: CONSOLE_MENTION,
};

/** The user a typed mention names on `platform`; undefined when the text is not one. */
export function parseUserMention(platform: Platform, typed: string): string | undefined {
  const match = SYNTAX[platform].exec(typed.trim());
  return match ? (match[1] ?? match[2]) : undefined;
}

/** How a user id is written in a help or usage line on each platform. */
export const MENTION_EXAMPLE: Record<Platform, string> = {
  slack: "@someone",
  discord: "user:@someone",
  console: "someone",
};

const OPEN = "\uE000";
const CLOSE = "\uE001";
const TOKEN = new RegExp(`${OPEN}([^${OPEN}${CLOSE}]{1,64})${CLOSE}`, "g");
const STRAY = new RegExp(`[${OPEN}${CLOSE}]`, "g");

/** A mention of `userId` inside a reply's text; list the id in the reply's `mentions` too. */
export function mentionToken(userId: string): string {
  return `${OPEN}${userId}${CLOSE}`;
}

/**
 * Text (already escaped for the platform) with each token of a listed id written by `format`, tokens of
 * other ids as the plain id, and stray markers (a token a cut went through, one a user typed) dropped.
 */
export function fillMentions(
  text: string,
  mentions: readonly string[] | undefined,
  format: (userId: string) => string,
): string {
  return text
    .replace(TOKEN, (_, id: string) => (mentions?.includes(id) ? format(id) : id))
    .replace(STRAY, "");
}
