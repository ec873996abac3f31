import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";

/** How many saved papers the command lists. */
export const SAVED_SHOWN = 20;

/** `/papers saved`: your reading list (papers you reacted 🔖 to). */
export const saved = defineCommand({
  name: "saved",
  summary: "Your reading list: papers you reacted 🔖 to.",
  usage: "/papers saved",
  admin: false,
  private: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const { platform, workspaceId, userId } = context.invocation;
    const list = (await context.store.readingLists.list({ platform, workspaceId, userId })).slice(
      0,
      SAVED_SHOWN,
    );
    const papers = await context.store.papers.getMany(list.map((item) => item.paperId));
    const byId = new Map(papers.map((paper) => [paper.id, paper]));
    return {
      kind: "papers",
      private: true,
      title: "Your reading list",
      entries: list.flatMap((item) => {
        const paper = byId.get(item.paperId);
        return paper ? [toEntry(paper, { why: `saved ${item.savedAt.slice(0, 10)}` })] : [];
      }),
      empty: "Your reading list is empty. React 🔖 on a paper to save it here.",
    };
  },
});
