import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";
import { channelOf } from "../src/chat/invocation.ts";

const PERIOD_DAYS = { day: 1, week: 7, month: 30 } as const;

/** `/papers top [day|week|month]`: the team's leaderboard by reaction votes in this channel. */
export const top = defineCommand({
  name: "top",
  summary: "The team's most upvoted papers in this channel (day, week or month).",
  usage: "/papers top [day|week|month]",
  admin: false,
  private: true,
  shareable: true,
  options: [
    { name: "period", description: "How far back", required: false, choices: ["day", "week", "month"] },
  ],
  args: z.object({
    period: z.enum(["day", "week", "month"], { error: "The period is day, week or month." }).default("week"),
  }),
  fromText: (text) => ({ period: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => {
    const since = new Date(context.now().getTime() - PERIOD_DAYS[args.period] * 86_400_000);
    const counts = await context.store.votes.counts(channelOf(context.invocation), since);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    const papers = await context.store.papers.getMany(ranked.map(([id]) => id));
    const byId = new Map(papers.map((paper) => [paper.id, paper]));
    return {
      kind: "papers",
      title: `Team top papers · past ${args.period}`,
      entries: ranked.flatMap(([id, votes]) => {
        const paper = byId.get(id);
        return paper ? [toEntry(paper, { votes })] : [];
      }),
      empty: `No team votes in the past ${args.period} yet. React 👍 on a paper I posted here to upvote it.`,
      private: true,
    };
  },
});
