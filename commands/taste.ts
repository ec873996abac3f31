import { z } from "zod";
import { type CommandContext, defineCommand } from "../src/chat/command.ts";
import { toEntry } from "../src/chat/entries.ts";
import { channelOf } from "../src/chat/invocation.ts";
import type { Reply } from "../src/chat/reply.ts";
import { adminsOnly } from "../src/chat/rights.ts";
import { channelTaste } from "../src/digest/channel-taste.ts";
import { timezoneOf } from "../src/digest/digest-service.ts";
import { DEFAULT_BLEND } from "../src/ranking/blend.ts";
import { buildProfile, strongestTerms, type TasteEvidence, TermSpace } from "../src/ranking/taste.ts";
import { addDays, localDate } from "../src/time.ts";
import { describeFollows } from "./follows.ts";
import { changeSettings } from "./settings-change.ts";

/** How many papers and terms `/papers taste` shows. */
const SHOWN_PAPERS = 10;
const SHOWN_TERMS = 8;
/** Days of stored papers the shown terms are weighed against (what is common that week counts little). */
const BACKGROUND_DAYS = 7;

/** `3 of you upvoted · 1 saved · 2 downvoted`: what the channel did with one paper. */
export function describeEvidence(evidence: TasteEvidence): string {
  const parts: [number, string][] = [
    [evidence.upvoters, "upvoted"],
    [evidence.savers, "saved"],
    [evidence.downvoters, "downvoted"],
  ];
  return parts
    .filter(([count]) => count > 0)
    .map(([count, verb]) => `${count === 1 ? "one of you" : `${count} of you`} ${verb}`)
    .join(" · ");
}

/** `/papers taste [reset]`: what this channel's ranking learned from its reactions; reset forgets it (admin). */
export const taste = defineCommand({
  name: "taste",
  summary: "Show what this channel's ranking learned from its reactions; reset forgets it (admins).",
  usage: "/papers taste [reset]",
  admin: false,
  checksAdmin: true,
  private: false,
  options: [
    {
      name: "action",
      description: "reset: forget the reactions' effect",
      required: false,
      choices: ["reset"],
    },
  ],
  args: z.object({
    action: z.enum(["reset"], { error: "Use /papers taste to see it, or /papers taste reset." }).optional(),
  }),
  fromText: (text) => ({ action: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => (args.action === "reset" ? reset(context) : show(context)),
});

async function reset(context: CommandContext): Promise<Reply> {
  if (!context.invocation.isAdmin) {
    return adminsOnly(
      context,
      "reset this channel's taste with `/papers taste reset` (it changes the ranking for everyone here)",
    );
  }
  await changeSettings(context, (settings) => ({ ...settings, tasteResetAt: context.now().toISOString() }));
  return {
    kind: "message",
    tone: "success",
    text: "Forgot this channel's taste: reactions made until now no longer shape the digest (they still count on the leaderboard). New 👍 🔖 👎 teach it again.",
  };
}

async function show(context: CommandContext): Promise<Reply> {
  const channel = channelOf(context.invocation);
  const settings = await context.store.channels.get(channel);
  const now = context.now();
  const evidence = await channelTaste(context.store, channel, settings, now);
  const blend = settings.ranking ?? DEFAULT_BLEND;
  const today = localDate(now, timezoneOf(settings, context.defaults.timezone));
  const background = await context.store.papers.featuredBetween(addDays(today, -BACKGROUND_DAYS), today);
  const space = new TermSpace([...background, ...evidence.map((item) => item.paper)]);
  const terms = strongestTerms(buildProfile(evidence, space), space, SHOWN_TERMS).map((entry) => entry.term);
  const note = [
    `Ranking: ${blend}${blend === "trending" ? " (reactions do not change the order; /papers ranking balanced to use them)" : ""}`,
    terms.length > 0 ? `strongest terms: ${terms.join(", ")}` : undefined,
    `follows: ${describeFollows(settings)}`,
    settings.tasteResetAt ? `reset ${settings.tasteResetAt.slice(0, 10)}` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const papers = [...evidence]
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.paper.id.localeCompare(b.paper.id))
    .slice(0, SHOWN_PAPERS);
  return {
    kind: "papers",
    title: `This channel's taste: learned from ${evidence.length} ${evidence.length === 1 ? "paper" : "papers"}`,
    note,
    entries: papers.map((item) => toEntry(item.paper, { why: describeEvidence(item) })),
    empty:
      "No reactions to learn from yet: react 👍 on papers this team likes, 🔖 to save, 👎 on ones it doesn't. Until then the digest is in trending order.",
  };
}
