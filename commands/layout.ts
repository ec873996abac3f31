import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { MAX_COMPACT_ITEMS } from "../src/chat/reactions.ts";
import { changeSettings } from "./settings-change.ts";

const STYLES = ["messages", "thread", "compact"] as const;

const DESCRIPTION = {
  messages: "one message per paper; react 👍 on a paper to upvote it, 🔖 to save it",
  thread:
    "a header in the channel and one reply per paper under it; react 👍 on a reply to upvote its paper, 🔖 to save it",
  compact: `one numbered message (at most ${MAX_COMPACT_ITEMS} papers); react 1️⃣ … 🔟 to upvote a paper`,
} as const;

/** `/papers layout messages|thread|compact`: how this channel's digest is posted. */
export const layout = defineCommand({
  name: "layout",
  summary: "Post the digest as messages (one per paper), a thread (replies to a header) or compact.",
  usage: "/papers layout messages|thread|compact",
  admin: true,
  private: false,
  options: [
    {
      name: "style",
      description: "How the digest is posted",
      required: true,
      choices: STYLES,
    },
  ],
  args: z.object({
    style: z.enum(STYLES, { error: "The layout is messages, thread or compact." }),
  }),
  fromText: (text) => ({ style: text.trim().toLowerCase() || undefined }),
  run: async (context, args) => {
    let unchanged = false;
    await changeSettings(context, (settings) => {
      unchanged = settings.layout === args.style;
      return { ...settings, layout: args.style };
    });
    return {
      kind: "message",
      tone: unchanged ? "info" : "success",
      text: `${unchanged ? "The digest here is already" : "The digest here is now"} posted as ${args.style}: ${DESCRIPTION[args.style]}.`,
    };
  },
});
