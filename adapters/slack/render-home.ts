import type { KnownBlock } from "@slack/types";
import type { PaperEntry } from "../../src/chat/reply.ts";
import { BUDGET } from "./limits.ts";
import { contextOf, divider, header, present, section } from "./render-blocks.ts";
import { paperUnit } from "./render-paper.ts";

/** Renders the App Home view: the user's reading list and this week's team top papers. */
export function renderAppHome(input: { saved: PaperEntry[]; top: PaperEntry[] }): {
  type: "home";
  blocks: KnownBlock[];
} {
  return {
    type: "home",
    blocks: [
      ...homeList(
        "🔖 Your reading list",
        "s",
        input.saved,
        BUDGET.homeSaved,
        "Nothing saved yet: react 🔖 on a paper to keep it here.",
      ),
      divider,
      ...homeList(
        "🏆 This week's team top papers",
        "t",
        input.top,
        BUDGET.homeTop,
        "No team votes this week yet: react 👍 on a paper to vote.",
      ),
    ],
  };
}

function homeList(
  title: string,
  keyPrefix: string,
  entries: PaperEntry[],
  max: number,
  emptyText: string,
): KnownBlock[] {
  if (entries.length === 0) return [header(title), section(emptyText)];
  const shown = entries
    .slice(0, max)
    .flatMap(
      (entry, index) => paperUnit(entry, { key: `${keyPrefix}${index}`, tldrBudget: BUDGET.homeTldr }).blocks,
    );
  const more =
    entries.length > max ? contextOf([`…and ${entries.length - max} more`], BUDGET.note) : undefined;
  return present([header(title), ...shown, more]);
}
