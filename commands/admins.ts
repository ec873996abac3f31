import { z } from "zod";
import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import { mentionToken, parseUserMention } from "../src/chat/mentions.ts";
import type { Reply } from "../src/chat/reply.ts";
import { addAdminUsage, adminsOnly, namedUsers, whoMayConfigure } from "../src/chat/rights.ts";
import { UsageError } from "../src/errors.ts";
import { MAX_CHANNEL_ADMINS } from "../src/store/channel-admin-repository.ts";
import type { Platform } from "../src/store/refs.ts";

const ACTIONS = ["list", "add", "remove"] as const;

/** What to type when the person was not named as a mention, in each platform's terms. */
const SAY_WHO: Record<Platform, string> = {
  slack: "Say who as a mention: type @ and pick the person from Slack's list.",
  discord: "Say who: pick the person in the `user` option.",
  console: "Say who: a user id, e.g. `/papers admins add alice`.",
};

/** Slack delivered `@name` as text: the slash command was set up without escaping. */
const SLACK_PLAIN_NAME =
  " Slack sent the name as plain text, not as a user: the app's /papers command needs “Escape channels, users, and links to this app” turned on (the manifest in paperboy's repository sets it).";

/**
 * `/papers admins [list]`, `/papers admins add @user`, `/papers admins remove @user`: who may configure this
 * channel, and the people its admins allowed to (anyone may list; adding and removing is for those who may
 * configure the channel, so nobody can add themselves).
 */
export const admins = defineCommand({
  name: "admins",
  summary: "Show who may configure this channel; add or remove the people allowed to (admins).",
  usage: "/papers admins [list] · /papers admins add @someone · /papers admins remove @someone",
  admin: false,
  adminWhen: (text) => /(^|\s)(add|remove)(\s|$)/i.test(text),
  checksAdmin: true,
  private: false,
  options: [
    { name: "action", description: "list, add or remove", required: false, choices: ACTIONS },
    {
      name: "user",
      description: "The person to add or remove",
      required: false,
      type: "user",
      placeholder: "@someone",
    },
  ],
  args: z.object({
    action: z
      .enum(ACTIONS, { error: "Use /papers admins list, /papers admins add @someone or remove @someone." })
      .default("list"),
    user: z.string().max(120, "That is not a mention.").optional(),
  }),
  fromText: (text) => {
    const [action, ...rest] = text.trim().split(/\s+/);
    return { action: action?.toLowerCase() || undefined, user: rest.join(" ") || undefined };
  },
  run: async (context, args) => {
    if (args.action === "list") return list(context);
    if (!context.invocation.isAdmin)
      return adminsOnly(context, `${args.action} this channel's paperboy admins`);
    const userId = target(context.invocation.platform, args.user);
    return args.action === "add" ? add(context, userId) : remove(context, userId);
  },
});

/** The user a typed mention names; a `UsageError` in the platform's words otherwise. */
function target(platform: Platform, typed: string | undefined): string {
  const userId = typed ? parseUserMention(platform, typed) : undefined;
  if (userId) return userId;
  const plainName = platform === "slack" && typed?.trim().startsWith("@");
  throw new UsageError(`${SAY_WHO[platform]}${plainName ? SLACK_PLAIN_NAME : ""}`);
}

async function list(context: CommandContext): Promise<Reply> {
  const who = await whoMayConfigure(context);
  // Only to the asker: in a public Slack message every named admin and the creator would be notified.
  return {
    kind: "message",
    tone: "info",
    private: true,
    text: `Who may configure this channel: ${who.text}. Someone who may can add a person with \`${addAdminUsage(context, "@someone")}\` (at most ${MAX_CHANNEL_ADMINS}).`,
    mentions: who.mentions,
  };
}

async function add(context: CommandContext, userId: string): Promise<Reply> {
  const result = await context.store.channelAdmins.add(channelOf(context.invocation), userId, {
    by: context.invocation.userId,
    at: context.now(),
  });
  const user = mentionToken(userId);
  const texts = {
    added: `${user} can now configure paperboy in this channel: schedule, topics, layout, posting and its paperboy admins.`,
    already: `${user} is already one of this channel's paperboy admins.`,
    full: `This channel already has ${MAX_CHANNEL_ADMINS} paperboy admins, the most it can have: remove one first.`,
  } as const;
  return {
    kind: "message",
    tone: result === "added" ? "success" : result === "already" ? "info" : "warning",
    text: texts[result],
    mentions: [userId],
    ...(result === "full" ? { private: true } : {}),
  };
}

async function remove(context: CommandContext, userId: string): Promise<Reply> {
  const channel = channelOf(context.invocation);
  const user = mentionToken(userId);
  if (await context.store.channelAdmins.remove(channel, userId)) {
    return {
      kind: "message",
      tone: "success",
      text: `${user} is no longer one of this channel's paperboy admins.`,
      mentions: [userId],
    };
  }
  const current = namedUsers((await context.store.channelAdmins.list(channel)).map((admin) => admin.userId));
  return {
    kind: "message",
    tone: "info",
    private: true,
    text: `${user} is not one of this channel's paperboy admins, so nothing changed. They are: ${current.text || "nobody yet"}.`,
    mentions: [userId, ...current.mentions],
  };
}
