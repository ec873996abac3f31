import { z } from "zod";
import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { Reply } from "../src/chat/reply.ts";
import { adminsOnly } from "../src/chat/rights.ts";
import { DEFAULT_BLEND, RankingBlend } from "../src/ranking/blend.ts";
import { changeSettings } from "./settings-change.ts";

/** What each blend does, in the words `/papers ranking` answers with. */
export const BLEND_DESCRIPTIONS: Readonly<Record<RankingBlend, string>> = {
  trending: "Hugging Face trending order, with followed topics lifted; reactions only feed the leaderboard",
  balanced:
    "this team's taste (learned from 👍 🔖 👎 here) counted four times as much as trending once the team has reacted a few times; the day's top trending paper keeps a slot",
  team: "mostly this team's taste; trending only breaks ties",
};

const USAGE = "/papers ranking trending|balanced|team";

/**
 * `/papers ranking trending|balanced|team` (admin): how this channel's digest weighs its taste against
 * trending. Bare, it says which one the channel has, to anyone.
 */
export const ranking = defineCommand({
  name: "ranking",
  summary: "Show how this channel's digest is ranked, or pick trending, balanced (default) or team taste.",
  usage: `${USAGE} · /papers ranking`,
  admin: false,
  adminWhen: (text) => text.trim() !== "",
  private: false,
  options: [
    {
      name: "blend",
      description: "How much the team's reactions shape the digest; leave it out to see the current one",
      required: false,
      choices: RankingBlend.options,
    },
  ],
  args: z.object({
    blend: z.enum(RankingBlend.options, { error: "The ranking is trending, balanced or team." }).optional(),
  }),
  fromText: (text) => ({ blend: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => {
    if (args.blend === undefined) return current(context);
    if (!context.invocation.isAdmin)
      return adminsOnly(context, `change this channel's ranking with \`${USAGE}\``);
    let unchanged = false;
    await changeSettings(context, (settings) => {
      unchanged = (settings.ranking ?? DEFAULT_BLEND) === args.blend;
      return { ...settings, ranking: args.blend };
    });
    return {
      kind: "message",
      tone: unchanged ? "info" : "success",
      text: `${unchanged ? "This channel's digest is already ranked" : "This channel's digest is now ranked"} ${args.blend}: ${BLEND_DESCRIPTIONS[args.blend]}.`,
    };
  },
});

/** Bare `/papers ranking`: the channel's blend, what it does, and how an admin changes it. */
async function current(context: CommandContext): Promise<Reply> {
  const chosen = (await context.store.channels.get(channelOf(context.invocation))).ranking;
  const blend = chosen ?? DEFAULT_BLEND;
  return {
    kind: "message",
    tone: "info",
    text: `This channel's digest is ranked ${blend}${chosen ? "" : " (the default)"}: ${BLEND_DESCRIPTIONS[blend]}. An admin can change it with ${USAGE}; /papers taste shows what the taste learned.`,
  };
}
