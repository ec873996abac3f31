import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { DEFAULT_BLEND, RankingBlend } from "../src/ranking/blend.ts";
import { changeSettings } from "./settings-change.ts";

/** What each blend does, in the words `/papers ranking` answers with. */
export const BLEND_DESCRIPTIONS: Readonly<Record<RankingBlend, string>> = {
  trending: "Hugging Face trending order, with followed topics lifted; reactions only feed the leaderboard",
  balanced:
    "this team's taste (learned from 👍 🔖 👎 here) counted four times as much as trending once the team has reacted a few times; the day's top trending paper keeps a slot",
  team: "mostly this team's taste; trending only breaks ties",
};

/** `/papers ranking trending|balanced|team`: how this channel's digest weighs its taste against trending. */
export const ranking = defineCommand({
  name: "ranking",
  summary: "Rank this channel's digest by trending, balanced (default) or team taste.",
  usage: "/papers ranking trending|balanced|team",
  admin: true,
  private: false,
  options: [
    {
      name: "blend",
      description: "How much the team's reactions shape the digest",
      required: true,
      choices: RankingBlend.options,
    },
  ],
  args: z.object({
    blend: z.enum(RankingBlend.options, { error: "The ranking is trending, balanced or team." }),
  }),
  fromText: (text) => ({ blend: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => {
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
