import type { CommandContext } from "./command.ts";
import { type Configurer, channelOf } from "./invocation.ts";
import { mentionToken } from "./mentions.ts";
import type { Reply } from "./reply.ts";

/** At most this many paperboy admins are named in one answer; the others are counted. */
const NAMED_ADMINS = 10;

/** Who may configure a channel when the platform did not say (a direct call, a test). */
const ANYONE_WHO_MANAGES: Configurer = { who: "people who can manage this channel" };

/** Text with mention tokens, and the ids they may name. */
export interface MentionText {
  text: string;
  mentions: string[];
}

/** `/papers admins add @you` as it is typed on the invocation's platform. */
export function addAdminUsage(context: CommandContext, who = "@you"): string {
  return context.invocation.platform === "discord"
    ? `/papers admins action:add user:${who}`
    : `/papers admins add ${context.invocation.platform === "console" ? who.replace(/^@/, "") : who}`;
}

/** Users as mention tokens: `@A, @B and 3 more`. */
export function namedUsers(userIds: readonly string[]): MentionText {
  const named = userIds.slice(0, NAMED_ADMINS);
  const more = userIds.length - named.length;
  return {
    text: `${named.map(mentionToken).join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
    mentions: named,
  };
}

/** One platform configurer in words: "the channel's creator (@U1)". */
function describeConfigurer(configurer: Configurer): MentionText {
  if (configurer.user)
    return { text: `${configurer.who} (${mentionToken(configurer.user)})`, mentions: [configurer.user] };
  if (configurer.unknown)
    return {
      text: `${configurer.who} (I could not look up who that is: ${configurer.unknown})`,
      mentions: [],
    };
  return { text: configurer.who, mentions: [] };
}

/**
 * Everyone who may configure the invocation's channel, in its platform's words, then the channel's
 * paperboy admins by name: "workspace admins and owners, the channel's creator (@U1) or this channel's
 * paperboy admins (@U2)". When the store cannot be read, the admins are named as a group.
 */
export async function whoMayConfigure(context: CommandContext): Promise<MentionText> {
  const parts = (context.invocation.configurers ?? [ANYONE_WHO_MANAGES]).map(describeConfigurer);
  const admins = await context.store.channelAdmins.list(channelOf(context.invocation)).then(
    (list) => list.map((admin) => admin.userId),
    () => undefined,
  );
  const named = admins && namedUsers(admins);
  parts.push({
    text: `this channel's paperboy admins${named ? ` (${named.text || "none yet"})` : ""}`,
    mentions: named?.mentions ?? [],
  });
  const texts = parts.map((part) => part.text);
  const last = texts.pop();
  return {
    text: texts.length > 0 ? `${texts.join(", ")} or ${last}` : (last ?? ""),
    mentions: parts.flatMap((part) => part.mentions),
  };
}

/**
 * The answer to someone who may not do `what` ("change this channel's settings with `/papers schedule`"):
 * exactly who may, and how one of them can let this person.
 */
export async function adminsOnly(context: CommandContext, what: string): Promise<Reply> {
  const who = await whoMayConfigure(context);
  return {
    kind: "message",
    tone: "warning",
    private: true,
    text: `Only ${who.text} can ${what}. Any of them can let you with \`${addAdminUsage(context)}\`.`,
    mentions: who.mentions,
  };
}
