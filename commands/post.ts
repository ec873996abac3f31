import { z } from "zod";
import { defineCommand } from "../src/chat/command.ts";
import { SOURCE_LABELS } from "../src/papers/upstream-guard.ts";
import { channelTodayDigest } from "./channel-today.ts";

/** `/papers post`: post today's digest into this channel now (header, then one message per paper). */
export const post = defineCommand({
  name: "post",
  summary: "Post today's digest into this channel now.",
  usage: "/papers post",
  admin: true,
  refusal: "post the digest in this channel with `/papers post` (it posts for everyone here)",
  private: true,
  options: [],
  args: z.object({}),
  fromText: () => ({}),
  run: async (context) => {
    const { digest, note, unavailable } = await channelTodayDigest(context);
    if (unavailable) {
      return {
        kind: "message",
        tone: "warning",
        private: true,
        text: `Nothing was posted: ${SOURCE_LABELS[unavailable]} could not be reached for today's papers, and none are stored yet. Try again in a few minutes; a scheduled digest keeps trying on its own.`,
      };
    }
    const result = await context.deliver(digest, note);
    const text =
      result.posted === 0
        ? "Today's digest is already in this channel; nothing new to post."
        : `Posted today's digest: ${digest.items.length} paper${digest.items.length === 1 ? "" : "s"}${result.skipped > 0 ? ` (${result.skipped} already here, skipped)` : ""}.`;
    return { kind: "message", tone: "success", text, private: true };
  },
});
